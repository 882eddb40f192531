/**
 * @module
 * Download the learner's editable files as a zip holding one folder, which `npx operable check`
 * grades once unzipped.
 */
import { strToU8, zipSync } from 'fflate';

export function downloadFolder(labId: string, files: Record<string, string>): void {
  const folder = `my-${labId}`;
  const entries: Record<string, Uint8Array> = {
    [`${folder}/README.txt`]: strToU8(
      `Your work on lab ${labId}, saved from Operable.\n\nGrade it from the Operable project folder:\n  npx operable check ${labId} path/to/${folder}\n`,
    ),
  };
  for (const [path, content] of Object.entries(files)) entries[`${folder}/${path}`] = strToU8(content);
  const blob = new Blob([zipSync(entries)], { type: 'application/zip' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${folder}.zip`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
