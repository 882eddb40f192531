/**
 * The site is sent compressed where the browser accepts it: assets from the brotli and gzip copies the
 * build writes beside them, pages compressed by the server; a browser that accepts neither gets the
 * bytes as they are. Runs against a small built site of its own.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompressDirectory } from '../../src/build/precompress.ts';
import { createSite, pageEncoding } from '../../src/server/site.ts';

const script = `export const words = ${JSON.stringify('lorem ipsum '.repeat(2000))};\n`;
const page = `<!doctype html><html><head><title>Map</title></head><body>${'<p>a lesson</p>'.repeat(500)}</body></html>`;
let distDir: string;
let site: Awaited<ReturnType<typeof createSite>>;

before(async () => {
  distDir = await mkdtemp(join(tmpdir(), 'operable-compression-'));
  await mkdir(join(distDir, 'client', '_astro'), { recursive: true });
  await mkdir(join(distDir, 'server'));
  await writeFile(join(distDir, 'server', 'entry.mjs'), 'export const handler = (req, res) => { res.statusCode = 404; res.end(); };\n');
  await writeFile(join(distDir, 'client', 'index.html'), page);
  await writeFile(join(distDir, 'client', '_astro', 'main.js'), script);
  await writeFile(join(distDir, 'client', '_astro', 'tiny.js'), 'export {};\n');
  await writeFile(join(distDir, 'client', '_astro', 'search.pf_index'), Buffer.alloc(4096));
  await precompressDirectory(join(distDir, 'client'));
  site = await createSite({ distDir, secret: 'secret', launchKey: 'key' });
});

after(async () => {
  await rm(distDir, { recursive: true, force: true });
});

const get = (path: string, acceptEncoding?: string) => site.request(`http://localhost${path}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

test('the build writes a brotli and a gzip copy of each compressible file, not of small or unknown ones', async () => {
  const files = (await readdir(join(distDir, 'client', '_astro'))).sort();
  assert.deepEqual(files, ['main.js', 'main.js.br', 'main.js.gz', 'search.pf_index', 'tiny.js']);
  assert.deepEqual((await readdir(join(distDir, 'client'))).sort(), ['_astro', 'index.html'], 'pages are compressed by the server, not the build');
});

test('an asset comes as brotli, or gzip, or as it is, by what the browser accepts', async () => {
  const brotli = await get('/_astro/main.js', 'gzip, deflate, br, zstd');
  assert.equal(brotli.headers.get('content-encoding'), 'br');
  assert.match(brotli.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.match(brotli.headers.get('vary') ?? '', /Accept-Encoding/);
  assert.equal(brotliDecompressSync(Buffer.from(await brotli.arrayBuffer())).toString(), script);

  const gzip = await get('/_astro/main.js', 'gzip, deflate');
  assert.equal(gzip.headers.get('content-encoding'), 'gzip');
  assert.equal(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString(), script);

  const plain = await get('/_astro/main.js');
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.equal(await plain.text(), script);
});

test('a page comes compressed too, with the runtime tag the server adds', async () => {
  const brotli = await get('/', 'gzip, deflate, br');
  assert.equal(brotli.status, 200);
  assert.equal(brotli.headers.get('content-encoding'), 'br');
  assert.match(brotli.headers.get('content-type') ?? '', /^text\/html/);
  const sent = Buffer.from(await brotli.arrayBuffer());
  const html = brotliDecompressSync(sent).toString();
  assert.match(html, /^<!doctype html><html><head><meta name="operable-runtime" content="local-locked">/);
  assert.ok(sent.length < html.length / 5, 'a fifth of the page or less');

  const gzip = await get('/', 'gzip');
  assert.equal(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString(), html);
  const plain = await get('/');
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.equal(await plain.text(), html);
});

test('Accept-Encoding is read as browsers send it', () => {
  assert.equal(pageEncoding('gzip, deflate, br, zstd'), 'br');
  assert.equal(pageEncoding('gzip;q=1.0, identity; q=0.5'), 'gzip');
  assert.equal(pageEncoding('identity'), 'identity');
  assert.equal(pageEncoding(undefined), 'identity');
});
