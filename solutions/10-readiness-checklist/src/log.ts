/**
 * @module
 * A structured logger: one JSON object a line on stdout, as every Operable lab service logs. `with()`
 * gives a logger that adds fields to every line it writes — the request's id, for one.
 */

export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose every line also carries `fields`. */
  with(fields: LogFields): Logger;
}

function write(level: string, msg: string, fields: LogFields): void {
  process.stdout.write(`${JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields })}\n`);
}

export function createLogger(base: LogFields = {}): Logger {
  return {
    info: (msg, fields) => write('info', msg, { ...base, ...fields }),
    warn: (msg, fields) => write('warn', msg, { ...base, ...fields }),
    error: (msg, fields) => write('error', msg, { ...base, ...fields }),
    with: (fields) => createLogger({ ...base, ...fields }),
  };
}

export const log = createLogger();
