import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEnvText } from '../../src/workspace/env-text.ts';

test('KEY=value lines become variables; comments, blanks and quotes are handled', () => {
  assert.deepEqual(parseEnvText('# comment\nAPP_DB__POOL_SIZE=42\n\nNAME = "two words"\nEMPTY=\nURL=postgres://u:p@h/db?x=1'), {
    ok: true,
    env: { APP_DB__POOL_SIZE: '42', NAME: 'two words', EMPTY: '', URL: 'postgres://u:p@h/db?x=1' },
  });
});

test('a line that is not KEY=value is named', () => {
  assert.deepEqual(parseEnvText('A=1\nexport B\n'), { ok: false, message: 'Line 2 of the environment is not KEY=value: export B' });
});
