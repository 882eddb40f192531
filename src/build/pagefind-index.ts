/**
 * @module
 * An Astro integration that builds the course's search index with Pagefind when `astro build` ends, so
 * `npm run build` and the server's build on `npm start` both produce it. Pagefind indexes only what a
 * page marks `data-pagefind-body` (a lesson's text); the map, the 404 and the lab workspace stay out.
 * The index and Pagefind's UI land in the site's /pagefind/, fetched by SiteSearch.astro on first use.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

/** Fails with every message Pagefind gave, when it gave any. */
function orFail(step: string, errors: string[]): void {
  if (errors.length) throw new Error(`Pagefind could not ${step}: ${errors.join('; ')}`);
}

export function pagefindIndex(): AstroIntegration {
  return {
    name: 'operable:pagefind-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
        try {
          orFail('start', errors);
          if (!index) throw new Error('Pagefind returned no index');
          const added = await index.addDirectory({ path: site });
          orFail('index the site', added.errors);
          if (added.page_count === 0) throw new Error('Pagefind found no page marked data-pagefind-body');
          orFail('write the index', (await index.writeFiles({ outputPath: join(site, 'pagefind') })).errors);
          logger.info(`search index written (${added.page_count} pages read; only lesson text is indexed)`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
