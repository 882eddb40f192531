/**
 * @module
 * Serves the built site: prerendered pages (with the runtime secret placed in their <head>, so only
 * the site's own pages can drive the local runtime), hashed assets, and any on-demand route through
 * the Astro node adapter's handler. Compressed where the browser accepts it: assets from the copies
 * the build writes beside them (src/build/precompress.ts), pages once each, when first asked for.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { serveStatic } from '@hono/node-server/serve-static';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { hasLaunchKey } from './launch-key.ts';
import { prefersHtml, problem } from './operations.ts';

export interface SiteOptions {
  distDir: string;
  secret: string;
  launchKey: string;
}

type AstroHandler = (req: HttpBindings['incoming'], res: HttpBindings['outgoing'], next?: (error?: unknown) => void) => unknown;

type PageEncoding = 'br' | 'gzip' | 'identity';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The best encoding of a page the browser accepts (`Accept-Encoding`, without weights as browsers send it). */
export function pageEncoding(acceptEncoding: string | undefined): PageEncoding {
  const accepted = new Set((acceptEncoding ?? '').split(',').map((encoding) => encoding.trim().split(';')[0]));
  return accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : 'identity';
}

function encodePage(html: string, encoding: PageEncoding): Promise<Buffer> {
  const bytes = Buffer.from(html);
  if (encoding === 'br') return brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  if (encoding === 'gzip') return gzipAsync(bytes, { level: 9 });
  return Promise.resolve(bytes);
}

export async function createSite({ distDir, secret, launchKey }: SiteOptions): Promise<Hono<{ Bindings: HttpBindings }>> {
  const clientDir = join(distDir, 'client');
  const { handler } = (await import(join(distDir, 'server', 'entry.mjs'))) as { handler: AstroHandler };
  // The secret only for the browser that opened the launch link; others learn that the server is here.
  const unlocked = `<meta name="operable-runtime" content="local" data-secret="${secret}">`;
  const locked = '<meta name="operable-runtime" content="local-locked">';
  const pages = new Map<string, Promise<Buffer | undefined>>();

  /** The prerendered page for a URL path, with the runtime meta tag, encoded; undefined when there is none. */
  function encodedPage(pathname: string, meta: string, encoding: PageEncoding): Promise<Buffer | undefined> {
    const cacheKey = `${meta === unlocked ? 'unlocked' : 'locked'} ${encoding} ${pathname}`;
    let cached = pages.get(cacheKey);
    if (!cached) {
      cached = page(pathname, meta).then((html) => (html === undefined ? undefined : encodePage(html, encoding)));
      pages.set(cacheKey, cached);
      // Only pages are kept: not every path someone asks for, nor a failed read.
      cached.then((body) => body ?? pages.delete(cacheKey), () => pages.delete(cacheKey));
    }
    return cached;
  }

  /** The prerendered page for a URL path, with the runtime meta tag; undefined when there is none. */
  async function page(pathname: string, meta: string): Promise<string | undefined> {
    const relative = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
    const candidates = relative.endsWith('.html') ? [relative] : [join(relative, 'index.html'), `${relative.replace(/\/$/, '')}.html`];
    for (const candidate of candidates) {
      const file = join(clientDir, candidate);
      if (!file.startsWith(clientDir) || !(await stat(file).catch(() => undefined))?.isFile()) continue;
      return (await readFile(file, 'utf8')).replace('<head>', `<head>${meta}`);
    }
    return undefined;
  }

  const site = new Hono<{ Bindings: HttpBindings }>();
  site.get('*', async (c, next) => {
    const encoding = pageEncoding(c.req.header('Accept-Encoding'));
    const body = await encodedPage(c.req.path, hasLaunchKey(c, launchKey) ? unlocked : locked, encoding);
    if (body === undefined) return next();
    c.header('Cache-Control', 'no-cache');
    c.header('Content-Type', 'text/html; charset=UTF-8');
    c.header('Vary', 'Accept-Encoding');
    if (encoding !== 'identity') c.header('Content-Encoding', encoding);
    return c.body(new Uint8Array(body));
  });
  site.use(
    '/_astro/*',
    serveStatic({
      root: clientDir,
      precompressed: true,
      onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  site.use('*', serveStatic({ root: clientDir, precompressed: true }));
  // Anything else: Astro's own handler (on-demand routes, and its 404 page) for browsers; a problem for API clients.
  site.all('*', async (c) => {
    if (!prefersHtml(c)) return problem(c, 404, 'Not Found', `Nothing at ${c.req.path}.`);
    await handler(c.env.incoming, c.env.outgoing);
    return RESPONSE_ALREADY_SENT;
  });
  return site;
}
