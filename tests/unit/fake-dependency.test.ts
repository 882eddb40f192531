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
