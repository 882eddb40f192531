/**
 * @module
 * POST /api/audit: the Audit page's audit, run by the server under the CLI's rules — loopback targets
 * only (no --allow-remote from a web page), the same politeness limits, one audit at a time — and
 * streamed back item by item.
 */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import type { AuditStreamItem } from '../audit/audit-stream.ts';
import { auditItems } from '../audit/items/index.ts';
import { AuditUnreachable, DEFAULT_AUDIT_OPTIONS, runAudit } from '../audit/run-audit.ts';
import { AuditUsageError, resolveTarget } from '../audit/target.ts';

const pathField = z.string().regex(/^\/[^\s]*$/, 'a path starting with /').max(512).optional();

const auditBody = z.object({
  url: z.string().min(1).max(2048),
  livez: pathField,
  readyz: pathField,
  metrics: pathField,
  route: pathField,
  post: pathField,
});

export function createAuditApi({ shutdown, courseUrl }: { shutdown: AbortSignal; courseUrl: string }): Hono {
  const api = new Hono();
  let running = false;

  api.post('/', async (c) => {
    const parsed = auditBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: `Malformed request: ${z.prettifyError(parsed.error)}` }, 400);
    const { url, ...paths } = parsed.data;
    const options = {
      ...DEFAULT_AUDIT_OPTIONS,
      courseUrl,
      paths: { ...DEFAULT_AUDIT_OPTIONS.paths, ...Object.fromEntries(Object.entries(paths).filter(([, value]) => value !== undefined)) },
    };
    // A refused target or a busy auditor is an answer the page shows, not an HTTP failure.
    const refusal = running ? 'An audit is already running: wait for it to finish.' : undefined;
    if (!refusal) running = true;
    c.header('Content-Type', 'application/x-ndjson');
    c.header('Cache-Control', 'no-store');
    return stream(c, async (out) => {
      const gone = new AbortController();
      out.onAbort(() => gone.abort());
      shutdown.addEventListener('abort', () => gone.abort(), { once: true });
      const send = (item: AuditStreamItem) => out.write(`${JSON.stringify(item)}\n`);
      if (refusal) return void (await send({ type: 'error', message: refusal }));
      try {
        const target = await resolveTarget(url, { allowRemote: false });
        await send({ type: 'started', target: target.base, items: auditItems(options).length });
        const report = await runAudit(target, { ...options, signal: gone.signal }, (result) => void send({ type: 'result', result }));
        await send({ type: 'report', report });
      } catch (error) {
        const known = error instanceof AuditUnreachable || error instanceof AuditUsageError;
        await send({ type: 'error', message: known ? (error as Error).message : `The audit could not run: ${(error as Error).message}` });
      } finally {
        running = false;
      }
    });
  });
  return api;
}
