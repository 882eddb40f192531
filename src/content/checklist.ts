/**
 * @module
 * The production readiness checklist of lesson 10, in one place: the lesson renders each group's items
 * from it (src/components/ChecklistGroup.astro), and the interactive checklist ticks, saves and exports
 * those same items. Each item says what it is, the incident it prevents, how to verify it, the lesson
 * that teaches it, and which `operable audit` items see it from outside (or what a reviewer reads
 * instead).
 */

/** Where an item is taught: a lesson of the course, and optionally a section of it. */
export interface Taught {
  lesson: string;
  label: string;
  section?: string;
}

export interface ChecklistItem {
  /** Stable: the interactive checklist saves ticks by it, so never reuse one for another meaning. */
  id: string;
  /** What it is, as a sentence a reviewer can say yes or no to. */
  title: string;
  /** The incident it prevents. */
  why: string;
  /** How to verify it by hand. */
  verify: string;
  taught: Taught;
  /** The `operable audit` items that verify it from outside; empty when none can. */
  audit: readonly string[];
  /** What a reviewer looks at when the audit cannot see it (or sees only part of it). */
  reviewer?: string;
}

export interface ChecklistGroup {
  /** The id of the lesson section that teaches the group, which is also its anchor. */
  id: string;
  title: string;
  items: readonly ChecklistItem[];
}

const lesson = (number: string, slug: string, label: string, section?: string): Taught => ({ lesson: `${number}-${slug}`, label, ...(section ? { section } : {}) });
const here = (section: string, label: string): Taught => ({ lesson: '10-readiness-checklist', label, section });

export const checklist: readonly ChecklistGroup[] = [
  {
    id: 'the-operational-baseline',
    title: 'The operational baseline',
    items: [
      {
        id: 'config-validated',
        title: 'Configuration is read once at start, validated as a whole, and passed in',
        why: 'A mistyped port or a "false" that reads as true breaks the service hours later, mid-request; a bad value should stop the start instead.',
        verify: 'Start it with one wrong value: it exits non-zero before listening and names every problem at once.',
        taught: lesson('01', 'configuration', 'Lesson 01, Application configuration'),
        audit: [],
        reviewer: 'Start the service with a bad setting and read stderr; grep the code for process.env outside the config module.',
      },
      {
        id: 'secrets-from-environment',
        title: 'Secrets come from the environment, never from the code or an image, and never reach an output',
        why: 'A key committed to the repository or printed by a /config endpoint is a key everyone with read access holds.',
        verify: 'Grep the repository for keys; read what /info or /config answers; run without a required secret and see the start refused.',
        taught: lesson('02', 'environment', 'Lesson 02, Environment-based configuration'),
        audit: [],
        reviewer: 'The deployment manifest (secrets mounted as env or files) and every endpoint that describes the configuration.',
      },
      {
        id: 'graceful-shutdown',
        title: 'SIGTERM drains requests in flight, then exits 0 within a deadline',
        why: 'Every deploy, scale-down and node drain sends SIGTERM; without a drain each one cuts requests in half.',
        verify: 'Send SIGTERM during a slow request: it completes, new connections are refused, the process exits before the grace period.',
        taught: lesson('03', 'graceful-shutdown', 'Lesson 03, Graceful shutdown'),
        audit: [],
        reviewer: 'The audit never signals a process it did not start: send SIGTERM yourself (or run the lab 03 checks) and read the exit code.',
      },
      {
        id: 'liveness',
        title: 'Liveness answers from the process alone, within a probe’s one second',
        why: 'A liveness probe that asks the database restarts every instance at once when the database fails.',
        verify: 'Stop the database: /livez still answers 200 at once.',
        taught: lesson('04', 'health', 'Lesson 04, Health and readiness', 'liveness'),
        audit: ['probes.livez-answers'],
        reviewer: 'The audit sees the answer, not what it depends on: read the handler for calls outside the process.',
      },
      {
        id: 'readiness',
        title: 'Readiness checks what the instance cannot serve without, with a timeout, and says no while starting and draining',
        why: 'An instance that says ready too early, or keeps saying it after SIGTERM, receives traffic it drops.',
        verify: 'Make the database hang: /readyz answers 503 within its timeout. Send SIGTERM: 503 at once.',
        taught: lesson('04', 'health', 'Lesson 04, Health and readiness', 'readiness'),
        audit: ['probes.readyz-answers'],
        reviewer: 'Warm-up and draining need process control: read the handler, or run lab 04’s checks.',
      },
    ],
  },
  {
    id: 'logging',
    title: 'Logging',
    items: [
      {
        id: 'structured-logs',
        title: 'Logs are one JSON object a line on stdout, with level, msg and time',
        why: 'Free-text lines cannot be filtered by field; a multi-line stack trace splits into lines nobody can join again.',
        verify: 'Pipe the output through a JSON parser (jq): every line parses, errors included.',
        taught: here('logging', 'Lesson 10, Logging'),
        audit: [],
        reviewer: 'The audit cannot read logs: read a minute of the service’s output under traffic and through an error.',
      },
      {
        id: 'request-id',
        title: 'Every request has an id: a caller’s valid X-Request-Id kept, one made otherwise, a hostile one replaced',
        why: 'Without an id, the lines of one failed request cannot be found among thousands; a caller’s id echoed unchecked writes what they like into your logs.',
        verify: 'Send X-Request-Id: abc-123 and see it come back; send none and get a fresh one; send 300 characters and get a fresh one.',
        taught: here('request-ids', 'Lesson 10, Request ids'),
        audit: ['request.id-kept', 'request.id-made', 'request.id-untrusted-replaced'],
      },
      {
        id: 'request-id-in-logs',
        title: 'Every log line a request causes carries its id, and one access line records how it ended',
        why: 'An id on the response helps nobody if the log lines behind it do not carry it.',
        verify: 'Send one request with a known id, then grep the logs for it: the route’s lines and its access line.',
        taught: here('request-ids', 'Lesson 10, Request ids'),
        audit: [],
        reviewer: 'Grep the logs for the id the audit sent (it names it in request.id-kept).',
      },
      {
        id: 'no-secret-in-logs',
        title: 'No secret reaches a log line: not in an error message, a header, or a query string',
        why: 'Logs are copied to more places, and read by more people, than any secret store; a leaked key there is a leaked key.',
        verify: 'Make a call fail whose message holds a key, send a bearer token and a ?token=: grep the logs for all three.',
        taught: here('logging', 'Lesson 10, Logging'),
        audit: [],
        reviewer: 'What the logger is given: headers, full URLs, error messages from SDKs; and the redaction in front of it.',
      },
    ],
  },
  {
    id: 'errors',
    title: 'Error handling',
    items: [
      {
        id: 'problem-json',
        title: 'Errors answer application/problem+json with a status and a title',
        why: 'Clients that get an HTML page, a plain "Internal Server Error" or a different JSON shape per route each parse errors their own way, and break on the next one.',
        verify: 'Ask for a path that does not exist, and make a route fail: both answers are problem+json.',
        taught: here('errors', 'Lesson 10, Errors'),
        audit: ['errors.problem-json'],
      },
      {
        id: 'client-mistakes-4xx',
        title: 'A malformed request is the caller’s mistake: 400, never 500',
        why: 'Broken JSON answered with 500 pages the on-call engineer for a client’s bug and hides real failures in the error rate.',
        verify: 'POST a body that is not JSON, and a path with bad percent-encoding: 4xx.',
        taught: here('errors', 'Lesson 10, Errors'),
        audit: ['errors.client-mistakes-are-4xx'],
      },
      {
        id: 'no-stack-trace',
        title: 'No answer shows a stack trace, an error’s message or a file path in production',
        why: 'A stack trace maps your code for an attacker; an SDK’s error message can hold an internal URL or a key.',
        verify: 'With NODE_ENV=production, make a route throw: the answer has a generic title and a reference, nothing else.',
        taught: here('errors', 'Lesson 10, Errors'),
        audit: ['errors.no-stack-trace'],
        reviewer: 'The audit sees the errors it can provoke; read app.onError for error.message or error.stack in the answer.',
      },
      {
        id: 'failure-logged',
        title: 'Every failure is logged once, whole, with its request id, and the answer quotes that id',
        why: 'A 500 with nothing in the log, or logged three times by three layers, turns a support ticket into guesswork.',
        verify: 'Make a route fail, take the id from the answer, find exactly one error line with it.',
        taught: here('errors', 'Lesson 10, Errors'),
        audit: [],
        reviewer: 'The error handler: one log call at level error, the stack with secrets removed.',
      },
    ],
  },
  {
    id: 'timeouts',
    title: 'Timeouts',
    items: [
      {
        id: 'request-timeout',
        title: 'A request that takes too long ends with 504 at a deadline, and its work stops',
        why: 'Without a deadline a slow dependency makes callers wait forever; without stopping the work, every timed-out request keeps its database query running.',
        verify: 'Call a slow route: 504 at the deadline, and no work logged after it.',
        taught: here('timeouts', 'Lesson 10, Timeouts'),
        audit: ['timeouts.request-timeout'],
        reviewer: 'Without --slow the audit has no slow route to try; either way it cannot see the work: read that the deadline’s AbortSignal reaches every query and fetch.',
      },
      {
        id: 'server-timeouts',
        title: 'The server drops clients that send their request slowly or never finish it',
        why: 'Node waits 60 s for headers and 300 s for a request by default: a few hundred idle sockets hold a process’s memory and file descriptors.',
        verify: 'Open a connection, send half the headers, wait: the server closes it within headersTimeout plus the checking interval.',
        taught: here('timeouts', 'Lesson 10, Timeouts'),
        audit: ['timeouts.slow-client-dropped'],
      },
      {
        id: 'outbound-timeouts',
        title: 'Every call out (database, HTTP, queue) has a timeout of its own',
        why: 'fetch waits five minutes for headers by default; one hanging dependency then holds every request that touches it.',
        verify: 'Make a dependency hang: the call fails after its timeout with an error that says so.',
        taught: lesson('04', 'health', 'Lesson 04, Health and readiness', 'dependency-checks-need-timeouts'),
        audit: [],
        reviewer: 'Every fetch, client and pool in the code: an AbortSignal.timeout() or the client’s own timeout settings.',
      },
    ],
  },
  {
    id: 'limits',
    title: 'Limits',
    items: [
      {
        id: 'body-limit',
        title: 'Bodies over a limit are refused with 413 as they stream in, before any handler reads them',
        why: 'A service that reads a body whole before measuring it can be made to buffer gigabytes, or to wait forever on a body that never ends.',
        verify: 'POST 10 MiB, and a chunked body that never ends: 413 without waiting for the end.',
        taught: here('limits', 'Lesson 10, Limits'),
        audit: ['limits.body-too-large'],
        reviewer: 'The audit sends a Content-Length; a chunked body needs reading the middleware: it counts the stream, it does not read the text.',
      },
      {
        id: 'rate-limit',
        title: 'Each client is rate limited, with a 429 that says when to come back (Retry-After, RateLimit headers)',
        why: 'One client in a loop, a retry storm or a scraper takes the capacity every other client needed.',
        verify: 'Send requests in a loop from one address: a 429 with Retry-After, and the remaining count going down before it.',
        taught: lesson('07', 'rate-limiting', 'Lesson 07, Rate limiting'),
        audit: ['limit.enforced'],
        reviewer: 'The key: the socket’s address, or X-Forwarded-For only from a proxy you trust (lesson 07).',
      },
      {
        id: 'probes-exempt',
        title: 'The probes and /metrics are never rate limited',
        why: 'A kubelet behind the same address as a noisy client gets 429s, counts failed probes, and restarts a healthy pod.',
        verify: 'While limited, /livez, /readyz and /metrics still answer.',
        taught: lesson('07', 'rate-limiting', 'Lesson 07, Rate limiting', 'what-not-to-limit'),
        audit: ['limit.probes-exempt'],
      },
      {
        id: 'bounded-work',
        title: 'Queues, caches and concurrency have bounds; work that does not fit is refused or shed, never piled up',
        why: 'An unbounded queue or cache grows until the process is killed for memory, taking every request in it along.',
        verify: 'Flood the job endpoint: it answers 503 or 429 once the queue is full, and memory stays flat.',
        taught: lesson('09', 'background-jobs', 'Lesson 09, Background jobs'),
        audit: [],
        reviewer: 'Every queue, cache (lesson 08) and Promise.all over user input: its bound and what happens past it.',
      },
    ],
  },
  {
    id: 'observability',
    title: 'Observability',
    items: [
      {
        id: 'metrics-exposed',
        title: 'Metrics are exposed in the Prometheus format, with the process’s own CPU, memory and event-loop lag',
        why: 'Without metrics an outage is noticed by users first, and nobody can say since when.',
        verify: 'curl /metrics: the registry’s Content-Type, a body that parses, process_cpu_seconds_total in it.',
        taught: lesson('05', 'metrics', 'Lesson 05, Metrics'),
        audit: ['metrics.exposition', 'metrics.process'],
      },
      {
        id: 'red-by-route',
        title: 'Requests are counted and timed in a histogram by method, route template and status',
        why: 'A path as a label turns every scanner’s URL into a series, until the monitoring system runs out of memory.',
        verify: 'Request /orders/1 and /orders/2: one series, route="/orders/:id".',
        taught: lesson('05', 'metrics', 'Lesson 05, Metrics', 'labels-and-cardinality'),
        audit: ['metrics.request-histogram', 'metrics.bounded-cardinality'],
      },
      {
        id: 'alerts',
        title: 'Alerts fire on symptoms (error ratio, latency, up == 0), and someone receives them',
        why: 'An alert on CPU pages for a busy service; no up == 0 rule stays silent through a total outage.',
        verify: 'Break something in staging and see the page arrive.',
        taught: lesson('05', 'metrics', 'Lesson 05, Metrics', 'alert-on-symptoms'),
        audit: [],
        reviewer: 'The alerting rules in Prometheus (or your vendor), not the service.',
      },
      {
        id: 'tracing',
        title: 'Traces continue a caller’s traceparent and reach a backend; a malformed one is ignored',
        why: 'Without propagation a slow request is a mystery spread over five services’ logs.',
        verify: 'Send a traceparent and find the trace, with your server span, in the tracing backend.',
        taught: lesson('06', 'tracing', 'Lesson 06, Distributed tracing'),
        audit: ['tracing.traceparent-continued', 'tracing.malformed-traceparent-harmless'],
        reviewer: 'Most services send no traceresponse header, so the audit reports the first as not verifiable: look the trace id up in the backend.',
      },
    ],
  },
  {
    id: 'security',
    title: 'Security',
    items: [
      {
        id: 'secure-headers',
        title: 'Answers carry the secure headers (nosniff, frame protection, a referrer policy, HSTS over HTTPS), and no X-Powered-By',
        why: 'Without them a browser may sniff a JSON answer as HTML or frame your pages; X-Powered-By tells a scanner which exploits to try.',
        verify: 'curl -I any route and read the headers.',
        taught: here('security', 'Lesson 10, Security'),
        audit: ['headers.secure'],
      },
      {
        id: 'cors-allowlist',
        title: 'CORS allows the origins on a configured list, never an echo of Origin and never * with credentials',
        why: 'An echoed Origin with credentials lets any site a user visits read their data from your API.',
        verify: 'Send Origin: https://evil.example: no Access-Control-Allow-Origin for it; send a listed origin: allowed.',
        taught: here('cors', 'Lesson 10, CORS'),
        audit: ['cors.foreign-origin-refused'],
      },
      {
        id: 'internal-endpoints',
        title: 'Probes and /metrics are not reachable from the internet',
        why: 'They name internal hosts, routes and versions, and every call costs CPU.',
        verify: 'From outside the cluster, ask for /metrics and /readyz through the public address: refused or 404.',
        taught: lesson('04', 'health', 'Lesson 04, Health and readiness', 'the-response-body'),
        audit: [],
        reviewer: 'The ingress and the ports exposed: the service cannot know who reaches it.',
      },
    ],
  },
];

/** Every item, in the order of the lesson. */
export const checklistItems = checklist.flatMap((group) => group.items);

/** The page an item's lesson lives at (with its section's anchor). */
export function taughtHref({ lesson, section }: Taught): string {
  return `/lessons/${lesson}/${section ? `#${section}` : ''}`;
}
