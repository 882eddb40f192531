/**
 * Booting the in-browser runtime: which browsers can, and one boot per page raced against a timeout
 * (a timed-out boot is waited on again, a failed one is final until the page reloads).
 */
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { ContainerBooter, ContainerUnavailable, webContainerSupport } from '../../src/runtime/container-boot.ts';
import { createFakeContainerHost, type FakeContainerHost } from '../support/fake-webcontainer.ts';

const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36';
const EDGE_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0';
const FIREFOX_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const SAFARI_17_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
const SAFARI_15_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Safari/605.1.15';
const OLD_IE_UA = 'Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko';

test('Chromium-based browsers are supported when the page is cross-origin isolated', { timeout: 5_000 }, () => {
  assert.deepEqual(webContainerSupport({ crossOriginIsolated: true, userAgent: CHROME_UA, brands: ['Chromium', 'Google Chrome', 'Not.A/Brand'] }), { ok: true });
  assert.deepEqual(webContainerSupport({ crossOriginIsolated: true, userAgent: EDGE_UA }), { ok: true });
  // Brands alone are enough, whatever the user agent string says.
  assert.deepEqual(webContainerSupport({ crossOriginIsolated: true, userAgent: 'Mozilla/5.0 (X11; Linux x86_64)', brands: ['Chromium', 'Brave'] }), { ok: true });
});

test('Firefox and recent Safari are supported with a beta note', { timeout: 5_000 }, () => {
  const SAFARI_16_4_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.4 Safari/605.1.15';
  const IOS_CHROME_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1';
  for (const userAgent of [FIREFOX_UA, SAFARI_17_UA, SAFARI_16_4_UA, IOS_CHROME_UA]) {
    const support = webContainerSupport({ crossOriginIsolated: true, userAgent });
    assert.equal(support.ok, true, userAgent);
    assert.match((support as { note?: string }).note ?? '', /beta/, userAgent);
  }
});

test('an unknown or old browser is unsupported, and is told what to do', { timeout: 5_000 }, () => {
  const SAFARI_16_3_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.3 Safari/605.1.15';
  for (const userAgent of [OLD_IE_UA, SAFARI_15_UA, SAFARI_16_3_UA, 'curl/8.5.0']) {
    const support = webContainerSupport({ crossOriginIsolated: true, userAgent });
    assert.equal(support.ok, false, userAgent);
    if (support.ok) continue;
    assert.equal(support.problem, 'unsupported-browser');
    assert.match(support.message, /Chromium/);
    assert.match(support.message, /`npm install && npm start`/);
  }
});

test('a supported browser on a page that is not cross-origin isolated cannot boot, and is told why and what to do', { timeout: 5_000 }, () => {
  for (const environment of [
    { crossOriginIsolated: false, userAgent: CHROME_UA, brands: ['Chromium', 'Google Chrome'] },
    { crossOriginIsolated: false, userAgent: FIREFOX_UA },
  ]) {
    const support = webContainerSupport(environment);
    assert.equal(support.ok, false);
    if (support.ok) continue;
    assert.equal(support.problem, 'not-isolated');
    assert.match(support.message, /cross-origin isolated/);
    assert.match(support.message, /COOP and COEP/);
    assert.match(support.message, /`npm install && npm start`/);
  }
});

/** The host, disposed after the test. */
function hostFor(t: TestContext, boot: Parameters<typeof createFakeContainerHost>[0]): FakeContainerHost {
  const host = createFakeContainerHost(boot);
  t.after(() => host.dispose());
  return host;
}

/** Fake clock for setTimeout, setInterval, Date and performance.now, reset after the test. */
function fakeClock(t: TestContext): void {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: 0 });
  t.mock.method(performance, 'now', () => Date.now());
}

/** What a promise has settled to so far, without waiting for it. */
function settled<T>(promise: Promise<T>): () => { state: 'pending' } | { state: 'resolved'; value: T } | { state: 'rejected'; error: unknown } {
  let state: { state: 'pending' } | { state: 'resolved'; value: T } | { state: 'rejected'; error: unknown } = { state: 'pending' };
  promise.then(
    (value) => void (state = { state: 'resolved', value }),
    (error: unknown) => void (state = { state: 'rejected', error }),
  );
  return () => state;
}

const flush = () => new Promise<void>((done) => setImmediate(done));

test('a boot that succeeds gives the container, and every later call the same one without booting again', { timeout: 5_000 }, async (t) => {
  const host = hostFor(t, { boot: { kind: 'ok', delayMs: 20 } });
  const booter = new ContainerBooter(host.boot);
  assert.equal(host.bootCalls, 0, 'nothing boots before the first call');
  const [first, second] = await Promise.all([booter.boot(), booter.boot()]);
  const third = await booter.boot();
  assert.equal(first, host.container);
  assert.equal(second, first);
  assert.equal(third, first);
  assert.equal(host.bootCalls, 1);
});

test('a boot that fails is final: "failed", and later calls reject at once without booting again', { timeout: 5_000 }, async (t) => {
  const host = hostFor(t, { boot: { kind: 'fail', message: 'Unable to create more instances' } });
  const booter = new ContainerBooter(host.boot);
  const error = await booter.boot({ timeoutMs: 60_000 }).catch((e: unknown) => e);
  assert.ok(error instanceof ContainerUnavailable);
  assert.equal(error.problem, 'failed');
  assert.match(error.message, /Unable to create more instances/);
  assert.match(error.message, /reload the page/i);
  assert.match(error.message, /`npm start`/);

  host.setBoot({ kind: 'ok' });
  const started = performance.now();
  const again = await Promise.race([
    booter.boot({ timeoutMs: 60_000 }).catch((e: unknown) => e),
    new Promise((done) => setTimeout(() => done('still waiting'), 1_000)),
  ]);
  assert.equal(again, error, 'the same failure, at once');
  assert.ok(performance.now() - started < 500);
  assert.equal(host.bootCalls, 1);
});

test('a boot that hangs times out with "timeout", naming the seconds waited and what to check', { timeout: 5_000 }, async (t) => {
  fakeClock(t);
  const host = hostFor(t, { boot: { kind: 'hang' } });
  const booter = new ContainerBooter(host.boot);
  const state = settled(booter.boot({ timeoutMs: 3_000 }));
  t.mock.timers.tick(2_999);
  await flush();
  assert.equal(state().state, 'pending');
  t.mock.timers.tick(1);
  await flush();
  const outcome = state();
  assert.equal(outcome.state, 'rejected');
  const error = (outcome as { error: unknown }).error;
  assert.ok(error instanceof ContainerUnavailable);
  assert.equal(error.problem, 'timeout');
  assert.match(error.message, /did not start within 3 s/);
  assert.match(error.message, /stackblitz\.com/);
  assert.match(error.message, /`npm start`/);
});

/** A booter whose boot the test settles by hand, after a first call to it has timed out. */
async function afterATimeout(t: Parameters<typeof fakeClock>[0]) {
  fakeClock(t);
  const host = hostFor(t, { boot: { kind: 'manual' } });
  const booter = new ContainerBooter(host.boot);
  const first = settled(booter.boot({ timeoutMs: 1_000 }));
  t.mock.timers.tick(1_000);
  await flush();
  assert.equal(first().state, 'rejected');
  assert.equal(((first() as { error: ContainerUnavailable }).error).problem, 'timeout');
  return { host, booter };
}

test('a call after a timeout waits on the same boot, and resolves when it finally does', { timeout: 5_000 }, async (t) => {
  const { host, booter } = await afterATimeout(t);

  const second = booter.boot({ timeoutMs: 1_000 });
  assert.equal(host.bootCalls, 1, 'not booted a second time');
  host.resolveBoot();
  const container = await second;
  assert.equal(container, host.container);
  assert.equal(host.containers.length, 1);
  assert.equal(host.bootCalls, 1);
});

test('a boot that fails after an earlier call timed out is reported as failed to the next call', { timeout: 5_000 }, async (t) => {
  const { host, booter } = await afterATimeout(t);
  host.rejectBoot('the network went away');
  await flush();
  const error = await booter.boot({ timeoutMs: 1_000 }).catch((e: unknown) => e);
  assert.ok(error instanceof ContainerUnavailable);
  assert.equal(error.problem, 'failed');
  assert.match(error.message, /the network went away/);
  assert.equal(host.bootCalls, 1);
});

test('progress is reported every second once the boot has taken 4 s, counted from the boot, not from the call', { timeout: 5_000 }, async (t) => {
  fakeClock(t);
  const host = hostFor(t, { boot: { kind: 'hang' } });
  const booter = new ContainerBooter(host.boot);
  const seen: number[] = [];
  const first = settled(booter.boot({ timeoutMs: 7_400, onProgress: (seconds) => seen.push(seconds) }));
  t.mock.timers.tick(3_999);
  assert.deepEqual(seen, [], 'nothing in the first 4 s');
  t.mock.timers.tick(1);
  assert.deepEqual(seen, [4]);
  t.mock.timers.tick(1_000);
  t.mock.timers.tick(1_000);
  t.mock.timers.tick(1_000);
  assert.deepEqual(seen, [4, 5, 6, 7]);
  t.mock.timers.tick(400);
  await flush();
  assert.equal(first().state, 'rejected');
  t.mock.timers.tick(3_000);
  assert.deepEqual(seen, [4, 5, 6, 7], 'no progress after the call gave up');

  // Trying again 10.4 s after the boot began: progress at once, with the seconds since the boot.
  const again: number[] = [];
  const second = settled(booter.boot({ timeoutMs: 5_000, onProgress: (seconds) => again.push(seconds) }));
  t.mock.timers.tick(0);
  assert.deepEqual(again, [10]);
  t.mock.timers.tick(1_000);
  t.mock.timers.tick(1_000);
  assert.deepEqual(again, [10, 11, 12]);
  t.mock.timers.tick(3_000);
  await flush();
  assert.equal(second().state, 'rejected');
  assert.equal(host.bootCalls, 1);
});
