/**
 * The lesson-sections plugin through the Markdown pipeline the site builds with: each h2 and what
 * follows it (tables already boxed by scrollTables included) becomes one section, the introduction
 * before the first h2 stays outside, and a page without h2 is left as written.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSatteriMarkdownProcessor } from '@astrojs/markdown-satteri';
import { lessonSections } from '../../src/build/lesson-sections.ts';
import { scrollTables } from '../../src/build/scroll-tables.ts';

async function render(markdown: string): Promise<string> {
  const processor = await createSatteriMarkdownProcessor({ hastPlugins: [scrollTables, lessonSections], syntaxHighlight: false });
  return (await processor.render(markdown)).code;
}

/** The HTML with whitespace between tags dropped, to compare structure. */
const squeeze = (html: string) => html.replace(/>\s+</g, '><').trim();

test('each h2 and what follows it, up to the next h2, is one section; the introduction stays outside', async () => {
  const html = squeeze(await render('Intro.\n\n## One\n\nText *a*.\n\n### Deeper\n\nMore.\n\n## Two\n\n| Signal | Number |\n|---|---|\n| SIGTERM | 15 |\n'));
  assert.match(html, /^<p>Intro\.<\/p><section class="lesson-section"><h2[^>]*>One<\/h2><p>Text <em>a<\/em>\.<\/p><h3[^>]*>Deeper<\/h3><p>More\.<\/p><\/section><section class="lesson-section"><h2[^>]*>Two<\/h2><div class="table-scroll"[^>]*><table>/);
  assert.ok(html.endsWith('</table></div></section>'), html.slice(-80));
  assert.equal(html.match(/<section/g)?.length, 2);
  assert.match(html, /<h2 id="one">/, 'headings keep their ids: the table of contents links to them');
});

test('a page without h2 is left as written', async () => {
  const html = squeeze(await render('Only a paragraph.\n\n### A small heading\n\nAnd text.\n'));
  assert.doesNotMatch(html, /<section/);
  assert.match(html, /^<p>Only a paragraph\.<\/p><h3/);
});
