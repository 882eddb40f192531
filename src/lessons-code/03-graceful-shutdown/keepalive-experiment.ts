// sample: section "Keep-alive connections" — the experiment behind the measured numbers; run it with node
import { Agent, get } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.text('ok'));
app.get('/slow', async (c) => {
  await sleep(1000);
  return c.text('done');
});

type Scenario = 'idle' | 'busy' | 'busy + Connection: close' | 'silent';

async function measure(scenario: Scenario): Promise<void> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  const inFlight = new Set<ServerResponse>();
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });

  // A client that keeps its connections open between requests, as browsers and proxies do.
  const agent = new Agent({ keepAlive: true });
  const request = (path: string) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.once('end', () => resolve(res));
      }).once('error', reject);
    });

  let silent: Socket | undefined;
  let response: Promise<IncomingMessage> | undefined;
  if (scenario === 'idle') {
    await request('/'); // answered; the connection stays open, idle
  } else if (scenario === 'silent') {
    silent = connect(port, '127.0.0.1'); // connects, never sends a byte
    await sleep(100);
  } else {
    response = request('/slow'); // in flight when close() is called
    await sleep(200);
  }

  const start = performance.now();
  if (scenario === 'busy + Connection: close') {
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
  }
  const closed = new Promise<string>((resolve) =>
    server.close(() => resolve(`${Math.round(performance.now() - start)} ms`)),
  );
  const waited = await Promise.race([closed, sleep(10_000, 'more than 10 s')]);
  const header = response ? ` (response said Connection: ${(await response).headers.connection})` : '';
  console.log(`${scenario}: close() callback after ${waited}${header}`);

  server.closeAllConnections();
  silent?.destroy();
  agent.destroy();
}

for (const scenario of ['idle', 'busy', 'busy + Connection: close', 'silent'] as const) {
  await measure(scenario);
}
