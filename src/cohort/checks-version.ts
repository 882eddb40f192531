/**
 * @module
 * A short fingerprint of a lab's checks (ids, points, timeouts and the code that runs them), stored
 * with every grade: the gradebook shows which version of the checks produced it, and "regrade after a
 * check changed" finds the grades an older version made.
 */
import type { Lab } from '../engine/lab.ts';
import { sha256 } from './secrets.ts';

const versions = new Map<string, string>();

export function checksVersion(lab: Lab): string {
  let version = versions.get(lab.manifest.id);
  if (!version) {
    const described = lab.checks.map((check) => [check.id, check.points, check.timeoutMs ?? null, check.needs ?? [], check.run.toString()]);
    version = sha256(JSON.stringify(described)).slice(0, 12);
    versions.set(lab.manifest.id, version);
  }
  return version;
}
