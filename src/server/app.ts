/**
 * @module
 * The Operable server's routes: probes, metrics and the rest of operations.ts first, the local
 * runtime API under /api (the launch key's cookie, the site origin and the secret required), and the
 * built site for everything else. Every route refuses a foreign Host.
 */
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { createApi } from './api.ts';
import { createAuditApi } from './audit-api.ts';
import type { LabSessions } from './lab-sessions.ts';
import { rejectForeignHost, requireSiteOrigin } from './security.ts';
import { createSite } from './site.ts';
import { acceptLaunchKey, requireLaunchKey } from './launch-key.ts';
import { log } from './log.ts';
import { installOperations } from './operations.ts';

export interface AppOptions {
  hosts: Set<string>;
  secret: string;
  /** The key of the link `npm start` prints (launch-key.ts). */
  launchKey: string;
  sessions: LabSessions;
  shutdown: AbortSignal;
  distDir: string;
  /** This server's own address: the audit report's lesson links point into it. */
  courseUrl: string;
}

export async function createApp(options: AppOptions): Promise<Hono<{ Bindings: HttpBindings }>> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  app.use(rejectForeignHost(options.hosts));
  installOperations(app, { shutdown: options.shutdown, log });
  app.use(acceptLaunchKey(options.launchKey));
  app.use('/api/*', requireLaunchKey(options.launchKey));
  app.use('/api/*', requireSiteOrigin(options.hosts, options.secret));
  app.route('/api/audit', createAuditApi({ shutdown: options.shutdown, courseUrl: options.courseUrl }));
  app.route('/api', createApi(options));
  app.route('/', await createSite(options));
  return app;
}
