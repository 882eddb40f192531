/**
 * @module
 * What a learner needs from a crashed service's stderr: the file and line, the code there, and the
 * error, with the temporary folder's path and Node's internal stack frames taken out.
 */

const MAX_LINES = 20;

export function summarizeStderr(stderr: string, workdir: string): string {
  const relative = stderr.replaceAll(`file://${workdir}/`, '').replaceAll(`${workdir}/`, '');
  const lines = relative
    // Node's own frame for an uncaught exception in an ES module, printed above the real location
    .replace(/^node:internal\/modules\/run_main:\d+\n\s*triggerUncaughtException\([^\n]*\n\s*\^\n\n/m, '')
    .split('\n')
    .filter((line) => !/^\s+at .*\bnode:/.test(line) && !/^Node\.js v\d/.test(line));
  const collapsed = lines.join('\n').replace(/\n{3,}/g, '\n\n').trim().split('\n');
  return collapsed.length > MAX_LINES ? ['…', ...collapsed.slice(-MAX_LINES)].join('\n') : collapsed.join('\n');
}
