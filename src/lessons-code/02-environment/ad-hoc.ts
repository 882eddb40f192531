// sample: section "What goes wrong in production" — configuration as it usually starts (don't copy it)
import { Hono } from 'hono';

const app = new Hono();

app.get('/orders', async (c) => {
  // Read on every request, as a string, checked by nobody.
  const pageSize = Number(process.env.PAGE_SIZE || 50);
  const db = process.env.DATABASE_URL || 'postgres://localhost:5432/app';
  return c.json({ pageSize, db: new URL(db).hostname });
});

app.post('/login', (c) => {
  // Undefined in production if the deploy forgot it: found at the first login, not at start-up.
  const secret = process.env.SESSION_SECRET!;
  return c.json({ signedWith: secret.length });
});

export default app;
