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
import manifest07 from './07-rate-limiting/lab.json' with { type: 'json' };
import { checks as checks07 } from './07-rate-limiting/checks.ts';
import manifest08 from './08-caching/lab.json' with { type: 'json' };
import { checks as checks08 } from './08-caching/checks.ts';
import manifest09 from './09-background-jobs/lab.json' with { type: 'json' };
import { checks as checks09 } from './09-background-jobs/checks.ts';
import manifest10 from './10-readiness-checklist/lab.json' with { type: 'json' };
import { checks as checks10 } from './10-readiness-checklist/checks.ts';

export const labs: readonly Lab[] = [
  defineLab(manifest01, checks01),
  defineLab(manifest02, checks02),
  defineLab(manifest03, checks03),
  defineLab(manifest04, checks04),
  defineLab(manifest05, checks05),
  defineLab(manifest06, checks06),
  defineLab(manifest07, checks07),
  defineLab(manifest08, checks08),
  defineLab(manifest09, checks09),
  defineLab(manifest10, checks10),
];

export function findLab(id: string): Lab | undefined {
  return labs.find((lab) => lab.manifest.id === id);
}
