/**
 * Lesson 10's interactive checklist: the Markdown it exports for a pull request, the state it keeps in
 * localStorage, and the one list of items both the lesson and the widget are made from.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { checklist, checklistItems } from '../../src/content/checklist.ts';
import { checklistMarkdown } from '../../src/checklist/markdown.ts';
import { clearState, loadState, saveState, STORAGE_KEY } from '../../src/checklist/storage.ts';
import { auditItems } from '../../src/audit/items/index.ts';
import { projectRoot } from '../../src/engine/node/project-paths.ts';

/** A Storage with only what the checklist uses, in memory. */
function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

const known = new Set(checklistItems.map((item) => item.id));

test('the export is a GitHub task list per group, ticked where ticked, with the audit items and a count', () => {
  const groups = [
    { title: 'Logging', items: [{ title: 'Logs are JSON', checked: true, audit: [] }, { title: 'Every request has an id', checked: false, audit: ['request.id-kept', 'request.id-made'] }] },
    { title: 'Security', items: [{ title: 'Secure headers', checked: true, audit: ['headers.secure'] }] },
  ];
  assert.equal(
    checklistMarkdown(groups, { service: '  orders   api ', date: '2026-11-30' }),
    [
      '# Production readiness: orders api',
      '',
      '2 of 3 items checked on 2026-11-30. Items marked *audit* can be re-checked from outside with `npx operable audit <url>`.',
      '',
      '## Logging',
      '',
      '- [x] Logs are JSON',
      '- [ ] Every request has an id *audit: `request.id-kept`, `request.id-made`*',
      '',
      '## Security',
      '',
      '- [x] Secure headers *audit: `headers.secure`*',
      '',
    ].join('\n'),
  );
});

test('a service name cannot inject Markdown into the export', () => {
  const markdown = checklistMarkdown([], { service: '# [x] <b>*evil*</b>', date: '2026-11-30' });
  assert.equal(markdown.split('\n')[0], '# Production readiness: \\# \\[x\\] \\<b\\>\\*evil\\*\\</b\\>');
});

test('ticks and the service name survive a save and a load, under one namespaced, versioned key', () => {
  const storage = memoryStorage();
  assert.ok(saveState(storage, { service: 'orders', checked: ['request-id', 'cors-allowlist'] }));
  assert.deepEqual([...storage.values.keys()], [STORAGE_KEY]);
  assert.match(STORAGE_KEY, /^operable:checklist:v\d+$/);
  assert.deepEqual(loadState(storage, known), { service: 'orders', checked: ['request-id', 'cors-allowlist'] });
  clearState(storage);
  assert.deepEqual(loadState(storage, known), { service: '', checked: [] });
});

test('a saved state that is broken, of another version, or names removed items loads as what is still valid', () => {
  assert.deepEqual(loadState(memoryStorage({ [STORAGE_KEY]: '{not json' }), known), { service: '', checked: [] });
  assert.deepEqual(loadState(memoryStorage({ [STORAGE_KEY]: JSON.stringify({ version: 2, service: 'x', checked: ['request-id'] }) }), known), { service: '', checked: [] });
  const saved = JSON.stringify({ version: 1, service: 7, checked: ['request-id', 'gone-item', 3, 'request-id'] });
  assert.deepEqual(loadState(memoryStorage({ [STORAGE_KEY]: saved }), known), { service: '', checked: ['request-id'] });
});

test('a browser that refuses to store keeps the page working', () => {
  const refusing = { setItem: () => { throw new DOMException('quota', 'QuotaExceededError'); } };
  assert.equal(saveState(refusing, { service: '', checked: [] }), false);
});

test('checklist items have unique ids, and name only audit items that exist', () => {
  const ids = checklistItems.map((item) => item.id);
  assert.equal(new Set(ids).size, ids.length);
  const auditIds = new Set(auditItems({ burst: 150, slowClientLimitMs: 40_000 }).map((item) => item.id));
  for (const item of checklistItems) {
    for (const id of item.audit) assert.ok(auditIds.has(id), `${item.id} names audit item ${id}, which does not exist`);
    assert.ok(item.audit.length > 0 || item.reviewer, `${item.id} is invisible to the audit and says nothing for a reviewer`);
  }
  const named = new Set(checklistItems.flatMap((item) => item.audit));
  for (const id of auditIds) assert.ok(named.has(id), `audit item ${id} belongs to no checklist item`);
});

test('lesson 10 shows every group of the checklist, and has a heading for each anchor the audit links to', async () => {
  const lesson = await readFile(join(projectRoot, 'src/content/lessons/10-readiness-checklist.mdx'), 'utf8');
  for (const group of checklist) assert.match(lesson, new RegExp(`^<ChecklistGroup group="${group.id}" />$`, 'm'), `group ${group.id} is not shown`);
  const slugs = [...lesson.matchAll(/^#{2,3} (.+)$/gm)].map(([, text]) => text!.replace(/`/g, '').toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-'));
  const anchors = new Set(auditItems({ burst: 150, slowClientLimitMs: 40_000 }).filter((item) => item.teachesIt.lesson === '10-readiness-checklist').map((item) => item.teachesIt.section));
  for (const anchor of anchors) assert.ok(slugs.includes(anchor!), `the audit links to #${anchor}, which lesson 10 has no heading for`);
  for (const group of checklist) assert.ok(slugs.includes(group.id), `group ${group.id} has no heading of its own`);
});
