/**
 * @module
 * The Operable server's routes: the local runtime API under /api (site origin and secret required),
 * and the built site for everything else. Every route refuses a foreign Host.
 */
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { createApi } from './api.ts';
import type { LabSessions } from './lab-sessions.ts';
import { rejectForeignHost, requireSiteOrigin } from './security.ts';
import { createSite } from './site.ts';

export interface AppOptions {
  hosts: Set<string>;
  secret: string;
  sessions: LabSessions;
  shutdown: AbortSignal;
  distDir: string;
}

export async function createApp(options: AppOptions): Promise<Hono<{ Bindings: HttpBindings }>> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  app.use(rejectForeignHost(options.hosts));
  app.get('/livez', (c) => c.json({ status: 'ok' }));
  app.use('/api/*', requireSiteOrigin(options.hosts, options.secret));
  app.route('/api', createApi(options));
  app.route('/', await createSite(options));
  return app;
}
