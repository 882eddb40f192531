/**
 * Test support, preloaded with `--import`: this Node process can no longer deliver signals to other
 * processes, as may be the case inside a WebContainer. Sending one still "succeeds" (nothing throws),
 * but it never arrives; SIGKILL and the existence check (signal 0) still work.
 */
import { ChildProcess } from 'node:child_process';

const delivered = (signal) => signal === 'SIGKILL' || signal === 9 || signal === 0;

const childKill = ChildProcess.prototype.kill;
ChildProcess.prototype.kill = function kill(signal = 'SIGTERM') {
  return delivered(signal) ? childKill.call(this, signal) : true;
};

const processKill = process.kill.bind(process);
process.kill = (pid, signal = 'SIGTERM') => (delivered(signal) ? processKill(pid, signal) : true);
