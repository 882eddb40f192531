import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labManifestSchema } from '../../src/engine/lab.ts';
import { composeSubmission } from '../../src/engine/submission.ts';

const manifest = labManifestSchema.parse({
  id: '99-example',
  title: 'Example',
  lesson: '99-example',
  summary: 'An example lab',
  entry: 'src/server.ts',
  editableFiles: ['src/server.ts', 'src/feature.ts'],
  workspace: { signals: [], requests: [] },
});

test('learner files replace the starter only where editable', () => {
  const starter = new Map([
    ['package.json', '{"starter":true}'],
    ['src/server.ts', 'starter server'],
    ['src/feature.ts', 'starter feature'],
  ]);
  const learner = new Map([
    ['src/server.ts', 'learner server'],
    ['package.json', '{"learner":true}'],
  ]);
  const submission = composeSubmission(manifest, starter, learner);
  assert.equal(submission.files.get('src/server.ts'), 'learner server');
  assert.equal(submission.files.get('src/feature.ts'), 'starter feature');
  assert.equal(submission.files.get('package.json'), '{"starter":true}', 'a non-editable file must come from the starter');
  assert.deepEqual(submission.provided, ['src/server.ts']);
  assert.deepEqual(submission.fromStarter, ['src/feature.ts']);
  assert.deepEqual(submission.ignored, ['package.json']);
});

test('the manifest schema rejects an entry other than src/server.ts and unknown fields', () => {
  const base = { id: '99-x', title: 'x', lesson: 'x', summary: 'x', editableFiles: ['a.ts'], workspace: { signals: [], requests: [] } };
  assert.equal(labManifestSchema.safeParse({ ...base, entry: 'src/index.ts' }).success, false);
  assert.equal(labManifestSchema.safeParse({ ...base, entry: 'src/server.ts', start: 'npm start' }).success, false);
  assert.equal(labManifestSchema.safeParse({ ...base, entry: 'src/server.ts' }).success, true);
});
