/**
 * @module
 * A Vite plugin that turns Monaco's CSS imports into modules that inject a <style> when they run.
 * Without it Astro hoists the CSS of dynamically imported modules into every page's <head>
 * (withastro/astro#9495): ~175 KB of Monaco CSS on each lesson page before the lab is even opened.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';

const PREFIX = '\0monaco-css:';

export function monacoCssOnDemand(): Plugin {
  return {
    name: 'operable:monaco-css-on-demand',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.endsWith('.css')) return null;
      if (!importer.includes('/monaco-editor/') && !source.includes('/monaco-editor/')) return null;
      // Ends in .js, not .css, so Vite's CSS pipeline leaves the module alone.
      return `${PREFIX}${resolve(dirname(importer), source)}.js`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -'.js'.length);
      const imports: string[] = [];
      // Relative url()s (the codicon font) become asset imports, so they resolve from the page.
      const css = readFileSync(file, 'utf8').replace(/url\((['"]?)(\.{1,2}\/[^'")]+)\1\)/g, (_match, _quote, path: string) => {
        imports.push(`import asset${imports.length} from ${JSON.stringify(`${resolve(dirname(file), path)}?url`)};`);
        return `url(__ASSET_${imports.length - 1}__)`;
      });
      const text = JSON.stringify(css).replace(/__ASSET_(\d+)__/g, '" + asset$1 + "');
      return `${imports.join('\n')}
const style = document.createElement('style');
style.dataset.monaco = ${JSON.stringify(file.split('/monaco-editor/')[1])};
style.textContent = ${text};
document.head.append(style);
`;
    },
  };
}
