/**
 * @module
 * A throwaway PostgreSQL for tests and benches: Debian's server binaries (`apt-get install -y
 * postgresql`), a fresh cluster in a temporary folder, listening on a free loopback port, with no
 * fsync (the data dies with the test). PostgreSQL refuses to run as root, so as root it runs as the
 * unprivileged `nobody`. Returns undefined with the reason when there is no PostgreSQL to run.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { findFreePort } from '../../src/engine/node/free-port.ts';

const run = promisify(execFile);
export const INSTALL_POSTGRES = 'apt-get install -y postgresql';
const NOBODY = 65534;

/** The folder of initdb and postgres: Debian keeps them out of PATH, under /usr/lib/postgresql/<major>/bin. */
function serverBinaries(): string | undefined {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
    for (const major of majors) if (existsSync(join(debian, major, 'bin', 'initdb'))) return join(debian, major, 'bin');
  }
  return undefined;
}

export interface TestPostgres {
  url: string;
  /** A new empty database on this server, for one test's isolation. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<TestPostgres | { missing: string }> {
  const bin = serverBinaries();
  if (!bin) return { missing: `no PostgreSQL server here: install it with \`${INSTALL_POSTGRES}\`` };
  const dir = await mkdtemp(join(tmpdir(), 'operable-pg-'));
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? { uid: NOBODY, gid: NOBODY } : {};
  if (asRoot) {
    await chmod(dir, 0o700);
    await chown(dir, NOBODY, NOBODY);
  }
  const data = join(dir, 'data');
  await new Promise<void>((resolve, reject) => {
    execFile(join(bin, 'initdb'), ['-D', data, '-U', 'operable', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], { ...user, cwd: dir }, (error, _out, stderr) =>
      error ? reject(new Error(`initdb failed: ${stderr || error.message}`)) : resolve(),
    );
  });
  const port = await findFreePort();
  const server: ChildProcess = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    { ...user, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const url = `postgres://operable@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      if (server.exitCode !== null || Date.now() > deadline) {
        server.kill('SIGKILL');
        throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '')}"`);
      await client.end();
      return `postgres://operable@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGINT'); // "fast" shutdown: disconnect clients, stop at once
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** pg_dump of a database, for the backup test. */
export async function pgDump(url: string): Promise<string> {
  const bin = serverBinaries();
  const { stdout } = await run(bin ? join(bin, 'pg_dump') : 'pg_dump', [url], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
