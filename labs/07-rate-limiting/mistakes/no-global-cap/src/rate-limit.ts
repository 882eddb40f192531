/**
 * @module
 * The service's rate limits, with hono-rate-limiter: per client (RATE_LIMIT_PER_IP a window), a cap
 * across all clients together (RATE_LIMIT_GLOBAL) and a stricter policy for POST /login
 * (RATE_LIMIT_LOGIN). A request over a limit is answered 429 before any handler runs, with
 * Retry-After, the RateLimit and RateLimit-Policy fields and a problem+json body; an answered
 * request's RateLimit fields describe the policy closest to its limit. The probe and
 * /metrics are never limited: a kubelet or a Prometheus that gets 429s restarts or loses a healthy
 * service exactly when it is busy.
 */
import type { Context, Next } from 'hono';
import { every, except } from 'hono/combine';
import { MemoryStore, type RateLimitInfo, rateLimiter } from 'hono-rate-limiter';
import type { RateLimits } from './app.ts';
import { clientAddress } from './client-address.ts';
import type { Config } from './config.ts';
import { problem } from './problem.ts';

/** Paths never limited, nor counted: liveness probes and scrapes. */
const EXEMPT = ['/livez', '/metrics'];

/** Where each limiter leaves what it counted for this request (the library's `requestPropertyName`). */
const POLICIES = ['perClientLimit', 'globalLimit', 'loginLimit'] as const;
type Counted = { Variables: Partial<Record<(typeof POLICIES)[number], RateLimitInfo>> };

export function createRateLimits({ limits, trustProxy }: Pick<Config, 'limits' | 'trustProxy'>): RateLimits {
  const byClient = (c: Context) => clientAddress(c, trustProxy);
  // The library's memory store swaps two maps every window, so a client not seen for two windows is
  // forgotten: its memory is bounded by the clients of the last two windows, however many came before.
  const perClientStore = new MemoryStore();
  const loginStore = new MemoryStore();
  const common = {
    windowMs: limits.windowMs,
    // RateLimit and RateLimit-Policy, as the IETF draft names them; Retry-After on every 429.
    standardHeaders: 'draft-7',
    handler: (c: Context) => problem(c, 429, { title: 'Too Many Requests', detail: 'Rate limit reached: retry after the seconds Retry-After gives.' }),
  } as const;

  const perClient = rateLimiter({ ...common, limit: limits.perIp, keyGenerator: byClient, store: perClientStore, requestPropertyName: POLICIES[0] });
  const login = rateLimiter({ ...common, limit: limits.login, keyGenerator: byClient, store: loginStore, requestPropertyName: POLICIES[2] });
  // Each limiter writes its own fields and the last to run wins; on an answered request the draft wants
  // the policy closest to its limit. (A 429 never gets here: the limiter that refused wrote its own.)
  const closestPolicyFields = async function closestPolicyFields(c: Context<Counted>, next: Next) {
    const counted = POLICIES.flatMap((name) => c.get(name) ?? []);
    const closest = counted.reduce((least, info) => (info.remaining < least.remaining ? info : least));
    const windowSeconds = Math.ceil(limits.windowMs / 1000);
    const resetSeconds = closest.resetTime ? Math.max(0, Math.ceil((closest.resetTime.getTime() - Date.now()) / 1000)) : windowSeconds;
    c.header('RateLimit-Policy', `${closest.limit};w=${windowSeconds}`);
    c.header('RateLimit', `limit=${closest.limit}, remaining=${closest.remaining}, reset=${resetSeconds}`);
    await next();
  };

  const size = (store: MemoryStore) => store.current.size + store.previous.size;
  return {
    // Per client first: a client over its own limit must not use up everyone's capacity.
    everyRequest: except(EXEMPT, every(perClient, closestPolicyFields)),
    login: every(login, closestPolicyFields),
    trackedClients: () => size(perClientStore) + size(loginStore),
  };
}
