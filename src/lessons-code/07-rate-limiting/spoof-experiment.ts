// sample: section "Behind a proxy" — the experiment; run it with node
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { AddressInfo } from 'node:net';
import { clientAddress as firstForwarded } from './first-forwarded.ts';
import { clientAddress } from './client-address.ts';

/** A service allowing 5 requests a minute per key, keyed by `keyOf`; resolves to its base URL. */
async function serviceKeyedBy(keyOf: (c: Context) => string) {
  const app = new Hono();
  app.use(rateLimiter({ windowMs: 60_000, limit: 5, keyGenerator: keyOf }));
  app.get('/items', (c) => c.json([]));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** One client, 20 requests, each claiming a different address in X-Forwarded-For. */
async function spoofedBurst(url: string) {
  const statuses: number[] = [];
  for (let i = 1; i <= 20; i++) {
    const response = await fetch(`${url}/items`, { headers: { 'X-Forwarded-For': `203.0.113.${i}` } });
    statuses.push(response.status);
  }
  return `${statuses.filter((s) => s === 200).length} answered 200, ${statuses.filter((s) => s === 429).length} refused with 429`;
}

for (const [name, keyOf] of [
  ['first X-Forwarded-For entry', firstForwarded],
  ['socket address', (c: Context) => clientAddress(c, false)],
] as const) {
  const { url, server } = await serviceKeyedBy(keyOf);
  console.log(`${name.padEnd(28)} ${await spoofedBurst(url)}`);
  server.close();
}
