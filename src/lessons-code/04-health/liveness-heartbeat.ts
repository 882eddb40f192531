// sample: section "Liveness" — optional: a process-local condition worth a restart
import { Hono } from 'hono';

/** A background loop that must keep running sets `worker.lastPassAt = performance.now()` after every pass. */
const worker = { lastPassAt: performance.now() };
const STUCK_AFTER_MS = 60_000;

const app = new Hono();

app.get('/livez', (c) => {
  const sinceLastPassMs = Math.round(performance.now() - worker.lastPassAt);
  // Only this process's own state: no database, no network, nothing another instance shares.
  if (sinceLastPassMs > STUCK_AFTER_MS) return c.json({ status: 'stuck', sinceLastPassMs }, 503);
  return c.json({ status: 'ok' });
});

export { app, worker };
