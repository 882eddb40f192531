/**
 * @module
 * The HTTP routes of the lab 02 service. They are handed what they need; none reads process.env, so
 * they behave the same in every environment.
 */
import { Hono } from 'hono';
import { setSignedCookie } from 'hono/cookie';

/** What GET /info tells an operator about a running instance. Nothing here may be secret. */
export interface ServiceInfo {
  appEnv: string;
  logLevel: string;
  port: number;
  /** The database server's host name: never the full URL, which may carry a password. */
  databaseHost: string;
}

export interface AppOptions {
  info: ServiceInfo;
  /** Signs session cookies. Used for that alone: never echoed, never logged. */
  sessionSecret: string;
}

export function createApp({ info, sessionSecret }: AppOptions): Hono {
  const app = new Hono();

  app.get('/', (c) => c.json({ status: 'ok' }));

  // Which environment, log level, port and database this instance runs with: what an operator asks
  // first when two instances behave differently.
  app.get('/info', (c) =>
    c.json({ appEnv: info.appEnv, logLevel: info.logLevel, port: info.port, databaseHost: info.databaseHost }),
  );

  // Starts a visitor session: a random id in a cookie signed with SESSION_SECRET. With a different
  // secret, every instance would reject the cookies the others signed.
  app.post('/session', async (c) => {
    const id = crypto.randomUUID();
    await setSignedCookie(c, 'session', id, sessionSecret, { httpOnly: true, sameSite: 'Lax', path: '/' });
    return c.json({ session: id }, 201);
  });

  return app;
}
