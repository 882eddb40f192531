/**
 * "Did you mean …?" for a mistyped lab id: by number, by slug, or a few slips away; nothing when no lab is close.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closestLab } from '../../src/cli/closest-lab.ts';

const IDS = ['01-configuration', '02-environment', '03-graceful-shutdown', '04-health'];

test('a lab is found by its number or its slug', () => {
  assert.equal(closestLab('4', IDS), '04-health');
  assert.equal(closestLab('03', IDS), '03-graceful-shutdown');
  assert.equal(closestLab('health', IDS), '04-health');
  assert.equal(closestLab('Environment', IDS), '02-environment');
});

test('a few typing slips still find the lab', () => {
  assert.equal(closestLab('04-heath', IDS), '04-health');
  assert.equal(closestLab('03-gracefull-shutdown', IDS), '03-graceful-shutdown');
  assert.equal(closestLab('graceful-shutdwon', IDS), '03-graceful-shutdown');
  assert.equal(closestLab('01-configuraton', IDS), '01-configuration');
});

test('nothing is suggested when no lab is close', () => {
  assert.equal(closestLab('99-nope', IDS), undefined);
  assert.equal(closestLab('xyz', IDS), undefined);
  assert.equal(closestLab('05', IDS), undefined);
});
