/**
 * `operable cohort …` as an instructor types it: adding an instructor (password rules, duplicates),
 * a consistent backup, a port in use, and usage mistakes — each with a message that says what to do.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openDatabase } from '../../src/cohort/db/database.ts';
import { signIn } from '../../src/cohort/store/accounts.ts';
import { projectRoot } from '../../src/engine/node/project-paths.ts';

const CLI = join(projectRoot, 'src', 'cli', 'operable.ts');
const dir = await mkdtemp(join(tmpdir(), 'operable-cohort-cli-'));
after(() => rm(dir, { recursive: true, force: true }));
const database = join(dir, 'cohort.sqlite');

function operable(args: string[], env: Record<string, string> = {}, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr }),
    );
    child.stdin!.end(input ?? '');
  });
}

test('add-instructor stores a hashed password that signs in; a short password or a second account with the email is refused', async () => {
  const added = await operable(['cohort', 'add-instructor', '--database', database, '--email', 'Ina@Example.test', '--name', 'Ina'], {}, 'a long enough passphrase\n');
  assert.equal(added.code, 0, added.stderr);
  const db = await openDatabase(database);
  assert.ok(await signIn(db, 'ina@example.test', 'a long enough passphrase'));
  const [row] = await db.query<{ password_hash: string }>('SELECT password_hash FROM instructors');
  assert.match(row!.password_hash, /^scrypt\$/);
  await db.close();

  const short = await operable(['cohort', 'add-instructor', '--database', database, '--email', 'b@example.test', '--name', 'B'], { OPERABLE_INSTRUCTOR_PASSWORD: 'short' });
  assert.equal(short.code, 2);
  assert.match(short.stderr, /at least 12 characters/);
  const twice = await operable(['cohort', 'add-instructor', '--database', database, '--email', 'ina@example.test', '--name', 'Ina'], { OPERABLE_INSTRUCTOR_PASSWORD: 'a long enough passphrase' });
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /already an instructor/);
});

test('backup makes a copy that opens with the same data, and never overwrites a file', async () => {
  const copy = join(dir, 'backup.sqlite');
  const made = await operable(['cohort', 'backup', '--database', database, '--to', copy]);
  assert.equal(made.code, 0, made.stderr);
  const db = await openDatabase(copy);
  assert.ok(await signIn(db, 'ina@example.test', 'a long enough passphrase'), 'the backup holds the account');
  await db.close();
  const again = await operable(['cohort', 'backup', '--database', database, '--to', copy]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /never overwrites/);
  const pg = await operable(['cohort', 'backup', '--database', 'postgres://x@127.0.0.1/y', '--to', join(dir, 'x')]);
  assert.match(pg.stderr, /pg_dump/);
});

test('serve on a port in use says so and exits 2', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const refused = await operable(['cohort', 'serve', '--database', database, '--port', String(port)]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, new RegExp(`Port ${port} is in use`));
  } finally {
    blocker.close();
  }
});

test('usage mistakes name the fix', async () => {
  const none = await operable(['cohort']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /serve, worker, add-instructor or backup/);
  const worker = await operable(['cohort', 'worker'], { DATABASE_URL: '' });
  assert.equal(worker.code, 2);
  assert.match(worker.stderr, /Which database/);
  const port = await operable(['cohort', 'serve', '--port', 'eighty']);
  assert.equal(port.code, 2);
  assert.match(port.stderr, /--port must be a port number/);
});
