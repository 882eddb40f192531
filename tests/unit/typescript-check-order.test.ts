/**
 * When the lab opens, the editor's TypeScript worker type-checks the file on screen (the first asked
 * about) at once and the other files a moment later, so an edit's check is not queued behind them; once
 * that moment has passed, every check runs when asked.
 */
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { checkShownFileFirst, OTHER_FILES_WAIT_MS } from '../../src/workspace/typescript-check-order.ts';

function recordingWorker(files = ['shown.ts', 'other.ts', 'third.ts']) {
  const checked: string[] = [];
  const check = (kind: string) => async (fileName: string) => {
    checked.push(`${kind} ${fileName}`);
    return [];
  };
  return { checked, files, worker: { getScriptFileNames: () => files, getSemanticDiagnostics: check('semantic'), getSuggestionDiagnostics: check('suggestion') } };
}

test('the file on screen and an edit to it are checked before the other files', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    const { checked, worker } = recordingWorker();
    checkShownFileFirst(worker);
    // Monaco's first round: every file, the one on screen first.
    const opening = ['shown.ts', 'other.ts', 'third.ts'].flatMap((file) => [worker.getSemanticDiagnostics(file), worker.getSuggestionDiagnostics(file)]);
    // The learner's edit, checked while the others wait.
    mock.timers.tick(400);
    await worker.getSemanticDiagnostics('shown.ts');
    assert.deepEqual(checked, ['semantic shown.ts', 'suggestion shown.ts', 'semantic shown.ts']);
    mock.timers.tick(OTHER_FILES_WAIT_MS);
    await Promise.all(opening);
    assert.deepEqual(checked.slice(3).sort(), ['semantic other.ts', 'semantic third.ts', 'suggestion other.ts', 'suggestion third.ts']);
  } finally {
    mock.timers.reset();
  }
});

test('after the opening, any file is checked when asked', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    const { checked, worker } = recordingWorker();
    checkShownFileFirst(worker);
    await worker.getSemanticDiagnostics('shown.ts');
    mock.timers.tick(OTHER_FILES_WAIT_MS);
    await worker.getSemanticDiagnostics('other.ts');
    assert.deepEqual(checked, ['semantic shown.ts', 'semantic other.ts']);
  } finally {
    mock.timers.reset();
  }
});

test('a file removed while its check waited is not checked', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    const { checked, files, worker } = recordingWorker(['shown.ts', 'solution.ts']);
    checkShownFileFirst(worker);
    await worker.getSemanticDiagnostics('shown.ts');
    const waiting = worker.getSemanticDiagnostics('solution.ts');
    files.pop(); // the diff closed, its model disposed
    mock.timers.tick(OTHER_FILES_WAIT_MS);
    assert.deepEqual(await waiting, []);
    assert.deepEqual(checked, ['semantic shown.ts']);
  } finally {
    mock.timers.reset();
  }
});
