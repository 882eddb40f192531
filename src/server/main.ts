/**
 * @module
 * `npm start`: validate the configuration, build the site if needed, and serve the course with the
 * local lab runtime on http://localhost:4321 (loopback only).
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createLaunchKey, launchLink } from './launch-key.ts';
import { readConfig } from './config.ts';
import { distDir, ensureBuild } from './ensure-build.ts';
import { installGracefulShutdown } from './graceful-shutdown.ts';
import { siteHeaders } from './isolation-headers.ts';
import { LabSessions } from './lab-sessions.ts';
import { sandboxSupport } from '../engine/node/sandbox.ts';
import { log } from './log.ts';
import { allowedHosts, createSecret } from './security.ts';

const say = (message: string) => process.stderr.write(`${message}\n`);

let config;
try {
  config = readConfig();
} catch (error) {
  say((error as Error).message);
  process.exit(2);
}

try {
  await ensureBuild(say);
} catch (error) {
  say((error as Error).message);
  process.exit(1);
}

// The learner's own code: sandboxed where the machine can (sandbox.ts), otherwise run as this user, said once.
const sandbox = sandboxSupport();
if (!sandbox.available) say(`Note: lab services run without a sandbox here: ${sandbox.reason}.`);
const sessions = new LabSessions({ sandbox: 'auto' });
const shutdown = new AbortController();
const launchKey = createLaunchKey();
const app = await createApp({
  launchKey,
  hosts: allowedHosts(config.port),
  secret: createSecret(),
  sessions,
  shutdown: shutdown.signal,
  distDir,
  courseUrl: `http://localhost:${config.port}`,
});

const server = serve({
  fetch: app.fetch,
  port: config.port,
  hostname: config.host,
  // A client that stops mid-request is dropped within ~12 s instead of Node's 60–90 s (checked every 2 s).
  serverOptions: { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 2000 },
}, (info) => {
  log.info('listening', { port: info.port, host: config.host });
  say(
    `\nOperable is running. Open this link (its key lets only your browser run labs here):\n  ${launchLink(`http://localhost:${info.port}`, launchKey)}\nThe course itself reads at http://localhost:${info.port}. Stop it with Ctrl-C.\n`,
  );
}) as Server;

// On every response (pages, assets, workers, API), before any handler writes its headers.
server.prependListener('request', (_req, res) => {
  for (const [name, value] of Object.entries(siteHeaders)) res.setHeader(name, value);
});

server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    say(`Port ${config.port} is already in use: is Operable already running? Start on another port with PORT=${config.port + 1} npm start`);
    process.exit(2);
  }
  throw error;
});

installGracefulShutdown(server, {
  timeoutMs: config.shutdownTimeoutMs,
  log,
  beforeDrain: async () => {
    shutdown.abort();
    await sessions.stopAll('the server is stopping');
  },
});
