/**
 * @module
 * A tiny static file server that behaves like a static host serving `dist/client/`: no Node server,
 * no local runtime, no runtime secret. Pages are found the way src/server/site.ts finds them
 * (`/lessons/03-graceful-shutdown` and `/lessons/03-graceful-shutdown/` are
 * `lessons/03-graceful-shutdown/index.html`; `/about` may also be `about.html`), and response headers
 * come from `root/_headers` in the Netlify / Cloudflare Pages format, never from code: a test that sees
 * the isolation headers proves the shipped `_headers` file gives them. Listens on 127.0.0.1 only.
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

export interface StaticHostOptions {
  /** The folder to serve, e.g. dist/client. */
  root: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface StaticHost {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

export interface HeaderRule {
  /** The URL path pattern as written: an exact path, or with `*` splats and `:placeholder` segments. */
  pattern: string;
  /** Headers to set, in file order (a name may repeat: values are then joined with ", "). */
  set: [name: string, value: string][];
  /** Headers to remove (Cloudflare's `! Name` lines). */
  detach: string[];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

/** The content type for a file name; unknown extensions are application/octet-stream. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Parses a `_headers` file: a line starting at column 0 is a URL path pattern; the indented lines after
 * it are `Name: value` headers for that pattern (or `! Name` to remove one). `#` starts a comment line.
 * Throws on a header line before any pattern, or one without a colon.
 */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  let current: HeaderRule | undefined;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trimEnd();
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      current = { pattern: line.trim(), set: [], detach: [] };
      rules.push(current);
      continue;
    }
    if (!current) throw new Error(`_headers line ${index + 1}: a header before any URL pattern: ${line.trim()}`);
    const entry = line.trim();
    if (entry.startsWith('!')) {
      current.detach.push(entry.slice(1).trim());
      continue;
    }
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new Error(`_headers line ${index + 1}: expected "Name: value", got: ${entry}`);
    current.set.push([entry.slice(0, colon).trim(), entry.slice(colon + 1).trim()]);
  }
  return rules;
}

/** Whether a URL path matches a pattern: `*` matches anything (slashes too), `:name` one segment. */
export function matchesPattern(pattern: string, pathname: string): boolean {
  const source = pattern
    .split(/(\*|:[A-Za-z_][A-Za-z0-9_]*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') && part.length > 1 ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(pathname);
}

/** The headers every matching rule gives a path; a name set by several rules gets their values joined with ", ". */
export function headersFor(rules: readonly HeaderRule[], pathname: string): Record<string, string> {
  const headers = new Map<string, { name: string; value: string }>();
  const detached = new Set<string>();
  for (const rule of rules) {
    if (!matchesPattern(rule.pattern, pathname)) continue;
    for (const [name, value] of rule.set) {
      const key = name.toLowerCase();
      const existing = headers.get(key);
      headers.set(key, existing ? { name: existing.name, value: `${existing.value}, ${value}` } : { name, value });
    }
    for (const name of rule.detach) detached.add(name.toLowerCase());
  }
  return Object.fromEntries([...headers].filter(([key]) => !detached.has(key)).map(([, { name, value }]) => [name, value]));
}

/** Files a static host consumes rather than serves. */
const HOST_CONFIG_FILES = new Set(['/_headers', '/_redirects']);

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/**
 * The file under `root` for a decoded URL path, or undefined. Never a file outside `root`, through
 * `..` or a symbolic link.
 */
async function fileFor(root: string, decodedPath: string): Promise<string | undefined> {
  if (decodedPath.includes('\0') || decodedPath.includes('\\')) return undefined;
  const target = resolve(root, `.${decodedPath}`);
  if (target !== root && !target.startsWith(root + sep)) return undefined;
  // As src/server/site.ts: a page is `<path>/index.html` or `<path>.html`; any other file is itself.
  const candidates = decodedPath.endsWith('/') ? [join(target, 'index.html')] : [target, join(target, 'index.html')];
  if (!decodedPath.endsWith('.html') && target !== root) candidates.push(`${target}.html`);
  for (const candidate of candidates) {
    if (!(await isFile(candidate))) continue;
    const real = await realpath(candidate);
    if (real.startsWith(root + sep)) return real;
  }
  return undefined;
}

/** Serves `root` on 127.0.0.1 with the header rules of `root/_headers` (none when it has no such file). */
export async function startStaticHost({ root, port = 0 }: StaticHostOptions): Promise<StaticHost> {
  const rootDir = await realpath(resolve(root));
  const headersText = await readFile(join(rootDir, '_headers'), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const rules = parseHeadersFile(headersText);

  const server = createServer((request, response) => {
    void (async () => {
      // The raw request target, not a parsed URL: WHATWG URL parsing would remove `..` and `%2e%2e`
      // segments before we could see them, and a real attacker's request is not parsed for us.
      const rawPath = (request.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
      let pathname: string;
      try {
        pathname = decodeURIComponent(rawPath);
      } catch {
        pathname = '';
      }
      for (const [name, value] of Object.entries(headersFor(rules, pathname || rawPath))) response.setHeader(name, value);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method Not Allowed\n');
        return;
      }
      if (!pathname.startsWith('/')) {
        response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad Request\n');
        return;
      }
      const file = HOST_CONFIG_FILES.has(pathname) ? undefined : await fileFor(rootDir, pathname);
      if (!file) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not Found\n');
        return;
      }
      const info = await stat(file);
      response.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Content-Length': info.size });
      if (request.method === 'HEAD') {
        response.end();
        return;
      }
      const stream = createReadStream(file);
      stream.once('error', () => response.destroy());
      stream.pipe(response);
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end();
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.close((error) => (error ? reject(error) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}
