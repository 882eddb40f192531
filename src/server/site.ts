/**
 * @module
 * Serves the built site: prerendered pages (with the runtime secret placed in their <head>, so only
 * the site's own pages can drive the local runtime), hashed assets, and any on-demand route through
 * the Astro node adapter's handler.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { hasLaunchKey } from './launch-key.ts';

export interface SiteOptions {
  distDir: string;
  secret: string;
  launchKey: string;
}

type AstroHandler = (req: HttpBindings['incoming'], res: HttpBindings['outgoing'], next?: (error?: unknown) => void) => unknown;

export async function createSite({ distDir, secret, launchKey }: SiteOptions): Promise<Hono<{ Bindings: HttpBindings }>> {
  const clientDir = join(distDir, 'client');
  const { handler } = (await import(join(distDir, 'server', 'entry.mjs'))) as { handler: AstroHandler };
  // The secret only for the browser that opened the launch link; others learn that the server is here.
  const unlocked = `<meta name="operable-runtime" content="local" data-secret="${secret}">`;
  const locked = '<meta name="operable-runtime" content="local-locked">';
  const pages = new Map<string, string>();

  /** The prerendered page for a URL path, with the runtime meta tag; undefined when there is none. */
  async function page(pathname: string, meta: string): Promise<string | undefined> {
    const cacheKey = `${meta === unlocked ? 'unlocked' : 'locked'} ${pathname}`;
    const cached = pages.get(cacheKey);
    if (cached) return cached;
    const relative = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
    const candidates = relative.endsWith('.html') ? [relative] : [join(relative, 'index.html'), `${relative.replace(/\/$/, '')}.html`];
    for (const candidate of candidates) {
      const file = join(clientDir, candidate);
      if (!file.startsWith(clientDir) || !(await stat(file).catch(() => undefined))?.isFile()) continue;
      const html = (await readFile(file, 'utf8')).replace('<head>', `<head>${meta}`);
      pages.set(cacheKey, html);
      return html;
    }
    return undefined;
  }

  const site = new Hono<{ Bindings: HttpBindings }>();
  site.get('*', async (c, next) => {
    const html = await page(c.req.path, hasLaunchKey(c, launchKey) ? unlocked : locked);
    if (html === undefined) return next();
    c.header('Cache-Control', 'no-cache');
    return c.html(html);
  });
  site.use(
    '/_astro/*',
    serveStatic({
      root: clientDir,
      onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  site.use('*', serveStatic({ root: clientDir }));
  // Anything else: Astro's own handler (on-demand routes, and its 404 page).
  site.all('*', async (c) => {
    await handler(c.env.incoming, c.env.outgoing);
    return RESPONSE_ALREADY_SENT;
  });
  return site;
}
