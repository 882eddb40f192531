/**
 * Every audit item names the lesson that teaches it and the section to read: the link must land on a
 * heading of that lesson (Astro gives headings github-slugger ids), or a failed item sends the reader nowhere.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import GithubSlugger from 'github-slugger';
import { auditItems } from '../../src/audit/items/index.ts';
import { DEFAULT_AUDIT_OPTIONS } from '../../src/audit/run-audit.ts';
import { projectRoot } from '../../src/engine/node/project-paths.ts';

/** The ids Astro gives a lesson's headings. */
async function headingIds(lesson: string): Promise<Set<string>> {
  const source = await readFile(join(projectRoot, 'src/content/lessons', `${lesson}.mdx`), 'utf8');
  const slugger = new GithubSlugger();
  const ids = new Set<string>();
  for (const [, text] of source.matchAll(/^#{2,4} (.+)$/gm)) ids.add(slugger.slug(text!.replace(/`/g, '').trim()));
  return ids;
}

test('every audit item links to a lesson heading that exists', async () => {
  const missing: string[] = [];
  for (const item of auditItems(DEFAULT_AUDIT_OPTIONS)) {
    const { lesson, section } = item.teachesIt;
    if (section && !(await headingIds(lesson)).has(section)) missing.push(`${item.id} → ${lesson}#${section}`);
  }
  assert.deepEqual(missing, []);
});
