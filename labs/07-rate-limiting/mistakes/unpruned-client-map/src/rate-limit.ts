/**
 * @module
 * The service's rate limits, with hono-rate-limiter: per client (RATE_LIMIT_PER_IP a window), a cap
 * across all clients together (RATE_LIMIT_GLOBAL) and a stricter policy for POST /login
 * (RATE_LIMIT_LOGIN). A request over a limit is answered 429 before any handler runs, with
 * Retry-After, the RateLimit and RateLimit-Policy fields and a problem+json body. The probe and
 * /metrics are never limited: a kubelet or a Prometheus that gets 429s restarts or loses a healthy
 * service exactly when it is busy.
 */
import type { Context } from 'hono';
import { every, except } from 'hono/combine';
import { type ClientRateLimitInfo, rateLimiter, type Store } from 'hono-rate-limiter';
import type { RateLimits } from './app.ts';
import { clientAddress } from './client-address.ts';
import type { Config } from './config.ts';
import { problem } from './problem.ts';

/** Paths never limited, nor counted: liveness probes and scrapes. */
const EXEMPT = ['/livez', '/metrics'];

/**
 * A store of our own, so trackedClients() can count it: one entry a client, its hits and when its
 * window ends. An entry whose window ended starts again at its next request.
 */
class ClientMap implements Store {
  readonly clients = new Map<string, { totalHits: number; resetTime: Date }>();
  windowMs = 60_000;

  init(options: { windowMs: number }): void {
    this.windowMs = options.windowMs;
  }

  get(key: string): ClientRateLimitInfo | undefined {
    return this.clients.get(key);
  }

  increment(key: string): ClientRateLimitInfo {
    const now = Date.now();
    let client = this.clients.get(key);
    if (!client || client.resetTime.getTime() <= now) {
      client = { totalHits: 0, resetTime: new Date(now + this.windowMs) };
      this.clients.set(key, client);
    }
    client.totalHits++;
    return client;
  }

  decrement(key: string): void {
    const client = this.clients.get(key);
    if (client && client.totalHits > 0) client.totalHits--;
  }

  resetKey(key: string): void {
    this.clients.delete(key);
  }
}

export function createRateLimits({ limits, trustProxy }: Pick<Config, 'limits' | 'trustProxy'>): RateLimits {
  const byClient = (c: Context) => clientAddress(c, trustProxy);
  const perClientStore = new ClientMap();
  const loginStore = new ClientMap();
  const common = {
    windowMs: limits.windowMs,
    // RateLimit and RateLimit-Policy, as the IETF draft names them; Retry-After on every 429.
    standardHeaders: 'draft-7',
    handler: (c: Context) => problem(c, 429, { title: 'Too Many Requests', detail: 'Rate limit reached: retry after the seconds Retry-After gives.' }),
  } as const;

  const perClient = rateLimiter({ ...common, limit: limits.perIp, keyGenerator: byClient, store: perClientStore });
  // One key for everyone: the capacity the service (and what it depends on) can take.
  const global = rateLimiter({ ...common, limit: limits.global, keyGenerator: () => 'all clients' });
  const login = rateLimiter({ ...common, limit: limits.login, keyGenerator: byClient, store: loginStore });

  const size = (store: ClientMap) => store.clients.size;
  return {
    // Per client first: a client over its own limit must not use up everyone's capacity.
    everyRequest: except(EXEMPT, every(perClient, global)),
    login,
    trackedClients: () => size(perClientStore) + size(loginStore),
  };
}
