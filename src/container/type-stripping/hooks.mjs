/**
 * Module load hooks (run on Node's loader thread) that let a Node without type stripping run a lab
 * service written in TypeScript: a `.ts`/`.mts` file is read, its types are erased by amaro (Node's
 * own stripper, so the same erasable-syntax rules and the same positions in stack traces), and it is
 * loaded as an ES module. Lab services are ES modules with `.ts` import specifiers, which Node's
 * default resolver already finds.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const { transformSync } = createRequire(import.meta.url)('./amaro.cjs');

const TYPESCRIPT = /\.m?ts$/;

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !TYPESCRIPT.test(new URL(url).pathname)) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  const source = await readFile(filename, 'utf8');
  let code;
  try {
    ({ code } = transformSync(source, { mode: 'strip-only', filename }));
  } catch (error) {
    // amaro reports syntax it cannot erase (an enum, a namespace) or a syntax error, with its position.
    const reason = error && typeof error === 'object' && 'message' in error ? error.message : String(error);
    throw new SyntaxError(`${filename}: ${reason}`);
  }
  return { format: 'module', source: `${code}\n//# sourceURL=${url}`, shortCircuit: true };
}
