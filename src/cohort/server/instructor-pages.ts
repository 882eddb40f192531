/**
 * @module
 * Placeholder: the instructor's pages (cohorts, roster, assignments, gradebook) are being written.
 */
import { Hono } from 'hono';
import type { CohortEnv } from './env.ts';

export function instructorPages() {
  return new Hono<CohortEnv>();
}
