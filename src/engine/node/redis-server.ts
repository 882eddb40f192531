/**
 * @module
 * A real Redis for one check: Debian's (or Homebrew's) `redis-server` on a free loopback port, with no
 * persistence and a temporary folder of its own, killed and removed with the check. The check talks to
 * it through `redis-cli`, which comes with the server, so the grader carries no Redis client of its own
 * (the in-browser bundle of the checks stays small). A machine without Redis cannot grade lab 08: that
 * is an InfrastructureError (exit 2, "not graded") naming the command that installs it.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfrastructureError } from '../check.ts';
import type { RedisServer } from '../harness.ts';
import { CappedOutput } from './capped-output.ts';
import { leaseFreePort, type PortLease } from './free-port.ts';
import { killProcess, trackProcess } from './process-tree.ts';

export const INSTALL_REDIS = 'apt-get install -y redis-server';
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 5000;
const PING_INTERVAL_MS = 10;
const COMMAND_TIMEOUT_MS = 5000;

/** The machine has no Redis to run (the program is not installed), as opposed to one that failed to start. */
export class RedisMissing extends InfrastructureError {}

function missingRedis(program: string): InfrastructureError {
  return new RedisMissing(
    `Lab 08's checks run a real Redis, and this machine has no \`${program}\`: not graded. Install it with \`${INSTALL_REDIS}\` (Debian, Ubuntu; \`brew install redis\` on macOS), then grade again.`,
  );
}

/** Runs `redis-cli` against `port`; resolves with its stdout, rejects with an error reply's message. */
function cli(port: number, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // -e: an error reply exits 1 (else it prints like a value); raw output by default, as stdout is a pipe.
    execFile('redis-cli', ['-h', HOST, '-p', String(port), '-e', ...args], { timeout: COMMAND_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reject(missingRedis('redis-cli'));
      reject(new Error(`redis-cli ${args.join(' ')}: ${(stdout + stderr).trim() || error.message}`));
    });
  });
}

export class LocalRedis implements RedisServer {
  private readonly port: number;
  private readonly dir: string;
  /** Held for the server's life: a check may stop it and start it again on the same port (an outage). */
  private readonly lease: PortLease;
  private process: ChildProcess | undefined;
  private readonly output = new CappedOutput(64 * 1024);

  private constructor(lease: PortLease, dir: string) {
    this.lease = lease;
    this.port = lease.port;
    this.dir = dir;
  }

  /** Starts a Redis on a free port and resolves once it answers PING. */
  static async launch(): Promise<LocalRedis> {
    const dir = await mkdtemp(join(tmpdir(), 'operable-redis-'));
    // A port found free can be taken before Redis binds it; one retry absorbs that race.
    for (let attempt = 1; ; attempt++) {
      const redis = new LocalRedis(await leaseFreePort(HOST), dir);
      try {
        await redis.start();
        return redis;
      } catch (error) {
        await redis.stop();
        redis.lease.release();
        if (attempt < 2 && redis.output.toString().includes('Address already in use')) continue;
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  get url(): string {
    return `redis://${HOST}:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.process) return;
    const args = ['--port', String(this.port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', this.dir];
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'ENOENT' ? missingRedis('redis-server') : new InfrastructureError(`Could not start redis-server: ${error.message}`, { cause: error })),
      );
    });
    trackProcess(child.pid!, false);
    this.process = child;
    child.stdout!.on('data', (chunk: Buffer) => this.output.append(chunk));
    child.stderr!.on('data', (chunk: Buffer) => this.output.append(chunk));
    await this.answersPing(child);
  }

  private async answersPing(child: ChildProcess): Promise<void> {
    const deadline = performance.now() + READY_TIMEOUT_MS;
    while (performance.now() < deadline && child.exitCode === null && child.signalCode === null) {
      if ((await cli(this.port, ['PING']).catch(() => '')).trim() === 'PONG') return;
      await new Promise((resolve) => setTimeout(resolve, PING_INTERVAL_MS));
    }
    const log = this.output.toString().trim().split('\n').slice(-5).join('\n  ');
    throw new InfrastructureError(`redis-server on port ${this.port} did not answer PING within ${READY_TIMEOUT_MS / 1000} s.${log ? `\n  ${log}` : ''}`);
  }

  async command(...args: string[]): Promise<string[]> {
    // redis-cli prints an empty array as an empty line: empty lines are dropped, nil replies too.
    return (await cli(this.port, args)).split('\n').filter((line) => line !== '');
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    killProcess(child.pid!, false);
    await exited;
  }

  /** Stops the server for good and removes its folder. */
  async dispose(): Promise<void> {
    await this.stop();
    this.lease.release();
    await rm(this.dir, { recursive: true, force: true });
  }
}
