// sample: section "Why deploys drop requests" — the tempting handler, shown so the learner can see why it fails
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { log } from './log.ts';

const app = new Hono();
app.get('/slow', async (c) => {
  await new Promise((resolve) => setTimeout(resolve, 5000));
  return c.json({ status: 'done' });
});

serve({ fetch: app.fetch, port: 3000 });

// Tidy-looking, and no better than having no handler at all:
// every request still in flight is cut off mid-answer.
process.on('SIGTERM', () => {
  log.info('stopping');
  process.exit(0);
});
