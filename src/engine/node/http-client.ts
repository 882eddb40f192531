/**
 * @module
 * An HTTP/1.1 client for checks, on node:http rather than fetch: checks need to see `Connection`
 * headers, to hold one keep-alive socket on purpose, and to get failures (refused, reset) as data.
 */
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { HttpOutcome, KeepAliveConnection, RawSocket, RequestOptions } from '../harness.ts';

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 1024 * 1024;

/** A keep-alive connection is a one-socket agent; the check holds it and sends requests on it. */
export class AgentConnection implements KeepAliveConnection {
  readonly agent = new Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 });
  private socket: Socket | undefined;
  private openedAt = 0;
  private closedAfterMs: number | undefined;
  private readonly closeWaiters: Array<(ms: number) => void> = [];

  get closed(): boolean {
    return this.socket === undefined || this.closedAfterMs !== undefined;
  }

  /** Called for every request sent on this connection, with the socket the agent chose. */
  adopt(socket: Socket): void {
    if (socket === this.socket) return;
    this.socket = socket;
    this.openedAt = performance.now();
    this.closedAfterMs = undefined;
    socket.once('close', () => {
      if (socket !== this.socket) return;
      this.closedAfterMs = performance.now() - this.openedAt;
      for (const resolve of this.closeWaiters.splice(0)) resolve(this.closedAfterMs);
    });
  }

  whenClosed(): Promise<number> {
    if (this.closedAfterMs !== undefined) return Promise.resolve(this.closedAfterMs);
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Sends one request and resolves with what happened; never rejects. */
export function sendRequest(host: string, port: number, path: string, options: RequestOptions = {}): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const connection = options.connection as AgentConnection | undefined;
  const headers: Record<string, string> = { ...options.headers };
  if (!connection) headers.connection ??= 'close';

  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = httpRequest({
      host,
      port,
      path,
      method: options.method ?? 'GET',
      headers,
      agent: connection ? connection.agent : false,
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    });
    const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const timer = setTimeout(() => {
      settle({ kind: 'error', code: 'TIMEOUT', message: `no complete response within ${timeoutMs} ms`, durationMs: elapsed() });
      req.destroy();
    }, timeoutMs);

    req.on('socket', (socket) => connection?.adopt(socket));
    req.on('error', (error: NodeJS.ErrnoException) => {
      settle({ kind: 'error', code: error.code ?? 'ERROR', message: error.message, durationMs: elapsed() });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      res.on('error', (error: NodeJS.ErrnoException) => {
        settle({ kind: 'error', code: error.code ?? 'ERROR', message: error.message, durationMs: elapsed() });
      });
      // 'aborted' bodies end with an error above; a body cut short without one is reported here.
      res.on('end', () => {
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        settle({
          kind: 'response',
          status: res.statusCode ?? 0,
          headers: responseHeaders,
          body: Buffer.concat(chunks).toString('utf8'),
          durationMs: elapsed(),
        });
      });
    });
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Opens a TCP connection that sends only what the check writes. */
export function openRawSocket(host: string, port: number): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = '';
    let closed = false;
    const closeWaiters: Array<() => void> = [];
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => (received += data));
    socket.on('close', () => {
      closed = true;
      for (const wake of closeWaiters.splice(0)) wake();
    });
    socket.once('error', (error) => {
      if (!socket.connecting) return; // errors after connecting surface as 'close'
      reject(error);
    });
    socket.once('connect', () => {
      socket.on('error', () => {});
      resolve({
        write: (data) => void socket.write(data),
        received: () => received,
        get closed() {
          return closed;
        },
        whenClosed: () => (closed ? Promise.resolve() : new Promise<void>((wake) => closeWaiters.push(wake))),
        destroy: () => socket.destroy(),
      });
    });
  });
}
