/**
 * A small orders API written the way a hurried team writes one on node:http: a /health that always
 * says ok, errors answered with their stack trace, CORS that echoes any origin with credentials, the
 * framework named in X-Powered-By, bodies read whole, Node's default timeouts. It works — and the
 * audit must find each of these.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export function startCareless(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    res.setHeader('X-Powered-By', 'orders/1.0');
    if (req.headers.origin) {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        if (path === '/health') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
        if (path === '/metrics') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ requests: 1 }));
        if (path === '/' && req.method === 'POST') {
          const order: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          return void res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify(order));
        }
        if (path === '/') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"service":"orders"}');
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      } catch (error) {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end((error as Error).stack);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}
