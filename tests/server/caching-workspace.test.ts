/**
 * Lab 08 in the workspace: Run starts the product store (a record store, as the manifest asks) beside
 * the service, which has no REDIS_URL and so caches in ioredis-mock; the suggested requests show
 * MISS, then HIT-L1, and a PUT without a body is a new version the next read shows. Where the machine
 * has redis-server, Run also starts a real Redis, and a second instance (B) can share it.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { findLab } from '../../labs/index.ts';
import type { HttpOutcome } from '../../src/engine/harness.ts';
import { loadSubmission } from '../../src/engine/node/grade.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import { LabSessions, type RuntimeEvent } from '../../src/server/lab-sessions.ts';
import { IN_BROWSER_STAND_IN } from '../../src/server/shared-cache.ts';

const lab = findLab('08-caching')!;

function answer(outcome: HttpOutcome | undefined) {
  assert.equal(outcome?.kind, 'response', JSON.stringify(outcome));
  if (outcome?.kind !== 'response') throw new Error('no response');
  return { status: outcome.status, cache: outcome.headers['x-cache'], body: JSON.parse(outcome.body) as { id: string; version: number } };
}

test('the workspace runs lab 08 with its product store, and the suggested requests show the cache at work', async () => {
  const sessions = new LabSessions();
  const id = lab.manifest.id;
  try {
    const { files } = await loadSubmission(lab, labFolders(id).solution);
    assert.equal((await sessions.start(lab, files)).ok, true);
    const [read, , write] = lab.manifest.workspace.requests;
    const send = (request: typeof read) => sessions.request(id, request!.method, request!.path);
    assert.deepEqual(answer(await send(read)), { status: 200, cache: 'MISS', body: { id: '42', name: 'Item 42', version: 0 } });
    assert.equal(answer(await send(read)).cache, 'HIT-L1');
    assert.deepEqual(answer(await send(write)).body, { id: '42', name: 'Item 42', version: 1 });
    const after = answer(await send(read));
    assert.deepEqual([after.cache, after.body.version], ['MISS', 1]);
    assert.equal(sessions.setFakeMode(id, 'store', { kind: 'down' }), true, 'the store has fault switches');
    assert.equal(answer(await send(read)).cache, 'HIT-L1', 'a cached product is served while the store is down');
  } finally {
    await sessions.stopAll('test over');
  }
});

/** Whether anything accepts a TCP connection on this loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

test('on a machine with Redis, Run starts a real one; instance B shares it, so a write on A is seen on B; Stop ends Redis, A and B', async () => {
  const sessions = new LabSessions();
  const id = lab.manifest.id;
  const events: RuntimeEvent[] = [];
  sessions.subscribe(id, (event) => events.push(event));
  try {
    const { files } = await loadSubmission(lab, labFolders(id).solution);
    assert.equal((await sessions.start(lab, files)).ok, true);
    const before = sessions.cacheSnapshot(lab)!;
    assert.equal(before.sharedCache?.kind, 'redis', before.sharedCache?.message);
    const redisPort = Number(/127\.0\.0\.1:(\d+)/.exec(before.sharedCache!.message)?.[1]);
    assert.ok(await listening(redisPort), 'the Redis the message names answers');
    assert.equal(before.ports.B, null);
    assert.equal(sessions.request(id, 'GET', '/products/7', 5000, undefined, 'B'), undefined, 'no B before it is started');

    const b = await sessions.startSecond(id);
    assert.ok(b.ok, JSON.stringify(b));
    const ports = sessions.cacheSnapshot(lab)!.ports;
    assert.ok(ports.A && ports.B && ports.A !== ports.B, JSON.stringify(ports));
    const on = (instance: 'A' | 'B', method = 'GET') => sessions.request(id, method, '/products/7', 5000, method === 'PUT' ? {} : undefined, instance);

    assert.equal(answer(await on('A')).cache, 'MISS');
    assert.equal(answer(await on('B')).cache, 'HIT-L2', 'B finds in the shared Redis what A read');
    assert.equal(sessions.cacheSnapshot(lab)!.storeReads, 1, 'one store read for two reads on two instances');
    assert.equal(answer(await on('B')).cache, 'HIT-L1');
    assert.equal(answer(await on('A', 'PUT')).body.version, 1);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the invalidation's margin, as the contract gives it
    const onB = answer(await on('B'));
    assert.deepEqual([onB.cache, onB.body.version], ['MISS', 1], 'B dropped its copy when A wrote');
    assert.ok(events.some((event) => event.type === 'line' && event.text.startsWith('[B] ')), "B's log lines are marked");

    await sessions.stop(id);
    assert.ok(events.some((event) => event.type === 'instance' && event.state === 'stopped'));
    assert.equal(await listening(redisPort), false, 'Redis stopped with the run');
    assert.equal(await listening(ports.B!), false, 'instance B stopped with the run');
    assert.equal(await listening(ports.A!), false, 'instance A stopped');
    assert.equal(sessions.cacheSnapshot(lab), undefined);
  } finally {
    await sessions.stopAll('test over');
  }
});

test('B stops alone, or when A exits; shutdown stops A, B and Redis; without Redis on the machine, one instance on the stand-in, and how to install Redis', async () => {
  const sessions = new LabSessions();
  const id = lab.manifest.id;
  const path = process.env.PATH;
  const events: RuntimeEvent[] = [];
  sessions.subscribe(id, (event) => events.push(event));
  try {
    const { files } = await loadSubmission(lab, labFolders(id).solution);
    assert.equal((await sessions.start(lab, files)).ok, true);
    assert.ok((await sessions.startSecond(id)).ok);
    const portB = sessions.cacheSnapshot(lab)!.ports.B!;
    await sessions.stopSecond(id);
    assert.equal(await listening(portB), false, 'B stopped');
    assert.equal(answer(await sessions.request(id, 'GET', '/products/9')).status, 200, 'A still answers');

    assert.ok((await sessions.startSecond(id)).ok);
    sessions.signal(id, 'SIGTERM');
    await sessions.running(id)?.waitForExit(5000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(events.filter((event) => event.type === 'instance').at(-1), { type: 'instance', name: 'B', state: 'stopped', reason: 'instance A exited' });
    assert.equal(sessions.cacheSnapshot(lab)!.ports.B, null);

    assert.equal((await sessions.start(lab, files)).ok, true);
    assert.ok((await sessions.startSecond(id)).ok);
    const { ports, sharedCache } = sessions.cacheSnapshot(lab)!;
    const redisPort = Number(/127\.0\.0\.1:(\d+)/.exec(sharedCache!.message)?.[1]);
    await sessions.stopAll('the server is stopping');
    for (const port of [ports.A!, ports.B!, redisPort]) assert.equal(await listening(port), false, `port ${port} closed at shutdown`);

    process.env.PATH = '/nonexistent'; // no redis-server to find; the service itself runs on this Node, found by its path
    assert.equal((await sessions.start(lab, files)).ok, true);
    const alone = sessions.cacheSnapshot(lab)!;
    assert.equal(alone.sharedCache?.kind, 'stand-in');
    assert.match(alone.sharedCache!.message, /no redis-server.*`apt-get install -y redis-server`/);
    const refused = await sessions.startSecond(id);
    assert.deepEqual(refused, { ok: false, message: alone.sharedCache!.message });
    assert.equal(answer(await sessions.request(id, 'GET', '/products/9')).cache, 'MISS', 'A runs, on ioredis-mock');
  } finally {
    process.env.PATH = path;
    await sessions.stopAll('test over');
  }
});

test('the in-browser host has no Redis: one instance on the stand-in, and the panel is told so', async () => {
  const sessions = new LabSessions({ lacks: new Set(['redis']) });
  const id = lab.manifest.id;
  try {
    const { files } = await loadSubmission(lab, labFolders(id).solution);
    assert.equal((await sessions.start(lab, files)).ok, true);
    assert.deepEqual(sessions.cacheSnapshot(lab)?.sharedCache, { kind: 'stand-in', message: IN_BROWSER_STAND_IN });
    assert.equal((await sessions.startSecond(id)).ok, false);
  } finally {
    await sessions.stopAll('test over');
  }
});
