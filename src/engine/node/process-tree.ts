/**
 * @module
 * Ending a service and everything it started. Services are normally spawned as process-group leaders
 * (`detached: true`), so one signal to the group reaches grandchildren too; where process groups are
 * not available (a WebContainer), the service alone is killed.
 */

const living = new Map<number, boolean>();

/** Records a spawned process (or group) so it is killed even if the grader itself exits abruptly. */
export function trackProcess(pid: number, group: boolean): void {
  living.set(pid, group);
}

/** SIGKILLs the process, or the whole group it leads; one that is already gone is fine. */
export function killProcess(pid: number, group: boolean): void {
  living.delete(pid);
  try {
    process.kill(group ? -pid : pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Whether a process with this pid exists (one of another user's counts: signalling it is refused, not failed). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// 'exit' handlers must be synchronous: process.kill is.
process.once('exit', () => {
  for (const [pid, group] of [...living]) killProcess(pid, group);
});
