/**
 * The type declarations the editor's TypeScript service gets for each lab, trimmed to what the lab's
 * files can import (see src/build/lab-types.ts), written at build time: fetched when the lab opens.
 */
import type { APIRoute } from 'astro';
import { labs } from '../../../../labs/index.ts';
import { labTypeLibraries } from '../../../build/lab-types.ts';

export function getStaticPaths() {
  return labs.map((lab) => ({ params: { id: lab.manifest.id } }));
}

export const GET: APIRoute = async ({ params }) => {
  const libraries = await labTypeLibraries(params.id!);
  return new Response(JSON.stringify(libraries), { headers: { 'Content-Type': 'application/json' } });
};
