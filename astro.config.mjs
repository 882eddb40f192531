// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { monacoViteOptions } from './src/build/monaco-vite.ts';
import { crossOriginIsolationHeaders } from './src/server/isolation-headers.ts';
import { codeThemes } from './src/content/code-themes.ts';
import { pagefindIndex } from './src/build/pagefind-index.ts';
import { precompressAssets } from './src/build/precompress.ts';
import { satteri } from '@astrojs/markdown-satteri';
import { scrollTables } from './src/build/scroll-tables.ts';

// The site is prerendered; the Operable server (src/server/) serves it, adds the isolation headers to
// every response and runs labs. The node adapter's handler serves any on-demand route.
export default defineConfig({
  site: 'http://localhost:4321',
  trailingSlash: 'ignore',
  // precompressAssets last: it compresses what the others wrote (Pagefind's UI too).
  integrations: [mdx(), pagefindIndex(), precompressAssets()],
  markdown: { processor: satteri({ hastPlugins: [scrollTables] }), shikiConfig: { themes: codeThemes } },
  adapter: node({ mode: 'middleware' }),
  // The site's few KB of CSS inline in each page: no render-blocking request before the first paint.
  build: { inlineStylesheets: 'always' },
  server: { headers: crossOriginIsolationHeaders },
  vite: {
    ...monacoViteOptions(),
    build: {
      chunkSizeWarningLimit: 8000,
      rolldownOptions: {
        // Astro marks MDX pages with its own "use astro:…" directive, which Rolldown does not know and
        // warns about once per lesson; Astro handles it. Every other log goes through as usual.
        onLog(level, log, defaultHandler) {
          if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('"use astro:')) return;
          defaultHandler(level, log);
        },
      },
    },
  },
});
