// sample: section "Per client, global, per route" — three policies, and where each one runs
import { Hono } from 'hono';
import { every, except } from 'hono/combine';
import { rateLimiter } from 'hono-rate-limiter';
import { byClient, perClient } from './per-client.ts';
import { tooManyRequests } from './too-many.ts';

const common = { windowMs: 60_000, standardHeaders: 'draft-7', handler: tooManyRequests } as const;

// One key for every request: what the service, and the database behind it, can take in total.
const global = rateLimiter({ ...common, limit: 1000, keyGenerator: () => 'everyone' });
// Per client again, with its own counts and a far smaller limit: password guesses.
const login = rateLimiter({ ...common, limit: 5, keyGenerator: byClient });

const app = new Hono();
// Probes and scrapes pass untouched; everything else meets the client's own limit first, so requests
// it refuses never use up the capacity every client shares.
app.use(except(['/livez', '/metrics'], every(perClient, global)));
app.get('/livez', (c) => c.json({ status: 'ok' }));
app.get('/items', (c) => c.json({ items: [] }));
app.post('/login', login, (c) => c.json({ token: crypto.randomUUID() })); // login's limit, then the handler

export default app;
