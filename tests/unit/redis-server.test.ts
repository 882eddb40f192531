/**
 * The real Redis lab 08's checks run: started on a free loopback port, answering commands, stopped
 * and started again empty, removed with its folder; and where redis-server is missing, an
 * infrastructure error that says how to install it (grading exits 2, "not graded").
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InfrastructureError } from '../../src/engine/check.ts';
import { NodeHarness } from '../../src/engine/node/node-harness.ts';
import { INSTALL_REDIS, LocalRedis } from '../../src/engine/node/redis-server.ts';
import { findLab } from '../../labs/index.ts';

test('a Redis starts on loopback, answers commands, and comes back empty on the same port after a stop', async () => {
  const redis = await LocalRedis.launch();
  try {
    assert.match(redis.url, /^redis:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(await redis.command('SET', 'product:1', 'x', 'PX', '5000'), ['OK']);
    const [pttl] = await redis.command('PTTL', 'product:1');
    assert.ok(Number(pttl) > 4000 && Number(pttl) <= 5000, `PTTL ${pttl}`);
    assert.deepEqual(await redis.command('KEYS', '*'), ['product:1']);
    assert.deepEqual(await redis.command('GET', 'missing'), [], 'nil is no line');
    await redis.command('RPUSH', 'list', 'a');
    await assert.rejects(redis.command('GET', 'list'), /WRONGTYPE/);

    await redis.stop();
    await assert.rejects(redis.command('PING'), /Could not connect|refused/i);
    await redis.start();
    assert.deepEqual(await redis.command('KEYS', '*'), [], 'no persistence: it comes back empty');
  } finally {
    await redis.dispose();
  }
});

test('two Redis servers at once get ports of their own', async () => {
  const [one, two] = await Promise.all([LocalRedis.launch(), LocalRedis.launch()]);
  try {
    assert.notEqual(one.url, two.url);
    await one.command('SET', 'k', '1');
    assert.deepEqual(await two.command('KEYS', '*'), []);
  } finally {
    await Promise.all([one.dispose(), two.dispose()]);
  }
});

test('the harness stops its Redis with the check, and a host without Redis refuses to start one', async () => {
  const manifest = findLab('08-caching')!.manifest;
  const harness = new NodeHarness({ manifest, files: new Map() });
  const redis = await harness.startRedis();
  await redis.command('SET', 'k', '1');
  await harness.dispose();
  await assert.rejects(redis.command('PING'));

  const browserLike = new NodeHarness({ manifest, files: new Map(), lacks: new Set(['redis']) });
  await assert.rejects(browserLike.startRedis(), (error: Error) => error instanceof InfrastructureError && /run a real Redis/.test(error.message));
});

test('without redis-server on the PATH, starting one is an infrastructure error naming the install command', async () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await assert.rejects(LocalRedis.launch(), (error: Error) => {
      assert.ok(error instanceof InfrastructureError, String(error));
      assert.ok(error.message.includes(INSTALL_REDIS), error.message);
      assert.match(error.message, /not graded/);
      return true;
    });
  } finally {
    process.env.PATH = path;
  }
});
