/**
 * @module
 * A fake dependency on loopback: a small HTTP server that answers `GET /ping` (and any path) with
 * `{ ok: true }` while up, and can be switched to down, slow, hanging or failing (an error status). It counts every request, so a
 * check can prove how often the service called it (e.g. that readiness results are cached), and keeps
 * the last requests' method, path and headers (e.g. the `traceparent` a traced call carries).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { InfrastructureError } from '../check.ts';
import type { FakeDependency, FakeKind, FakeMode, ReceivedRequest } from '../harness.ts';
import { isLeased } from './free-port.ts';
import { recordStore } from './record-store.ts';

/** Requests kept for `received()`: enough for any check, bounded for a workspace that runs for an hour. */
const KEPT_REQUESTS = 1000;

/**
 * How a fake answers a request while up (or, late, while slow). `arrivedAt` (`performance.now()` when
 * the request arrived) lets a slow record store answer what it held then.
 */
export type Responder = (req: IncomingMessage, res: ServerResponse, arrivedAt: number) => void;

/** Told of every request as it arrives, whatever the mode (the workspace's traced stand-ins time their answers). */
export type RequestObserver = (req: IncomingMessage, res: ServerResponse) => void;

export class FakeHttpDependency implements FakeDependency {
  private mode: FakeMode = { kind: 'up' };
  private count = 0;
  private requests: ReceivedRequest[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly name: string;
  private readonly respond: Responder;
  private readonly observe: RequestObserver | undefined;
  private readonly startedAt = performance.now();
  url = '';

  /** `respond` answers while up; by default `{ ok: true, name }` to any request. */
  constructor(name: string, respond?: Responder, observe?: RequestObserver) {
    this.name = name;
    this.observe = observe;
    this.respond = respond ?? ((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, name: this.name })));
    this.server = createServer((req, res) => this.answer(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<this> {
    // A port leased to a service still starting is free to the OS; taking it would answer that service's readiness probe.
    for (let attempt = 1; ; attempt++) {
      await new Promise<void>((resolve, reject) => {
        const failed = (error: Error) => reject(new InfrastructureError(`Could not start the fake ${this.name}: ${error.message}`));
        this.server.once('error', failed);
        this.server.listen(0, '127.0.0.1', () => {
          this.server.off('error', failed);
          resolve();
        });
      });
      const address = this.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      if (isLeased(port) && attempt < 10) {
        await new Promise((resolve) => this.server.close(resolve));
        continue;
      }
      this.url = `http://127.0.0.1:${port}`;
      return this;
    }
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    this.count++;
    this.record(req);
    this.observe?.(req, res);
    const mode = this.mode;
    const arrivedAt = performance.now();
    const ok = () => this.respond(req, res, arrivedAt);
    switch (mode.kind) {
      case 'up':
        return ok();
      case 'slow': {
        const timer = setTimeout(ok, mode.delayMs);
        res.once('close', () => clearTimeout(timer));
        return;
      }
      case 'down':
        res.socket?.destroy();
        return;
      case 'hanging':
        return; // never answered; closed at dispose()
      case 'failing':
        res.writeHead(mode.status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: false, name: this.name }));
        return;
    }
  }

  setMode(mode: FakeMode): void {
    this.mode = mode;
  }

  private record(req: IncomingMessage): void {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers, atMs: this.elapsedMs() });
    if (this.requests.length > KEPT_REQUESTS) this.requests.splice(0, this.requests.length - KEPT_REQUESTS);
  }

  /** ms since this fake was made. */
  elapsedMs(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  calls(): number {
    return this.count;
  }

  received(): readonly ReceivedRequest[] {
    return [...this.requests];
  }

  resetCalls(): void {
    this.count = 0;
    this.requests = [];
  }

  async dispose(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A fake that answers as `kind` says (harness.ts, FakeKind): a ping by default, or a record store. */
export function fakeOfKind(name: string, kind: FakeKind = 'ping', observe?: RequestObserver): FakeHttpDependency {
  return new FakeHttpDependency(name, kind === 'record-store' ? recordStore() : undefined, observe);
}
