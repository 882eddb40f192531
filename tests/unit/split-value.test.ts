import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clampSplit, keyedSplit, pointerSplit } from '../../src/workspace/split-value.ts';

const bounds = { min: 20, max: 80, step: 5 };

test('arrow keys move the split by a step, within the bounds', () => {
  assert.equal(keyedSplit('ArrowRight', 40, 40, bounds), 45);
  assert.equal(keyedSplit('ArrowDown', 40, 40, bounds), 45);
  assert.equal(keyedSplit('ArrowLeft', 40, 40, bounds), 35);
  assert.equal(keyedSplit('ArrowUp', 22, 22, bounds), 20);
  assert.equal(keyedSplit('ArrowRight', 78, 78, bounds), 80);
});

test('Home and End go to the bounds; other keys are not the splitter’s', () => {
  assert.equal(keyedSplit('Home', 50, 50, bounds), 20);
  assert.equal(keyedSplit('End', 50, 50, bounds), 80);
  assert.equal(keyedSplit('a', 50, 50, bounds), undefined);
  assert.equal(keyedSplit('Tab', 50, 50, bounds), undefined);
});

test('Enter collapses the primary pane, and restores it from there', () => {
  assert.equal(keyedSplit('Enter', 55, 55, bounds), 20);
  assert.equal(keyedSplit('Enter', 20, 55, bounds), 55);
});

test('a remembered value that is not a number, or out of bounds, gives way', () => {
  assert.equal(clampSplit(Number.NaN, bounds, 34), 34);
  assert.equal(clampSplit(95, bounds, 34), 80);
  assert.equal(clampSplit(33.333, bounds, 34), 33.3);
});

test('a pointer puts the splitter where it is, in percent of the container', () => {
  assert.equal(pointerSplit(300, 100, 500, bounds, 50), 40);
  assert.equal(pointerSplit(50, 100, 500, bounds, 50), 20);
  assert.equal(pointerSplit(300, 100, 0, bounds, 50), 50);
});
