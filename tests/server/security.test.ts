/**
 * The local runtime executes code: only the site's own pages may drive it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Hono } from 'hono';
import { allowedHosts, createSecret, rejectForeignHost, requireSiteOrigin } from '../../src/server/security.ts';
import { readConfig } from '../../src/server/config.ts';

const hosts = allowedHosts(4321);
const secret = createSecret();
const app = new Hono();
app.use(rejectForeignHost(hosts));
app.use('/api/*', requireSiteOrigin(hosts, secret));
app.get('/', (c) => c.text('page'));
app.post('/api/run', (c) => c.text('ran'));

const call = (path: string, headers: Record<string, string>, method = 'POST') =>
  app.request(`http://localhost:4321${path}`, { method, headers: { host: 'localhost:4321', ...headers } });

test('a page is served only under its own host names (no DNS rebinding)', async () => {
  assert.equal((await call('/', {}, 'GET')).status, 200);
  assert.equal((await call('/', { host: '127.0.0.1:4321' }, 'GET')).status, 200);
  assert.equal((await call('/', { host: 'attacker.example:4321' }, 'GET')).status, 403);
  assert.equal((await call('/', { host: 'localhost:9999' }, 'GET')).status, 403);
});

test('the API needs the secret, and refuses other origins even with it', async () => {
  assert.equal((await call('/api/run', {})).status, 401);
  assert.equal((await call('/api/run', { 'x-operable-secret': 'wrong' })).status, 401);
  assert.equal((await call('/api/run', { 'x-operable-secret': secret })).status, 200);
  assert.equal((await call('/api/run', { 'x-operable-secret': secret, origin: 'http://localhost:4321', 'sec-fetch-site': 'same-origin' })).status, 200);
  assert.equal((await call('/api/run', { 'x-operable-secret': secret, origin: 'https://evil.example' })).status, 403);
  assert.equal((await call('/api/run', { 'x-operable-secret': secret, 'sec-fetch-site': 'cross-site' })).status, 403);
  assert.equal((await call('/api/run', { 'x-operable-secret': secret, origin: 'null' })).status, 403);
});

test('each start has its own secret', () => {
  assert.notEqual(createSecret(), createSecret());
  assert.ok(createSecret().length >= 40);
});

test('the server refuses a non-loopback HOST and a bad PORT, naming both', () => {
  assert.throws(() => readConfig({ HOST: '0.0.0.0', PORT: 'eighty' }), (error: Error) => {
    assert.match(error.message, /HOST must be a loopback address/);
    assert.match(error.message, /PORT/);
    return true;
  });
  assert.deepEqual(readConfig({}), { port: 4321, host: '127.0.0.1', shutdownTimeoutMs: 10_000 });
});
