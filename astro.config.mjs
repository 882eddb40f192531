// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { monacoCssOnDemand } from './src/build/monaco-css-on-demand.ts';
import { crossOriginIsolationHeaders } from './src/server/isolation-headers.ts';
import { codeThemes } from './src/content/code-themes.ts';

// The site is prerendered; the Operable server (src/server/) serves it, adds the isolation headers to
// every response and runs labs. The node adapter's handler serves any on-demand route.
export default defineConfig({
  site: 'http://localhost:4321',
  trailingSlash: 'ignore',
  integrations: [mdx()],
  markdown: { shikiConfig: { themes: codeThemes } },
  adapter: node({ mode: 'middleware' }),
  server: { headers: crossOriginIsolationHeaders },
  vite: {
    plugins: [monacoCssOnDemand()],
    worker: { format: 'es' },
    build: { chunkSizeWarningLimit: 8000 },
  },
});
