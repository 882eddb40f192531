// sample: section "Liveness"
import { Hono } from 'hono';

const app = new Hono();

// If this handler runs at all, the event loop turns, the server accepts connections and Hono routes
// requests. That is exactly the question liveness asks, so it needs nothing more.
app.get('/livez', (c) => c.json({ status: 'ok' }));

export default app;
