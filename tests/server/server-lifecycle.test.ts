/**
 * The Operable server as `npm start` runs it: it refuses bad configuration and a taken port with a clear
 * message, it passes its own `operable audit`, and it stops the way lesson 03 teaches, taking its lab
 * services and streams with it.
 * (Builds the site first if the build is stale, as npm start does.)
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, test } from 'node:test';
import { projectRoot } from '../../src/engine/node/project-paths.ts';
import { sendRequest } from '../../src/engine/node/http-client.ts';
import { DEFAULT_AUDIT_OPTIONS, runAudit } from '../../src/audit/run-audit.ts';
import { resolveTarget } from '../../src/audit/target.ts';

const PORT = 4397;
const BASE = `http://localhost:${PORT}`;
/** The launch key, fixed for the test; the browser that opened the printed link sends it as a cookie. */
const KEY = 'test-launch-key-0123456789abcdefghijklmnopqrstuvwxyz';
const COOKIE = { Cookie: `operable_key=${KEY}` };
let server: ChildProcess;
let serverOutput = '';

function startServer(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['src/server/main.ts'], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (serverOutput += chunk));
  child.stderr!.on('data', (chunk) => (serverOutput += chunk));
  return child;
}

function exitOf(child: ChildProcess, ms: number): Promise<{ code: number | null; afterMs: number } | undefined> {
  const started = Date.now();
  if (child.exitCode !== null) return Promise.resolve({ code: child.exitCode, afterMs: 0 });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, afterMs: Date.now() - started });
    });
  });
}

before(async () => {
  server = startServer({ PORT: String(PORT), OPERABLE_LAUNCH_KEY: KEY });
  for (let waited = 0; waited < 240_000; waited += 200) {
    if (await fetch(`${BASE}/livez`).then((r) => r.ok).catch(() => false)) return;
    if (server.exitCode !== null) throw new Error(`the server exited: ${serverOutput}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server did not start: ${serverOutput}`);
});

after(() => {
  if (server.exitCode === null) server.kill('SIGKILL');
});

test('a second server on the same port says the port is taken, and exits 2', async () => {
  let output = '';
  const second = spawn(process.execPath, ['src/server/main.ts'], { cwd: projectRoot, env: { ...process.env, PORT: String(PORT) }, stdio: ['ignore', 'pipe', 'pipe'] });
  second.stderr.on('data', (chunk) => (output += chunk));
  const exit = await exitOf(second, 60_000);
  assert.equal(exit?.code, 2);
  assert.match(output, new RegExp(`Port ${PORT} is already in use: is Operable already running\\? Start on another port with PORT=${PORT + 1} npm start`));
});

test('a non-loopback HOST is refused before anything listens', async () => {
  let output = '';
  const bad = spawn(process.execPath, ['src/server/main.ts'], { cwd: projectRoot, env: { ...process.env, HOST: '0.0.0.0', PORT: 'x' }, stdio: ['ignore', 'pipe', 'pipe'] });
  bad.stderr.on('data', (chunk) => (output += chunk));
  const exit = await exitOf(bad, 30_000);
  assert.equal(exit?.code, 2);
  assert.match(output, /HOST must be a loopback address/);
  assert.match(output, /PORT/);
});

test('only the browser that opened the printed link gets the runtime secret and may use the API', async () => {
  assert.match(serverOutput, new RegExp(`http://localhost:${PORT}/\\?key=${KEY}`), 'npm start prints the link with its key');
  const opened = await fetch(`${BASE}/lessons/04-health/?key=${KEY}`, { redirect: 'manual' });
  assert.equal(opened.status, 303);
  assert.equal(opened.headers.get('location'), '/lessons/04-health/', 'the key leaves the address');
  assert.match(opened.headers.get('set-cookie') ?? '', new RegExp(`^operable_key=${KEY}; Path=/; HttpOnly; SameSite=Strict`));
  const wrong = await fetch(`${BASE}/?key=an-old-key`, { redirect: 'manual' });
  assert.equal(wrong.status, 403);
  assert.match(await wrong.text(), /link is from an earlier start/);
  // What a learner's service sees: the page without the secret, and an API that refuses it even with one.
  const page = await (await fetch(`${BASE}/lessons/04-health/`)).text();
  assert.doesNotMatch(page, /data-secret/);
  assert.match(page, /content="local-locked"/);
  const unlocked = await (await fetch(`${BASE}/lessons/04-health/`, { headers: COOKIE })).text();
  const secret = /data-secret="([^"]+)"/.exec(unlocked)?.[1] ?? '';
  assert.ok(secret);
  const api = await fetch(`${BASE}/api/labs/04-health/events`, { headers: { 'X-Operable-Secret': secret } });
  assert.equal(api.status, 401);
  assert.match(await api.text(), /link `npm start` printed/);
});

test('no other site may frame the course, and a run may not set variables that change how Node starts', async () => {
  const response = await fetch(`${BASE}/`, { headers: COOKIE });
  assert.equal(response.headers.get('x-frame-options'), 'SAMEORIGIN');
  assert.equal(response.headers.get('content-security-policy'), "frame-ancestors 'self'");
  const secret = /data-secret="([^"]+)"/.exec(await response.text())?.[1] ?? '';
  const headers = { 'Content-Type': 'application/json', 'X-Operable-Secret': secret, ...COOKIE };
  for (const name of ['NODE_OPTIONS', 'LD_PRELOAD']) {
    const run = await fetch(`${BASE}/api/labs/03-graceful-shutdown/service`, { method: 'POST', headers, body: JSON.stringify({ files: {}, env: { [name]: '--require /tmp/evil.js' } }) });
    assert.equal(run.status, 400, name);
    assert.match(await run.text(), new RegExp(`${name} cannot be set here`));
  }
});

test('the server passes its own audit: the readiness checklist it teaches, verified from outside', { timeout: 120_000 }, async () => {
  // It drops a half-sent request within ~12 s (headersTimeout 10 s, checked every 2 s).
  const report = await runAudit(await resolveTarget(BASE), { ...DEFAULT_AUDIT_OPTIONS, slowClientLimitMs: 15_000 });
  const failed = report.checks.filter((check) => !check.passed && check.skipped === undefined).map((check) => `${check.id}: ${check.message}`);
  assert.deepEqual(failed, []);
  // Not verifiable from outside: no traceresponse header, no route slower than its timeout, and a limit
  // (1,000 requests per 10 s) the audit's polite burst does not reach; its headers count down instead.
  assert.deepEqual(report.checks.filter((check) => check.skipped !== undefined).map((check) => check.id), ['tracing.traceparent-continued', 'timeouts.request-timeout', 'limit.probes-exempt']);
});

test('SIGTERM: the server ends its streams, kills its lab services, drains and exits 0', async () => {
  const page = await (await fetch(`${BASE}/`, { headers: COOKIE })).text();
  const secret = /data-secret="([^"]+)"/.exec(page)?.[1];
  assert.ok(secret, 'the page carries the runtime secret');
  const headers = { 'Content-Type': 'application/json', 'X-Operable-Secret': secret, ...COOKIE };
  const runFoldersBefore = new Set(runFolders());
  const started = await fetch(`${BASE}/api/labs/03-graceful-shutdown/service`, { method: 'POST', headers, body: JSON.stringify({ files: {} }) });
  assert.equal(started.status, 200);
  const { port: servicePort } = (await started.json()) as { port: number };
  const events = await fetch(`${BASE}/api/labs/03-graceful-shutdown/events`, { headers });
  const reading = events.text(); // resolves when the server ends the stream

  server.kill('SIGTERM');
  const exit = await exitOf(server, 10_000);
  assert.equal(exit?.code, 0, serverOutput);
  assert.match(await reading, /"type":"started"/);
  const afterwards = await sendRequest('127.0.0.1', servicePort, '/', { timeoutMs: 1000 });
  assert.equal(afterwards.kind === 'error' && afterwards.code, 'ECONNREFUSED', 'the lab service outlived the server');
  assert.match(serverOutput, /"msg":"shutdown started"/);
  assert.match(serverOutput, /"msg":"shutdown complete"/);
  // What the service had on the machine goes with it: its run folder, and (as root) its cgroups.
  assert.deepEqual(runFolders().filter((folder) => !runFoldersBefore.has(folder)), [], 'the lab service’s run folder outlived the server');
  assert.deepEqual(cgroupsOf(server.pid!), [], 'the lab service’s cgroups outlived the server');
});

function runFolders(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('operable-run-'));
}

function cgroupsOf(pid: number): string[] {
  return ['memory', 'pids'].flatMap((controller) => {
    const root = `/sys/fs/cgroup/${controller}`;
    return existsSync(root) ? readdirSync(root).filter((name) => name.startsWith(`operable-${pid}-`)) : [];
  });
}
