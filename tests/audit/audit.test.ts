/**
 * `operable audit` against services no one here wrote the audit for: a careful Hono service (every item
 * passes or cannot be seen from outside) and a careless node:http one (each of its faults found, item
 * by item); the target rules (loopback only unless told); the CLI's exit codes, --json and --html.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { DEFAULT_AUDIT_OPTIONS, runAudit, type AuditOptions, type AuditReport } from '../../src/audit/run-audit.ts';
import { AuditUsageError, isLoopbackAddress, resolveTarget } from '../../src/audit/target.ts';
import { projectRoot } from '../../src/engine/node/project-paths.ts';
import { startCareful } from './services/careful.ts';
import { startCareless } from './services/careless.ts';

const run = promisify(execFile);
const CLI = join(projectRoot, 'src/cli/operable.ts');

/** Short waits for the slow client: the careful service drops it within 2.5 s. */
const options = (paths: Partial<AuditOptions['paths']> = {}): AuditOptions => ({ ...DEFAULT_AUDIT_OPTIONS, slowClientLimitMs: 4000, paths: { ...DEFAULT_AUDIT_OPTIONS.paths, ...paths } });

function verdicts(report: AuditReport): Record<string, 'pass' | 'fail' | 'not verifiable'> {
  return Object.fromEntries(report.checks.map((check) => [check.id, check.skipped !== undefined ? 'not verifiable' : check.passed ? 'pass' : 'fail']));
}

describe('a careful Hono service', () => {
  let service: Awaited<ReturnType<typeof startCareful>>;
  let report: AuditReport;
  before(async () => {
    service = await startCareful();
    report = await runAudit(await resolveTarget(service.url), options({ slow: '/slow' }));
  });
  after(() => service.server.close());

  test('passes every item that can be seen from outside', () => {
    const failed = report.checks.filter((check) => !check.passed && check.skipped === undefined);
    assert.deepEqual(failed.map((check) => `${check.id}: ${check.message}`), []);
    assert.equal(report.passed, true);
  });

  test('says which item cannot be seen from outside, and what a reviewer looks at instead', () => {
    const notVerifiable = report.checks.filter((check) => check.skipped !== undefined);
    assert.deepEqual(notVerifiable.map((check) => check.id), ['tracing.traceparent-continued']);
    assert.match(notVerifiable[0]!.skipped!, /tracing backend/);
  });

  test('stays within its budget and rate', () => {
    assert.ok(report.requestsSent <= DEFAULT_AUDIT_OPTIONS.maxRequests, `${report.requestsSent} requests`);
    assert.ok(report.checks.find((check) => check.id === 'limit.enforced')!.measurements.limitedAfterRequests! <= 41, 'the burst stopped at the first 429');
  });
});

describe('a careless node:http service', () => {
  let service: Awaited<ReturnType<typeof startCareless>>;
  let report: AuditReport;
  before(async () => {
    service = await startCareless();
    report = await runAudit(await resolveTarget(service.url), options({ livez: '/health', readyz: '/health' }));
  });
  after(() => service.server.close());

  test('each of its faults is found by the item meant for it', () => {
    assert.deepEqual(verdicts(report), {
      'probes.livez-answers': 'pass',
      'probes.readyz-answers': 'pass',
      'request.id-kept': 'fail',
      'request.id-made': 'fail',
      'request.id-untrusted-replaced': 'fail',
      'errors.problem-json': 'fail',
      'errors.client-mistakes-are-4xx': 'fail',
      'errors.no-stack-trace': 'fail',
      'headers.secure': 'fail',
      'cors.foreign-origin-refused': 'fail',
      'tracing.traceparent-continued': 'not verifiable',
      'tracing.malformed-traceparent-harmless': 'pass',
      'metrics.exposition': 'fail',
      'metrics.process': 'fail',
      'metrics.request-histogram': 'fail',
      'metrics.bounded-cardinality': 'fail',
      'limits.body-too-large': 'fail',
      'timeouts.slow-client-dropped': 'fail',
      'timeouts.request-timeout': 'not verifiable',
      'limit.enforced': 'fail',
      'limit.probes-exempt': 'not verifiable',
    });
    assert.equal(report.passed, false);
  });

  test('a failure says what was expected, what was observed, and which lesson teaches it', () => {
    const find = (id: string) => report.checks.find((check) => check.id === id)!;
    assert.match(find('errors.no-stack-trace').message, /^Expected .*\nObserved HTTP 500 .*URIError/s);
    assert.match(find('headers.secure').message, /X-Powered-By: orders\/1\.0/);
    assert.match(find('cors.foreign-origin-refused').message, /Access-Control-Allow-Origin: https:\/\/operable-audit\.invalid with Access-Control-Allow-Credentials: true/);
    assert.match(find('metrics.exposition').message, /Observed Content-Type application\/json/);
    assert.match(find('limit.enforced').hint, /^Lesson 07, Rate limiting: http:\/\/localhost:4321\/lessons\/07-rate-limiting\/$/);
  });
});

test('targets: loopback only unless --allow-remote, and clear words for a bad URL', async () => {
  for (const address of ['127.0.0.1', '127.3.4.5', '::1', '::ffff:127.0.0.1']) assert.ok(isLoopbackAddress(address), address);
  for (const address of ['10.0.0.1', '192.168.1.1', '::ffff:10.0.0.1', '0.0.0.0']) assert.ok(!isLoopbackAddress(address), address);
  assert.equal((await resolveTarget('http://localhost:3000/')).base, 'http://localhost:3000');
  assert.equal((await resolveTarget('http://[::1]:3000/api/')).base, 'http://[::1]:3000/api');
  await assert.rejects(resolveTarget('http://10.1.2.3:3000'), (error: Error) => error instanceof AuditUsageError && /not this machine .*--allow-remote/s.test(error.message));
  assert.equal((await resolveTarget('http://10.1.2.3:3000', { allowRemote: true })).port, 3000);
  await assert.rejects(resolveTarget('127.0.0.1:3000'), /has no scheme: did you mean http:\/\/127\.0\.0\.1:3000\?/);
  await assert.rejects(resolveTarget('ftp://127.0.0.1/'), /not http:\/\/ or https:\/\//);
  await assert.rejects(resolveTarget('not a url'), /is not a URL/);
  await assert.rejects(resolveTarget('http://user:pw@127.0.0.1:3000'), /credentials/);
  await assert.rejects(resolveTarget('http://127.0.0.1:3000/?x=1'), /without a query/);
});

describe('the CLI', () => {
  let careful: Awaited<ReturnType<typeof startCareful>>;
  let folder: string;
  before(async () => {
    careful = await startCareful();
    folder = await mkdtemp(join(tmpdir(), 'operable-audit-'));
  });
  after(async () => {
    careful.server.close();
    await rm(folder, { recursive: true, force: true });
  });

  test('exit 0 and a report, --json and a standalone --html for a service that passes', async () => {
    const html = join(folder, 'audit.html');
    const { stdout } = await run(process.execPath, [CLI, 'audit', careful.url, '--json', '--html', html, '--slow-client-limit', '4', '--only', 'probes.livez-answers,headers.secure,tracing.traceparent-continued']);
    const report = JSON.parse(stdout) as AuditReport;
    assert.equal(report.passed, true);
    assert.deepEqual(report.checks.map((check) => check.id), ['probes.livez-answers', 'headers.secure', 'tracing.traceparent-continued']);
    const page = await readFile(html, 'utf8');
    assert.match(page, /^<!doctype html>/);
    assert.match(page, /No item fails/);
    assert.doesNotMatch(page, /<script|<link|src=/, 'self-contained: nothing loaded from elsewhere');
  });

  test('exit 1 when an item fails, with the finding in the text report', async () => {
    const careless = await startCareless();
    try {
      await assert.rejects(run(process.execPath, [CLI, 'audit', careless.url, '--livez', '/health', '--only', 'probes.livez-answers,headers.secure']), (error: { code: number; stdout: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stdout, /✓ The liveness endpoint/);
        assert.match(error.stdout, /✗ Answers carry the secure headers/);
        assert.match(error.stdout, /Hint: Lesson 10/);
        return true;
      });
    } finally {
      careless.server.close();
    }
  });

  test('exit 2 with a message for nothing listening, a remote host and a bad option', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const cases: Array<[string[], RegExp]> = [
      [[`http://127.0.0.1:${port}`], /Nothing listens at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/],
      [['http://10.1.2.3:80'], /--allow-remote/],
      [[careful.url, '--rate', 'fast'], /--rate takes a positive number/],
      [[careful.url, '--livez', 'healthz'], /--livez takes a path starting with \//],
      [[], /Which service\?/],
    ];
    for (const [args, message] of cases) {
      await assert.rejects(run(process.execPath, [CLI, 'audit', ...args]), (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 2, args.join(' '));
        assert.match(error.stderr, message);
        return true;
      });
    }
  });
});

describe('services the audit cannot judge: a clear message, exit 2', () => {
  test('a certificate the machine does not trust', async () => {
    const { createServer: createHttpsServer } = await import('node:https');
    const fixtures = join(projectRoot, 'tests/audit/fixtures');
    const server = createHttpsServer({ key: await readFile(join(fixtures, 'self-signed-key.pem')), cert: await readFile(join(fixtures, 'self-signed-cert.pem')) }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
      await assert.rejects(run(process.execPath, [CLI, 'audit', url]), (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr, /certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT.*NODE_EXTRA_CA_CERTS/s);
        return true;
      });
    } finally {
      server.close();
    }
  });

  test('a redirect to another address', async () => {
    const { createServer: createHttpServer } = await import('node:http');
    const server = createHttpServer((req, res) => res.writeHead(301, { Location: `https://127.0.0.1:8443${req.url}` }).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      await assert.rejects(run(process.execPath, [CLI, 'audit', url]), (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr, /\/livez redirects \(HTTP 301\) to https:\/\/127\.0\.0\.1:8443\/livez: audit that address directly/);
        return true;
      });
    } finally {
      server.close();
    }
  });
});
