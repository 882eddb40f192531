/**
 * What the in-browser runtime mounts for each lab (see src/build/container-files.ts), written at build
 * time: fetched only when a learner starts the lab in the WebContainer runtime.
 */
import type { APIRoute } from 'astro';
import { labs } from '../../../../labs/index.ts';
import { buildContainerTree } from '../../../build/container-files.ts';

export function getStaticPaths() {
  return labs.map((lab) => ({ params: { id: lab.manifest.id } }));
}

export const GET: APIRoute = async ({ params }) => {
  const tree = await buildContainerTree(params.id!);
  return new Response(JSON.stringify(tree), { headers: { 'Content-Type': 'application/json' } });
};
