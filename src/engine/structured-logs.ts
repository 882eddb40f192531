/**
 * @module
 * The labs' common logging contract: every stdout line is a JSON object with string `level`, `msg`
 * and `time`. Checks of several labs judge it the same way.
 */
import type { LogLine, ServiceInstance } from './harness.ts';

export function stdoutLines(service: ServiceInstance): LogLine[] {
  return service.logLines().filter((line) => line.stream === 'stdout');
}

/** Whether a line is a structured log line: JSON with string level, msg and time. */
export function isStructured(line: LogLine): boolean {
  return !!line.json && typeof line.json.level === 'string' && typeof line.json.msg === 'string' && typeof line.json.time === 'string';
}

/** The first stdout line that breaks the contract, or undefined when every line keeps it. */
export function firstUnstructuredLine(service: ServiceInstance): LogLine | undefined {
  return stdoutLines(service).find((line) => !isStructured(line));
}
