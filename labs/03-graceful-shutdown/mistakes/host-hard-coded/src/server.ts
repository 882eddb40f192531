/**
 * @module
 * The entry point: `node src/server.ts`. Reads its settings, starts the HTTP server, installs shutdown.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { log } from './log.ts';
import { installGracefulShutdown } from './shutdown.ts';

const port = Number(process.env.PORT ?? '3000');
const hostname = 'localhost';
const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? '10000');

// serve() over plain HTTP/1.1 returns a node:http Server.
const server = serve({ fetch: createApp().fetch, port, hostname }, (info) => {
  log.info('listening', { port: info.port, host: hostname });
}) as Server;

installGracefulShutdown(server, { timeoutMs: shutdownTimeoutMs, log });
