/**
 * @module
 * `operable audit <url>`: the readiness checklist run against a service that is already running.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatReport, type Painter } from '../engine/format-report.ts';
import { renderAuditHtml } from '../audit/html-report.ts';
import { DEFAULT_AUDIT_OPTIONS, runAudit } from '../audit/run-audit.ts';
import { AuditUsageError, resolveTarget } from '../audit/target.ts';

export const AUDIT_USAGE = `  operable audit <url> [--json] [--html FILE] [options]
                                         run the readiness checklist against a running service
    --livez PATH --readyz PATH --metrics PATH   where its probes and metrics are (${DEFAULT_AUDIT_OPTIONS.paths.livez}, ${DEFAULT_AUDIT_OPTIONS.paths.readyz}, ${DEFAULT_AUDIT_OPTIONS.paths.metrics})
    --route PATH          an ordinary route for headers, CORS, ids and the rate limit (${DEFAULT_AUDIT_OPTIONS.paths.route})
    --post PATH           a route that takes a JSON POST, for malformed bodies (the --route)
    --slow PATH           a route slower than the service's request timeout (checks the timeout)
    --rate N              requests per second at most (${DEFAULT_AUDIT_OPTIONS.rate})
    --max-requests N      requests in all at most (${DEFAULT_AUDIT_OPTIONS.maxRequests}); --burst N of them for the rate limit (${DEFAULT_AUDIT_OPTIONS.burst})
    --slow-client-limit S how long a half-sent request may hold a connection (${DEFAULT_AUDIT_OPTIONS.slowClientLimitMs / 1000} s)
    --allow-remote        audit a host that is not this machine (it sends bursts and malformed requests)`;

function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new AuditUsageError(`--${name} takes a positive number, not "${value}".`);
  return number;
}

function path(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (!value.startsWith('/')) throw new AuditUsageError(`--${name} takes a path starting with /, not "${value}".`);
  return value;
}

export async function auditCommand(args: string[], paint: Painter): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      html: { type: 'string' },
      livez: { type: 'string' },
      readyz: { type: 'string' },
      metrics: { type: 'string' },
      route: { type: 'string' },
      post: { type: 'string' },
      slow: { type: 'string' },
      rate: { type: 'string' },
      'max-requests': { type: 'string' },
      burst: { type: 'string' },
      'slow-client-limit': { type: 'string' },
      'allow-remote': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const [url, ...extra] = positionals;
  if (!url) throw new AuditUsageError('Which service? Give its URL, e.g. `operable audit http://127.0.0.1:3000`.');
  if (extra.length) throw new AuditUsageError(`Unexpected argument ${extra[0]}.`);
  const defaults = DEFAULT_AUDIT_OPTIONS;
  const options = {
    ...defaults,
    rate: positiveNumber('rate', values.rate, defaults.rate),
    maxRequests: positiveNumber('max-requests', values['max-requests'], defaults.maxRequests),
    burst: positiveNumber('burst', values.burst, defaults.burst),
    slowClientLimitMs: positiveNumber('slow-client-limit', values['slow-client-limit'], defaults.slowClientLimitMs / 1000) * 1000,
    courseUrl: process.env.OPERABLE_COURSE_URL ?? defaults.courseUrl,
    only: values.only?.split(',').map((id) => id.trim()).filter(Boolean),
    paths: {
      livez: path('livez', values.livez, defaults.paths.livez),
      readyz: path('readyz', values.readyz, defaults.paths.readyz),
      metrics: path('metrics', values.metrics, defaults.paths.metrics),
      route: path('route', values.route, defaults.paths.route),
      ...(values.post === undefined ? {} : { post: path('post', values.post, '/') }),
      ...(values.slow === undefined ? {} : { slow: path('slow', values.slow, '/') }),
    },
  };
  const target = await resolveTarget(url, { allowRemote: values['allow-remote'] });
  const progress = !values.json && process.stderr.isTTY;
  if (!values.json) process.stdout.write(`${paint.bold(`Audit of ${target.base}`)} (at most ${options.rate} requests/s, ${options.maxRequests} in all)\n\n`);
  const report = await runAudit(target, options, (result) => {
    if (progress) process.stderr.write(`\r\x1b[2K  ${result.id} done`);
  });
  if (progress) process.stderr.write('\r\x1b[2K');
  if (values.html) {
    await writeFile(values.html, renderAuditHtml(report));
    if (!values.json) process.stdout.write(paint.dim(`HTML report written to ${values.html}\n\n`));
  }
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, paint, { skippedMeaning: 'not verifiable from outside; each says what a reviewer looks at instead' })}\n`);
  return report.passed ? 0 : 1;
}
