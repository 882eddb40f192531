// Mistake: SHUTDOWN_TIMEOUT_MS is read without its default of 10000.
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { log } from './log.ts';
import { installGracefulShutdown } from './shutdown.ts';

const port = Number(process.env.PORT ?? '3000');
const hostname = process.env.HOST ?? '127.0.0.1';
const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS);

// serve() over plain HTTP/1.1 returns a node:http Server.
const server = serve({ fetch: createApp().fetch, port, hostname }, (info) => {
  log.info('listening', { port: info.port, host: hostname });
}) as Server;

installGracefulShutdown(server, { timeoutMs: shutdownTimeoutMs, log });
