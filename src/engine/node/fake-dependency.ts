/**
 * @module
 * A fake dependency on loopback: a small HTTP server that answers `GET /ping` (and any path) with
 * `{ ok: true }` while up, and can be switched to down, slow, hanging or failing (an error status). It counts every request, so a
 * check can prove how often the service called it (e.g. that readiness results are cached).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FakeDependency, FakeMode } from '../harness.ts';
import { InfrastructureError } from '../check.ts';

export class FakeHttpDependency implements FakeDependency {
  private mode: FakeMode = { kind: 'up' };
  private count = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly name: string;
  url = '';

  constructor(name: string) {
    this.name = name;
    this.server = createServer((req, res) => this.answer(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error) => reject(new InfrastructureError(`Could not start the fake ${this.name}: ${error.message}`)));
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  private answer(_req: IncomingMessage, res: ServerResponse): void {
    this.count++;
    const mode = this.mode;
    const ok = () => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, name: this.name }));
    };
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

  calls(): number {
    return this.count;
  }

  resetCalls(): void {
    this.count = 0;
  }

  async dispose(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
