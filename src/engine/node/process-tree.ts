/**
 * @module
 * Ending a service and everything it started. Services are spawned as process-group leaders
 * (`detached: true`), so one signal to the group reaches grandchildren too.
 */

const livingGroups = new Set<number>();

/** Records a spawned process group so it is killed even if the grader itself exits abruptly. */
export function trackProcessGroup(pid: number): void {
  livingGroups.add(pid);
}

/** SIGKILLs the whole process group led by `pid`; a group that is already gone is fine. */
export function killProcessGroup(pid: number): void {
  livingGroups.delete(pid);
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

// 'exit' handlers must be synchronous: process.kill is.
process.once('exit', () => {
  for (const pid of [...livingGroups]) killProcessGroup(pid);
});
