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

test('variables that change how Node or the loader start the process are refused, naming the line', () => {
  for (const name of ['NODE_OPTIONS', 'NODE_PATH', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'DYLD_INSERT_LIBRARIES']) {
    const parsed = parseEnvText(`PORT=3000\n${name}=--require ./evil.js`);
    assert.equal(parsed.ok, false, name);
    assert.match(parsed.ok ? '' : parsed.message, new RegExp(`^Line 2: ${name} cannot be set here`));
  }
  assert.equal(parseEnvText('NODE_ENV=production\nLOAD_FACTOR=2').ok, true, 'look-alikes are fine');
});
