/**
 * @module
 * An Astro integration that writes a brotli (`.br`) and a gzip (`.gz`) copy beside each compressible
 * file of the built site when `astro build` ends, for the server's static host to send to browsers
 * that accept them (src/server/site.ts). The editor alone is ~12 MB of scripts and each lab ~1 MB of
 * declarations: compressed once at build, not on every request. Pages are left out: the server adds
 * a tag to each and compresses the result itself.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { AstroIntegration } from 'astro';
import pLimit from 'p-limit';

const compressibleFile = /\.(?:js|mjs|css|json|svg|ttf|txt|xml|webmanifest)$/;
/** Below this, the headers of a compressed response weigh about what it saves. */
const MIN_BYTES = 1024;
/** Brotli's quality 5: within 15 % of its best (11) at a hundredth of the time, so the build stays quick. */
const BROTLI_QUALITY = 5;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Compresses every compressible file of `dir` (and below) into `.br` and `.gz` copies beside it. */
export async function precompressDirectory(dir: string): Promise<{ files: number; bytes: number; brotliBytes: number }> {
  const limit = pLimit(4);
  const totals = { files: 0, bytes: 0, brotliBytes: 0 };
  const files = (await filesUnder(dir)).filter((file) => compressibleFile.test(file));
  await Promise.all(
    files.map((file) =>
      limit(async () => {
        const content = await readFile(file);
        if (content.length < MIN_BYTES) return;
        const [br, gz] = await Promise.all([
          brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
          gzipAsync(content, { level: 6 }),
        ]);
        await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
        totals.files += 1;
        totals.bytes += content.length;
        totals.brotliBytes += br.length;
      }),
    ),
  );
  return totals;
}

export function precompressAssets(): AstroIntegration {
  return {
    name: 'operable:precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { files, bytes, brotliBytes } = await precompressDirectory(fileURLToPath(dir));
        const mb = (n: number) => (n / 1e6).toFixed(1);
        logger.info(`${files} files precompressed: ${mb(bytes)} MB, ${mb(brotliBytes)} MB as brotli`);
      },
    },
  };
}
