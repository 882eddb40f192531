/**
 * @module
 * The checks of lab 03, graceful shutdown. Each starts its own service, puts it in the situation a
 * deploy creates (requests in flight, keep-alive clients, silent sockets), sends a signal, and judges
 * what the clients and the process saw.
 *
 * Timing margins are set against what `npm run bench` observed on a 2-core machine with all eleven
 * checks running at once (10 runs of the reference): the process exits 8-92 ms after its last
 * response or a signal, a new connection is refused in 1 ms, the deadline fires 13-17 ms late.
 * PROMPT_MS is ten times the worst of those, so a slow machine does not fail a correct service, while
 * every mistake the checks catch is off by seconds.
 */
import { type CheckContext, defineCheck, expectThat, fail } from '../../src/engine/check.ts';
import { firstUnstructuredLine, stdoutLines } from '../../src/engine/structured-logs.ts';
import { describeExit, describeOutcome } from '../../src/engine/describe.ts';
import type { HttpOutcome, KeepAliveConnection, ServiceInstance, ServiceSignal } from '../../src/engine/harness.ts';

/** How long after sending a request the check assumes the service has received it. */
const IN_FLIGHT_AFTER_MS = 300;
/** Slack for "promptly": exiting after a drain, closing a socket, reacting to a signal. */
const PROMPT_MS = 1000;

interface InFlight {
  service: ServiceInstance;
  response: Promise<HttpOutcome>;
  /** Time of the signal, in ms since the service was spawned. */
  signalledAtMs: number;
}

/** Starts the service, sends GET /slow?ms=N, and signals it while that request is in flight. */
async function signalDuringSlowRequest(
  context: CheckContext,
  options: { signal: ServiceSignal; slowMs: number; env?: Record<string, string>; connection?: (s: ServiceInstance) => KeepAliveConnection },
): Promise<InFlight> {
  context.step('starting the service');
  const service = await context.start({ env: options.env });
  context.step(`sending GET /slow?ms=${options.slowMs}`);
  const response = service.request(`/slow?ms=${options.slowMs}`, {
    connection: options.connection?.(service),
    timeoutMs: options.slowMs + 10_000,
  });
  await context.sleep(IN_FLIGHT_AFTER_MS);
  context.step(`sending ${options.signal} while the request is in flight`);
  service.signal(options.signal);
  return { service, response, signalledAtMs: service.elapsedMs() };
}

/** Waits for the response and notes, in service time, when it ended. */
async function responseWithEnd(service: ServiceInstance, response: Promise<HttpOutcome>) {
  const outcome = await response;
  return { outcome, endedAtMs: service.elapsedMs() };
}

async function expectDrained(context: CheckContext, signal: ServiceSignal): Promise<void> {
  const { response } = await signalDuringSlowRequest(context, { signal, slowMs: 1500 });
  context.measure('inherentWaitMs', 1500);
  context.step('waiting for the response of the request in flight');
  const outcome = await response;
  expectThat(
    outcome.kind === 'response' && outcome.status === 200,
    `GET /slow?ms=1500, in flight when ${signal} arrived, to complete with HTTP 200`,
    () => `${describeOutcome(outcome)}`,
  );
}

export const serviceAnswers = defineCheck({
  id: 'service.answers',
  title: 'The service starts and answers GET / and GET /slow',
  points: 1,
  hint: 'Lesson 03, "The lab": the service must listen on process.env.PORT and keep the routes of src/app.ts.',
  async run(context) {
    const service = await context.start();
    context.step('sending GET /slow?ms=100');
    const outcome = await service.request('/slow?ms=100');
    context.measure('inherentWaitMs', 100);
    expectThat(
      outcome.kind === 'response' && outcome.status === 200 && outcome.durationMs >= 100,
      'GET /slow?ms=100 to answer HTTP 200 after about 100 ms',
      () => describeOutcome(outcome),
    );
  },
});

export const logsAreStructured = defineCheck({
  id: 'logs.structured',
  needs: ['signals'],
  title: 'Every line the service prints to stdout is a JSON log with level, msg and time',
  points: 1,
  hint: 'Lesson 03, "Say what you are doing": log through src/log.ts, never console.log with free text.',
  async run(context) {
    const service = await context.start();
    context.step('sending GET / and SIGTERM');
    context.measure('inherentWaitMs', 0);
    await service.request('/');
    service.signal('SIGTERM');
    await service.waitForExit(3000);
    expectThat(stdoutLines(service).length > 0, 'at least one JSON log line on stdout (e.g. "listening")', () => 'no output on stdout');
    const bad = firstUnstructuredLine(service);
    expectThat(!bad, 'every stdout line to be a JSON object with string fields level, msg and time', () => `the line ${JSON.stringify(bad!.text.slice(0, 200))}`);
  },
});

export const drainsInFlight = defineCheck({
  id: 'shutdown.drains-in-flight',
  needs: ['signals'],
  title: 'A request in flight at SIGTERM still gets its 200',
  points: 3,
  hint: 'Lesson 03, "Let in-flight requests finish": on SIGTERM call server.close() and exit only from its callback; never process.exit() straight away, and never closeAllConnections() before the drain.',
  async run(context) {
    await expectDrained(context, 'SIGTERM');
  },
});

export const sigintDrainsToo = defineCheck({
  id: 'shutdown.sigint-drains-too',
  needs: ['signals'],
  title: 'SIGINT (Ctrl-C) drains like SIGTERM',
  points: 2,
  hint: 'Lesson 03, "Signals": register the same handler for SIGINT as for SIGTERM.',
  async run(context) {
    await expectDrained(context, 'SIGINT');
  },
});

export const refusesNewConnections = defineCheck({
  id: 'shutdown.refuses-new-connections',
  needs: ['signals'],
  title: 'A new connection after SIGTERM is refused, so the load balancer tries another instance',
  points: 2,
  hint: 'Lesson 03, "Stop accepting": server.close() closes the listening socket at once; do not delay it.',
  async run(context) {
    const { service } = await signalDuringSlowRequest(context, { signal: 'SIGTERM', slowMs: 3000 });
    await context.sleep(250);
    context.step('opening a new connection 250 ms after SIGTERM');
    const outcome = await service.request('/', { timeoutMs: 2000 });
    context.measure('inherentWaitMs', IN_FLIGHT_AFTER_MS + 250);
    context.measure('newConnectionOutcomeMs', outcome.durationMs);
    expectThat(
      outcome.kind === 'error' && outcome.code === 'ECONNREFUSED',
      'a new connection 250 ms after SIGTERM, while a request is still draining, to be refused (ECONNREFUSED)',
      () => (outcome.kind === 'response' ? `it was accepted and answered: ${describeOutcome(outcome)}` : describeOutcome(outcome)),
    );
  },
});

export const exitsZeroAfterDrain = defineCheck({
  id: 'shutdown.exits-zero-after-drain',
  needs: ['signals'],
  title: 'Once the last request is answered, the process exits with code 0',
  points: 2,
  hint: 'Lesson 03, "Exit when drained": exit in server.close()\'s callback; a timer or open handle left behind keeps Node running forever.',
  async run(context) {
    const { service, response } = await signalDuringSlowRequest(context, { signal: 'SIGTERM', slowMs: 1000 });
    context.measure('inherentWaitMs', 1000);
    context.step('waiting for the request in flight');
    const { outcome, endedAtMs } = await responseWithEnd(service, response);
    if (outcome.kind !== 'response') fail('the request in flight to complete first', describeOutcome(outcome));
    context.step('waiting for the process to exit after its last response');
    const exit = await service.waitForExit(PROMPT_MS);
    if (exit) context.measure('exitAfterResponseMs', exit.atMs - endedAtMs);
    expectThat(exit !== undefined, `the process to exit within ${PROMPT_MS} ms of its last response`, () => `still running ${PROMPT_MS} ms after it`);
    expectThat(exit.code === 0, 'exit code 0 after a clean drain', () => describeExit(exit));
  },
});

export const idleKeepAliveDoesNotHold = defineCheck({
  id: 'shutdown.idle-keepalive-does-not-hold',
  needs: ['signals'],
  title: 'An idle keep-alive client does not hold the process open',
  points: 2,
  hint: 'Lesson 03, "Keep-alive connections": server.close() closes idle keep-alive sockets (Node 19+); make sure nothing else keeps them.',
  async run(context) {
    const service = await context.start();
    const connection = service.openKeepAliveConnection();
    context.step('sending GET / on a keep-alive connection and leaving it idle');
    const outcome = await service.request('/', { connection });
    if (outcome.kind !== 'response') fail('GET / to answer', describeOutcome(outcome));
    expectThat(!connection.closed, 'the connection to stay open before SIGTERM', () => 'the service closed it after one request');
    service.signal('SIGTERM');
    const signalledAtMs = service.elapsedMs();
    context.step('waiting for the process to exit');
    const exit = await service.waitForExit(PROMPT_MS);
    context.measure('inherentWaitMs', 0);
    if (exit) context.measure('exitAfterSignalMs', exit.atMs - signalledAtMs);
    expectThat(
      exit !== undefined,
      `the process to exit within ${PROMPT_MS} ms of SIGTERM when its only client is an idle keep-alive connection`,
      () => `still running after ${PROMPT_MS} ms; the idle connection is ${connection.closed ? 'closed' : 'still open'}`,
    );
  },
});

export const busyKeepAliveGetsConnectionClose = defineCheck({
  id: 'shutdown.busy-keepalive-closes',
  needs: ['signals'],
  title: 'A keep-alive client busy at SIGTERM gets Connection: close and does not hold the process',
  points: 2,
  hint: 'Lesson 03, "Connection: close while draining": set the header on every response still to be sent once draining starts, or the client keeps the socket and the process waits for its keep-alive timeout.',
  async run(context) {
    const { service, response } = await signalDuringSlowRequest(context, {
      signal: 'SIGTERM',
      slowMs: 1000,
      connection: (s) => s.openKeepAliveConnection(),
    });
    context.measure('inherentWaitMs', 1000);
    context.step('waiting for the response of the request in flight');
    const { outcome, endedAtMs } = await responseWithEnd(service, response);
    if (outcome.kind !== 'response' || outcome.status !== 200) fail('the request in flight to complete with HTTP 200', describeOutcome(outcome));
    expectThat(
      outcome.headers.connection?.toLowerCase() === 'close',
      'the response finished while draining to carry "Connection: close"',
      () => `Connection: ${outcome.headers.connection ?? '(absent)'}`,
    );
    const exit = await service.waitForExit(PROMPT_MS);
    if (exit) context.measure('exitAfterResponseMs', exit.atMs - endedAtMs);
    expectThat(exit !== undefined, `the process to exit within ${PROMPT_MS} ms of that response`, () => `still running after ${PROMPT_MS} ms`);
  },
});

export const silentSocketDoesNotHold = defineCheck({
  id: 'shutdown.silent-socket-does-not-hold',
  needs: ['signals'],
  title: 'A client that connects and sends nothing does not hold the process past its deadline',
  points: 2,
  hint: 'Lesson 03, "The drain deadline": server.close() never closes a socket that has not sent a request; a deadline timer (unref\'d) that calls closeAllConnections() and exits does.',
  async run(context) {
    const timeoutMs = 1500;
    const service = await context.start({ env: { SHUTDOWN_TIMEOUT_MS: String(timeoutMs) } });
    context.step('opening a connection that sends nothing');
    await service.openRawSocket();
    await context.sleep(100);
    service.signal('SIGTERM');
    const signalledAtMs = service.elapsedMs();
    context.step('waiting for the process to exit');
    const exit = await service.waitForExit(timeoutMs + PROMPT_MS);
    context.measure('inherentWaitMs', 100);
    if (exit) context.measure('exitAfterSignalMs', exit.atMs - signalledAtMs);
    expectThat(
      exit !== undefined,
      `with SHUTDOWN_TIMEOUT_MS=${timeoutMs}, the process to exit within ${timeoutMs + PROMPT_MS} ms of SIGTERM`,
      () => `still running after ${timeoutMs + PROMPT_MS} ms, held by a connection that never sent a request`,
    );
  },
});

export const deadlineEnforced = defineCheck({
  id: 'shutdown.deadline-enforced',
  needs: ['signals'],
  title: 'Past SHUTDOWN_TIMEOUT_MS the remaining connections are cut and the process exits 1',
  points: 2,
  hint: 'Lesson 03, "The drain deadline": start a timer when draining begins; when it fires, closeAllConnections() and process.exit(1).',
  async run(context) {
    const timeoutMs = 1000;
    const { service, signalledAtMs } = await signalDuringSlowRequest(context, {
      signal: 'SIGTERM',
      slowMs: 8000,
      env: { SHUTDOWN_TIMEOUT_MS: String(timeoutMs) },
    });
    context.measure('inherentWaitMs', IN_FLIGHT_AFTER_MS + timeoutMs);
    context.step('waiting for the deadline');
    const exit = await service.waitForExit(timeoutMs + PROMPT_MS);
    expectThat(
      exit !== undefined,
      `with SHUTDOWN_TIMEOUT_MS=${timeoutMs} and an 8 s request in flight, the process to exit about ${timeoutMs} ms after SIGTERM`,
      () => `still running ${timeoutMs + PROMPT_MS} ms after SIGTERM`,
    );
    const afterSignalMs = exit.atMs - signalledAtMs;
    context.measure('exitAfterSignalMs', afterSignalMs);
    expectThat(
      afterSignalMs >= timeoutMs * 0.8,
      `the process to wait for its deadline (${timeoutMs} ms) before giving up`,
      () => `it exited ${afterSignalMs} ms after SIGTERM (${describeExit(exit)})`,
    );
    expectThat(exit.code === 1, 'exit code 1, since requests were cut off', () => describeExit(exit));
  },
});

export const secondSignalExitsNow = defineCheck({
  id: 'shutdown.second-signal-exits-now',
  needs: ['signals'],
  title: 'A second signal during the drain exits at once',
  points: 1,
  hint: 'Lesson 03, "The second signal": an operator pressing Ctrl-C twice means "now"; if draining has started, exit(1) immediately.',
  async run(context) {
    const { service } = await signalDuringSlowRequest(context, { signal: 'SIGTERM', slowMs: 8000 });
    await context.sleep(300);
    if (service.exit) fail('the process to be draining 300 ms after the first SIGTERM', `it had already exited (${describeExit(service.exit)})`);
    context.step('sending a second SIGTERM');
    service.signal('SIGTERM');
    const secondAtMs = service.elapsedMs();
    const exit = await service.waitForExit(PROMPT_MS);
    context.measure('inherentWaitMs', IN_FLIGHT_AFTER_MS + 300);
    if (exit) context.measure('exitAfterSecondSignalMs', exit.atMs - secondAtMs);
    expectThat(exit !== undefined, `the process to exit within ${PROMPT_MS} ms of the second SIGTERM`, () => `still running after ${PROMPT_MS} ms`);
    expectThat(exit.code !== 0, 'a non-zero exit, since a request was abandoned', () => describeExit(exit));
  },
});

export const checks = [
  serviceAnswers,
  logsAreStructured,
  drainsInFlight,
  sigintDrainsToo,
  refusesNewConnections,
  exitsZeroAfterDrain,
  idleKeepAliveDoesNotHold,
  busyKeepAliveGetsConnectionClose,
  silentSocketDoesNotHold,
  deadlineEnforced,
  secondSignalExitsNow,
];
