/**
 * The built site works on a plain static host: every page, asset and lab file is in dist/client, and
 * the shipped `_headers` file (public/_headers) makes every response cross-origin isolated. The static
 * host (tests/support/static-host.ts) sets only the headers that file gives.
 * (Builds the site first if the build is stale, as npm start does.)
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { distDir, ensureBuild } from '../../src/server/ensure-build.ts';
import { siteHeaders } from '../../src/server/isolation-headers.ts';
import { projectRoot } from '../../src/engine/node/project-paths.ts';
import { headersFor, matchesPattern, parseHeadersFile, type StaticHost, startStaticHost } from '../support/static-host.ts';

const clientDir = join(distDir, 'client');
let host: StaticHost;

before(async () => {
  await ensureBuild((message) => console.log(message));
  host = await startStaticHost({ root: clientDir });
});

after(async () => {
  await host?.close();
});

/** A GET with the path sent exactly as written (fetch would resolve `..` segments before sending). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(host.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

function assertIsolated(response: Response, what: string): void {
  for (const [name, value] of Object.entries(siteHeaders)) assert.equal(response.headers.get(name), value, `${what}: ${name}`);
}

test('the shipped _headers gives every path the same isolation headers as the Operable server', async () => {
  const rules = parseHeadersFile(await readFile(join(projectRoot, 'public', '_headers'), 'utf8'));
  for (const path of ['/', '/lessons/03-graceful-shutdown', '/_astro/x.js', '/labs/04-health.json', '/missing']) {
    assert.deepEqual(headersFor(rules, path), siteHeaders, path);
  }
  assert.equal(await readFile(join(clientDir, '_headers'), 'utf8'), await readFile(join(projectRoot, 'public', '_headers'), 'utf8'), 'astro build copies it to dist/client');
});

test('pages, assets and lab data answer 200 with COOP, COEP and CORP from _headers', async () => {
  const script = (await readdir(join(clientDir, '_astro'))).find((name) => name.endsWith('.js'));
  assert.ok(script, 'the build has a script in /_astro');
  const expected: [path: string, type: RegExp][] = [
    ['/', /^text\/html/],
    ['/lessons/03-graceful-shutdown', /^text\/html/],
    ['/lessons/03-graceful-shutdown/', /^text\/html/],
    [`/_astro/${script}`, /^text\/javascript/],
    ['/labs/04-health.json', /^application\/json/],
    ['/labs/04-health/types.json', /^application\/json/],
    ['/labs/04-health/container.json', /^application\/json/],
    ['/labs/type-stripper.json', /^application\/json/],
    ['/favicon.svg', /^image\/svg\+xml/],
  ];
  for (const [path, type] of expected) {
    const response = await fetch(host.url + path);
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-type') ?? '', type, path);
    assertIsolated(response, path);
    await response.arrayBuffer();
  }
  const lesson = await (await fetch(`${host.url}/lessons/03-graceful-shutdown`)).text();
  assert.match(lesson, /<html/);
  assert.doesNotMatch(lesson, /operable-runtime/, 'no runtime secret: only the Node server injects it');
  const lab = (await (await fetch(`${host.url}/labs/04-health.json`)).json()) as { manifest?: unknown };
  assert.ok(lab.manifest, 'the lab data the workspace fetches');
  // What the in-browser runtime mounts: the runner, the starter and the vendored dependencies.
  const tree = (await (await fetch(`${host.url}/labs/04-health/container.json`)).json()) as Record<string, { directory?: Record<string, unknown> }>;
  assert.ok(tree['checks.mjs'], 'the bundled runner');
  assert.ok(tree.lab?.directory?.['package.json'] && tree.lab.directory['src'] && tree.lab.directory['node_modules'], 'the lab with its dependencies');
  assert.ok(tree['.nvmrc'] && tree['package.json'], 'the root files that ask the container for Node 22');
  // Fetched only where the container's Node cannot run TypeScript.
  const stripper = (await (await fetch(`${host.url}/labs/type-stripper.json`)).json()) as Record<string, { directory?: Record<string, unknown> }>;
  assert.deepEqual(Object.keys(stripper['type-stripper']?.directory ?? {}).sort(), ['amaro.cjs', 'hooks.mjs', 'register.mjs']);
});

test('a missing path answers 404 (still isolated), and the host configuration is not served', async () => {
  for (const path of ['/no-such-page', '/lessons/99-nothing/', '/_astro/missing.js', '/_headers']) {
    const response = await fetch(host.url + path);
    assert.equal(response.status, 404, path);
    assertIsolated(response, path);
    await response.arrayBuffer();
  }
  const api = await fetch(`${host.url}/api/labs/04-health/service`, { method: 'POST' });
  assert.notEqual(api.status, 200, 'no local runtime on a static host');
  await api.arrayBuffer();
});

test('no request escapes the root', async () => {
  const packageJson = await readFile(join(projectRoot, 'package.json'), 'utf8');
  for (const path of [
    '/../package.json',
    '/../../package.json',
    '/%2e%2e/package.json',
    '/%2e%2e/%2e%2e/package.json',
    '/..%2f..%2fpackage.json',
    '/lessons/..%2f..%2f..%2fpackage.json',
    '/%2E%2E%5C..%5Cpackage.json',
    '/..%00/package.json',
  ]) {
    const { status, body } = await rawGet(path);
    assert.ok(status === 404 || status === 400, `${path}: ${status}`);
    assert.notEqual(body, packageJson, path);
    assert.doesNotMatch(body, /"name": "operable"/, path);
  }
  // `..` that stays inside the root is fine.
  assert.equal((await rawGet('/lessons/../labs/04-health.json')).status, 200);
});

test('the _headers parser: patterns, splats, placeholders, repeated and detached headers, comments', () => {
  const rules = parseHeadersFile(
    [
      '# a comment',
      '/*',
      '  X-Everywhere: yes',
      '  Cache-Control: no-cache',
      '',
      '/_astro/*',
      '  Cache-Control: public, max-age=31536000, immutable',
      '\t! X-Everywhere',
      '/labs/:id/container.json',
      '  X-Container: 1',
      '/exact',
      '  X-Exact: a:b',
    ].join('\r\n'),
  );
  assert.equal(rules.length, 4);
  assert.deepEqual(rules[3], { pattern: '/exact', set: [['X-Exact', 'a:b']], detach: [] });
  assert.deepEqual(headersFor(rules, '/'), { 'X-Everywhere': 'yes', 'Cache-Control': 'no-cache' });
  assert.deepEqual(headersFor(rules, '/_astro/a.js'), { 'Cache-Control': 'no-cache, public, max-age=31536000, immutable' });
  assert.deepEqual(headersFor(rules, '/labs/04-health/container.json'), { 'X-Everywhere': 'yes', 'Cache-Control': 'no-cache', 'X-Container': '1' });
  assert.equal(headersFor(rules, '/labs/a/b/container.json')['X-Container'], undefined, ':id is one segment');
  assert.equal(headersFor(rules, '/exact')['X-Exact'], 'a:b');
  assert.equal(headersFor(rules, '/exact/more')['X-Exact'], undefined, 'an exact path matches only itself');
  assert.equal(matchesPattern('/a.b', '/aXb'), false, 'dots are literal');
  assert.equal(matchesPattern('/_astro/*', '/_astro'), false);
  assert.deepEqual(parseHeadersFile(''), []);
  assert.throws(() => parseHeadersFile('  X-Orphan: 1'), /before any URL pattern/);
  assert.throws(() => parseHeadersFile('/*\n  no colon here'), /Name: value/);
});
