/**
 * @module
 * Every lab of the course, in order. Static imports, so a bundler can pack the labs for the browser.
 */
import { defineLab, type Lab } from '../src/engine/lab.ts';
import manifest01 from './01-configuration/lab.json' with { type: 'json' };
import { checks as checks01 } from './01-configuration/checks.ts';
import manifest02 from './02-environment/lab.json' with { type: 'json' };
import { checks as checks02 } from './02-environment/checks.ts';
import manifest03 from './03-graceful-shutdown/lab.json' with { type: 'json' };
import { checks as checks03 } from './03-graceful-shutdown/checks.ts';
import manifest04 from './04-health/lab.json' with { type: 'json' };
import { checks as checks04 } from './04-health/checks.ts';
import manifest05 from './05-metrics/lab.json' with { type: 'json' };
import { checks as checks05 } from './05-metrics/checks.ts';
import manifest06 from './06-tracing/lab.json' with { type: 'json' };
import { checks as checks06 } from './06-tracing/checks.ts';

export const labs: readonly Lab[] = [
  defineLab(manifest01, checks01),
  defineLab(manifest02, checks02),
  defineLab(manifest03, checks03),
  defineLab(manifest04, checks04),
  defineLab(manifest05, checks05),
  defineLab(manifest06, checks06),
];

export function findLab(id: string): Lab | undefined {
  return labs.find((lab) => lab.manifest.id === id);
}
