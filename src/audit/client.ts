/**
 * @module
 * The audit's only way to the service: HTTP(S) requests under a budget and a rate, so an audit stays
 * polite (`--rate`, `--max-requests`), and raw connections for what a client library cannot send (a
 * request that never finishes its headers). Redirects are not followed: a probe that redirects is a
 * finding, not something to paper over.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { HttpOutcome, RawSocket } from '../engine/harness.ts';
import type { AuditRequest, AuditTransport } from './item.ts';
import type { AuditTarget } from './target.ts';

/** The budget of requests ran out: the item that needed more is reported as not run, with why. */
export class BudgetExhausted extends Error {
  constructor(maxRequests: number) {
    super(`The audit's request budget (--max-requests ${maxRequests}) ran out before this item: raise it to run it.`);
    this.name = 'BudgetExhausted';
  }
}

export interface PoliteOptions {
  /** Requests per second at most. */
  rate: number;
  /** Requests (and raw connections) in the whole audit at most. */
  maxRequests: number;
}

/** Enough of a body to judge it (an error page, an exposition); the rest is read and dropped. */
const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 5000;

export class AuditClient implements AuditTransport {
  readonly target: AuditTarget;
  private readonly polite: PoliteOptions;
  private sentCount = 0;
  private nextSlot = 0;

  constructor(target: AuditTarget, polite: PoliteOptions) {
    this.target = target;
    this.polite = polite;
  }

  /** Requests sent so far (raw connections included). */
  get sent(): number {
    return this.sentCount;
  }

  get remaining(): number {
    return this.polite.maxRequests - this.sentCount;
  }

  /** Waits for the next slot the rate allows, and takes one request from the budget. */
  private async take(): Promise<void> {
    if (this.sentCount >= this.polite.maxRequests) throw new BudgetExhausted(this.polite.maxRequests);
    this.sentCount++;
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.polite.rate;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }

  /** The full URL of a path of the service. */
  url(path: string): string {
    return this.target.base + (path.startsWith('/') ? path : `/${path}`);
  }

  /** Sends one request and resolves with what happened; never rejects except for the budget. */
  async request(path: string, options: AuditRequest = {}): Promise<HttpOutcome> {
    await this.take();
    const url = new URL(this.url(path));
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const headers: Record<string, string> = { 'user-agent': 'operable-audit', connection: 'close', ...options.headers };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: HttpOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        resolve(outcome);
      };
      const req = send(url, { method: options.method ?? 'GET', headers, agent: false });
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const timer = setTimeout(() => settle({ kind: 'error', code: 'TIMEOUT', message: `no complete response within ${timeoutMs} ms`, durationMs: elapsed() }), timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) => settle({ kind: 'error', code: error.code ?? 'ERROR', message: error.message, durationMs: elapsed() }));
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY_BYTES) chunks.push(chunk);
        });
        res.on('error', (error: NodeJS.ErrnoException) => settle({ kind: 'error', code: error.code ?? 'ERROR', message: error.message, durationMs: elapsed() }));
        res.on('end', () => {
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          settle({ kind: 'response', status: res.statusCode ?? 0, headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8'), durationMs: elapsed() });
        });
      });
      req.end(options.body);
    });
  }

  /** A connection that sends only what the item writes (a request's first bytes, then nothing). */
  async openRawConnection(): Promise<RawSocket> {
    await this.take();
    const { hostname, port, protocol } = this.target;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const opened = protocol === 'https:' ? tlsConnect({ host: hostname, port, servername: hostname }) : netConnect({ host: hostname, port });
      opened.once(protocol === 'https:' ? 'secureConnect' : 'connect', () => resolve(opened));
      opened.once('error', reject);
    });
    return rawSocketOf(socket);
  }
}

/** The harness's RawSocket over a connected socket: what was received, whether and when it closed. */
function rawSocketOf(socket: Socket): RawSocket {
  let received = '';
  let closed = false;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => {}); // a reset is the service closing on us: seen as 'close'
  const whenClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.once('close', () => (closed = true));
  return {
    write: (data) => void (closed || socket.write(data, 'latin1')),
    received: () => received,
    get closed() {
      return closed;
    },
    whenClosed: () => whenClosed,
    destroy: () => socket.destroy(),
  };
}
