/**
 * The type stripper the in-browser runtime mounts when the container's Node cannot run TypeScript
 * (see src/build/container-files.ts): one file for every lab, fetched only when needed.
 */
import type { APIRoute } from 'astro';
import { buildTypeStripperFiles, toTree } from '../../build/container-files.ts';

export const GET: APIRoute = async () => {
  const tree = toTree(await buildTypeStripperFiles());
  return new Response(JSON.stringify(tree), { headers: { 'Content-Type': 'application/json' } });
};
