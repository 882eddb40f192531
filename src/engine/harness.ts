/**
 * @module
 * The harness interface checks are written against. Hosts implement it: Node (CLI, local runner,
 * Playwright grading) spawns the service as a child process; later, a WebContainer host runs it in the
 * browser. Nothing here depends on Node.
 */
import type { ReceivedExport, ReceivedSpan } from './traces.ts';

export type ServiceSignal = 'SIGTERM' | 'SIGINT' | 'SIGKILL';

export interface StartOptions {
  /** Added to the lab's env defaults; `PORT` and `HOST` are set by the harness. */
  env?: Record<string, string>;
  /** Files written into this instance's folder over the submission's (e.g. `config/production.json`, `.env`). */
  files?: Record<string, string>;
  /**
   * The loopback address the service is told to listen on (HOST) and is reached at (default 127.0.0.1).
   * Another one (127.0.0.2) asks whether the service listens where HOST says; needs 'second-loopback'.
   */
  host?: string;
  /** Files of the submission left out of this instance's folder, to see the service start without one (`config/default.json`). */
  withoutFiles?: readonly string[];
  /** Names of the lab's env defaults to leave out, to see the service start without them (a required secret). */
  unsetEnv?: readonly string[];
  /**
   * How the harness writes the free port it picked into the lab's port variable (default: its digits).
   * `(port) => \`${port}abc\`` asks whether the service accepts a number with a tail.
   */
  formatPort?: (port: number) => string;
  /**
   * The folder the process starts in, relative to the instance's folder (default: that folder itself),
   * created if missing: a service must find its own files wherever it is started from.
   */
  workingDirectory?: string;
  /**
   * Wait until the service answers HTTP before returning (default true). With false, `start` returns as
   * soon as the process is spawned, for checks about start-up itself.
   */
  waitUntilAnswering?: boolean;
  /** Told about output and the exit as they happen, for hosts that stream them (the workspace). */
  observer?: ServiceObserver;
}

export interface ServiceObserver {
  line?(line: LogLine): void;
  exit?(exit: ExitInfo): void;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Give up after this long and report a timeout (default 10 s). */
  timeoutMs?: number;
  /**
   * The connection to send on. Without one, every request opens a fresh connection that the client
   * closes after the response (`Connection: close`), so the client never holds the server open.
   */
  connection?: KeepAliveConnection;
  /**
   * The loopback address the request is sent from, on a fresh connection (default: the system's
   * choice, 127.0.0.1). Another one (127.0.0.2, 127.0.0.3, …) is another client to the service, as its
   * socket sees it; needs 'second-loopback'.
   */
  localAddress?: string;
}

/** What came back for a request: a response, or the way it failed. Checks judge both. */
export type HttpOutcome =
  | {
      kind: 'response';
      status: number;
      /** Header names in lower case. */
      headers: Record<string, string>;
      body: string;
      /** From sending the request to the end of the body. */
      durationMs: number;
    }
  | {
      kind: 'error';
      /** e.g. ECONNREFUSED, ECONNRESET, TIMEOUT; NOT_RUNNING when the workspace has no service to ask */
      code: string;
      message: string;
      durationMs: number;
    };

/**
 * The answer to a workspace request that finds no service running (it stopped while the request was on
 * its way): an outcome like a refused connection, not a runtime failure, since probes and traffic in
 * flight at a stop meet it as a matter of course.
 */
export function serviceNotRunning(): HttpOutcome {
  return { kind: 'error', code: 'NOT_RUNNING', message: 'The service is not running: press Run first.', durationMs: 0 };
}

/** A client that keeps one TCP connection open between requests, as browsers and proxies do. */
export interface KeepAliveConnection {
  /** Whether the server has closed the connection (or it was never opened). */
  readonly closed: boolean;
  /** Resolves when the server closes the connection, with ms since the connection opened. */
  whenClosed(): Promise<number>;
  close(): void;
}

/** A raw TCP connection, for clients that misbehave: connect and say nothing, send half a request. */
export interface RawSocket {
  write(data: string): void;
  /** Everything received so far. */
  received(): string;
  readonly closed: boolean;
  whenClosed(): Promise<void>;
  destroy(): void;
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** ms since the process was spawned */
  atMs: number;
}

/** One log line of the service: parsed when it is JSON, kept as text when it is not. */
export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  json?: Record<string, unknown>;
  atMs: number;
}

export interface ServiceInstance {
  readonly port: number;
  readonly host: string;
  /** ms since the process was spawned */
  elapsedMs(): number;
  request(path: string, options?: RequestOptions): Promise<HttpOutcome>;
  openKeepAliveConnection(): KeepAliveConnection;
  openRawSocket(): Promise<RawSocket>;
  signal(signal: ServiceSignal): void;
  /** Resolves with the exit, or undefined if the process is still running after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<ExitInfo | undefined>;
  readonly exit: ExitInfo | undefined;
  stdout(): string;
  stderr(): string;
  logLines(): LogLine[];
  /**
   * A file the service wrote in its own folder (e.g. the jobs it spilled at shutdown), as text, or
   * undefined when there is none. `path` is relative to that folder; a link or a file over 1 MiB is refused.
   */
  readFile(path: string): Promise<string | undefined>;
  /**
   * Bytes of memory the service's processes hold right now, as the operating system counts them from
   * outside (resident, anonymous where it says so), or undefined once it has exited. What a service
   * reports about itself can be wrong; this cannot. A check calling it declares needs: ['process-memory'].
   */
  residentMemoryBytes(): Promise<number | undefined>;
}

/** How slow "slow" is when a learner flips a fault switch in the workspace. */
export const WORKSPACE_SLOW_DELAY_MS = 2000;

/** The fake mode a workspace fault switch means; "slow" takes its delay from the caller or the default. */
export function fakeModeOf(kind: WorkspaceFakeKind, delayMs = WORKSPACE_SLOW_DELAY_MS): WorkspaceFakeMode {
  return kind === 'slow' ? { kind, delayMs } : { kind };
}

/** The modes a learner can switch a fake to in the workspace; "failing" is for checks. */
export type WorkspaceFakeKind = Exclude<FakeMode['kind'], 'failing'>;
export type WorkspaceFakeMode = Extract<FakeMode, { kind: WorkspaceFakeKind }>;

/** How a fake dependency behaves right now. */
export type FakeMode =
  | { kind: 'up' }
  | { kind: 'down' } // connections are reset at once, as when the process behind the port is gone
  | { kind: 'slow'; delayMs: number }
  | { kind: 'hanging' } // requests are accepted and never answered
  | { kind: 'failing'; status: number }; // every request answered at once with this error status

/** A request a fake dependency received, as it arrived: what a check reads to prove propagation. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, e.g. `/stock/42`. */
  path: string;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** ms since the fake started listening */
  atMs: number;
}

/**
 * What a fake dependency answers while up: `ping` says `{ ok: true, name }` to any request (a
 * database's ping, a downstream service); `record-store` keeps JSON records by path, GET and PUT, as
 * node/record-store.ts describes (lab 08's product store).
 */
export const FAKE_KINDS = ['ping', 'record-store'] as const;
export type FakeKind = (typeof FAKE_KINDS)[number];

/**
 * A real Redis the harness runs on loopback for one check (lab 08's shared cache): no persistence,
 * stopped with the check. Only hosts with the 'redis' capability have one.
 */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`, to hand to the service through REDIS_URL. */
  readonly url: string;
  /**
   * Runs one command, as the check's own client, and returns the reply as its non-empty lines of
   * text: `PTTL k` → `['734']`, `KEYS *` → one line a key, nil → `[]`. An error reply rejects with Redis's message.
   */
  command(...args: string[]): Promise<string[]>;
  /** Kills the server as a crash would: every connection drops, every key is gone. */
  stop(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  start(): Promise<void>;
}

/**
 * A dependency the harness runs on loopback for the service to call (a database stand-in, a
 * downstream service, a telemetry collector), whose behaviour a check switches and whose calls it counts.
 */
export interface FakeDependency {
  /** Base URL to hand to the service, e.g. through DB_URL. */
  readonly url: string;
  setMode(mode: FakeMode): void;
  /** Requests received since start (or the last reset), whatever the mode. */
  calls(): number;
  /** The last requests received since start (or the last reset), oldest first, whatever the mode. */
  received(): readonly ReceivedRequest[];
  /** Forgets the calls and requests received so far. */
  resetCalls(): void;
}

/**
 * An OTLP/HTTP collector stand-in (a fake dependency, so it can be down or hanging too): it accepts
 * `POST /v1/traces` in protobuf or JSON, as an OpenTelemetry Collector does, and keeps every span.
 */
export interface TraceCollector extends FakeDependency {
  /** Every span decoded so far, in the order the exports arrived. */
  spans(): readonly ReceivedSpan[];
  /** Every request that reached the collector, decodable or not, in order. */
  exports(): readonly ReceivedExport[];
}

export interface Harness {
  /** Starts the learner's service on a free port; every instance is stopped when the check ends. */
  start(options?: StartOptions): Promise<ServiceInstance>;
  /** Starts a fake dependency on loopback, answering as `kind` says (default `ping`); stopped when the check ends. */
  startFake(name: string, kind?: FakeKind): Promise<FakeDependency>;
  /** Starts an OTLP/HTTP trace collector stand-in on loopback; stopped when the check ends. */
  startCollector(): Promise<TraceCollector>;
  /** Starts a real Redis on loopback; stopped when the check ends. A check calling it declares needs: ['redis']. */
  startRedis(): Promise<RedisServer>;
}
