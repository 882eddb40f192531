/**
 * @module
 * The server's structured log: one JSON object a line on stdout, like every lab service.
 */
export type LogFields = Record<string, unknown>;

function write(level: string, msg: string, fields: LogFields = {}): void {
  process.stdout.write(`${JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields })}\n`);
}

export const log = {
  info: (msg: string, fields?: LogFields) => write('info', msg, fields),
  warn: (msg: string, fields?: LogFields) => write('warn', msg, fields),
  error: (msg: string, fields?: LogFields) => write('error', msg, fields),
};
