// sample: section "Why work leaves the request path" — the work inside the request (don't copy it)
import { Hono } from 'hono';
import { buildReport, type ReportRequest } from './stand-ins.ts';

export const app = new Hono();

app.post('/reports', async (c) => {
  const request = await c.req.json<ReportRequest>();
  // Thirty seconds during which the client, every proxy on the way and this process all wait,
  // and a deploy that stops this instance cuts the report off half-made.
  const report = await buildReport(request);
  return c.json(report, 201);
});
