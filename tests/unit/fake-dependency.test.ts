/**
 * The fake dependencies checks switch between up, down, slow and hanging, counting every call.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeHttpDependency } from '../../src/engine/node/fake-dependency.ts';

const ping = (url: string, ms = 1000) =>
  fetch(`${url}/ping`, { signal: AbortSignal.timeout(ms) }).then(
    async (r) => ({ status: r.status, body: await r.json() }),
    (error: Error) => ({ error: error.name === 'TimeoutError' ? 'timeout' : 'failed' }),
  );

test('up answers, down fails fast, slow answers late, hanging never answers; calls are counted', async () => {
  const fake = await new FakeHttpDependency('database').listen();
  try {
    assert.match(fake.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(await ping(fake.url), { status: 200, body: { ok: true, name: 'database' } });

    fake.setMode({ kind: 'down' });
    const started = Date.now();
    assert.deepEqual(await ping(fake.url), { error: 'failed' });
    assert.ok(Date.now() - started < 500, 'down must fail at once');

    fake.setMode({ kind: 'slow', delayMs: 300 });
    const slowStarted = Date.now();
    assert.equal(((await ping(fake.url)) as { status: number }).status, 200);
    assert.ok(Date.now() - slowStarted >= 290);

    fake.setMode({ kind: 'hanging' });
    assert.deepEqual(await ping(fake.url, 300), { error: 'timeout' });

    assert.equal(fake.calls(), 4);
    fake.resetCalls();
    fake.setMode({ kind: 'up' });
    await ping(fake.url);
    assert.equal(fake.calls(), 1);
  } finally {
    await fake.dispose();
  }
});

test('every request is recorded with its method, path and headers, whatever the mode, and a reset forgets them', async () => {
  const fake = await new FakeHttpDependency('inventory').listen();
  try {
    await fetch(`${fake.url}/stock/42?fresh=1`, { headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
    fake.setMode({ kind: 'failing', status: 500 });
    const failed = await fetch(`${fake.url}/stock/7`, { method: 'POST', body: '{}' });
    assert.equal(failed.status, 500);
    const [first, second] = fake.received();
    assert.equal(first!.method, 'GET');
    assert.equal(first!.path, '/stock/42?fresh=1');
    assert.equal(first!.headers.traceparent, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    assert.equal(second!.method, 'POST');
    assert.equal(second!.headers.traceparent, undefined);
    assert.ok(second!.atMs >= first!.atMs);
    fake.resetCalls();
    assert.deepEqual(fake.received(), []);
  } finally {
    await fake.dispose();
  }
});
