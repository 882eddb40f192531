import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CappedOutput } from '../../src/engine/node/capped-output.ts';

test('output past the cap is dropped and the text says how much', () => {
  const output = new CappedOutput(10);
  assert.equal(output.append(Buffer.from('12345')), '12345');
  assert.equal(output.append(Buffer.from('67890abc')), '67890');
  assert.equal(output.append(Buffer.from('more')), '');
  assert.equal(output.toString(), '1234567890\n[output truncated: 7 more bytes were dropped]');
});

test('output under the cap is kept whole', () => {
  const output = new CappedOutput(100);
  output.append(Buffer.from('hello\n'));
  assert.equal(output.toString(), 'hello\n');
});
