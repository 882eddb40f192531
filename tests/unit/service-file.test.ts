/**
 * Reading a file a service wrote (lab 09's spill file) without trusting the service: links, folders
 * that are links, FIFOs and huge files are refused; a missing file is undefined.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MAX_SERVICE_FILE_BYTES, readServiceFile } from '../../src/engine/node/service-file.ts';

let root: string;
let outside: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'operable-service-file-'));
  outside = await mkdtemp(join(tmpdir(), 'operable-outside-'));
  await writeFile(join(outside, 'secret'), 'grader secret');
});
after(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

test('reads a file of the service, in its folder or below; a missing one is undefined', async () => {
  await writeFile(join(root, 'jobs-spill.json'), '{"jobs":[]}');
  await mkdir(join(root, 'data'));
  await writeFile(join(root, 'data', 'spill.json'), '[]');
  assert.equal(await readServiceFile(root, 'jobs-spill.json'), '{"jobs":[]}');
  assert.equal(await readServiceFile(root, 'data/spill.json'), '[]');
  assert.equal(await readServiceFile(root, 'missing.json'), undefined);
  assert.equal(await readServiceFile(root, 'no-folder/missing.json'), undefined);
});

test('refuses paths out of the folder, links, and folders that are links', async () => {
  await assert.rejects(readServiceFile(root, '../secret'), /not inside/);
  await assert.rejects(readServiceFile(root, '/etc/passwd'), /not inside/);
  await symlink(join(outside, 'secret'), join(root, 'linked.json'));
  await assert.rejects(readServiceFile(root, 'linked.json'), /is a link/);
  await symlink(outside, join(root, 'linked-folder'));
  await assert.rejects(readServiceFile(root, 'linked-folder/secret'), /through a link/);
});

test('refuses a FIFO without hanging, and a file over the limit', async () => {
  execFileSync('mkfifo', [join(root, 'fifo.json')]);
  await assert.rejects(readServiceFile(root, 'fifo.json'), /not a regular file/);
  await writeFile(join(root, 'huge.json'), Buffer.alloc(MAX_SERVICE_FILE_BYTES + 10, 'x'));
  await assert.rejects(readServiceFile(root, 'huge.json'), /over/);
});
