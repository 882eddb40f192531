/**
 * Each lab's data for the workspace, written at build time (see src/workspace/lab-data.ts).
 */
import type { APIRoute } from 'astro';
import { labs, findLab } from '../../../labs/index.ts';
import { labFolders } from '../../engine/node/project-paths.ts';
import { readFolder } from '../../engine/node/read-folder.ts';
import type { LabData } from '../../workspace/lab-data.ts';

export function getStaticPaths() {
  return labs.map((lab) => ({ params: { id: lab.manifest.id } }));
}

export const GET: APIRoute = async ({ params }) => {
  const lab = findLab(params.id!)!;
  const folders = labFolders(lab.manifest.id);
  const starter = await readFolder(folders.starter);
  const solution = await readFolder(folders.solution);
  const editable = lab.manifest.editableFiles;
  // Editable files first, in the manifest's order; then the read-only files the code imports.
  const paths = [...editable, ...[...starter.keys()].filter((path) => !editable.includes(path) && path.startsWith('src/'))];
  const data: LabData = {
    manifest: lab.manifest,
    files: [
      ...paths.map((path) => ({ path, content: starter.get(path) ?? '', editable: editable.includes(path) })),
      ...lab.manifest.workspace.scratchFiles.map(({ path, content }) => ({ path, content, editable: true, scratch: true })),
    ],
    solution: Object.fromEntries(editable.map((path) => [path, solution.get(path) ?? ''])),
    checks: lab.checks.map(({ id, title, points }) => ({ id, title, points })),
  };
  return new Response(JSON.stringify(data), { headers: { 'Content-Type': 'application/json' } });
};
