/**
 * The RED panel's per-route view on the labs that declare traffic, read from their references as the
 * workspace scrapes them: lab 07's rate-limited service lists its route templates (429s included),
 * never a raw path.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findLab } from '../../labs/index.ts';
import { loadSubmission } from '../../src/engine/node/grade.ts';
import { labFolders } from '../../src/engine/node/project-paths.ts';
import { LabSessions } from '../../src/server/lab-sessions.ts';
import { RedTracker } from '../../src/workspace/panels/red-tracker.ts';
import { pickRequest } from '../../src/workspace/panels/traffic-loop.ts';

test("lab 07: the traffic generator's paths show per route template, limited or not", async () => {
  const lab = findLab('07-rate-limiting')!;
  const traffic = lab.manifest.workspace.traffic!;
  const sessions = new LabSessions();
  const id = lab.manifest.id;
  try {
    const { files } = await loadSubmission(lab, labFolders(id).solution);
    assert.equal((await sessions.start(lab, files)).ok, true);
    const tracker = new RedTracker(traffic.metrics);
    const scrape = async () => tracker.accept((await sessions.request(id, 'GET', traffic.metrics.path))!, performance.now());
    assert.equal((await scrape()).kind, 'waiting');
    // Thirty requests as the generator picks them: more than the per-client limit, so some are 429s.
    for (let i = 0; i < 30; i++) await sessions.request(id, 'GET', pickRequest(traffic, traffic, i / 30).path);
    const state = await scrape();
    assert.equal(state.kind, 'reading', JSON.stringify(state));
    if (state.kind !== 'reading') return;
    const routes = state.routes.routes.map((route) => route.route);
    assert.ok(routes.includes('/items') && routes.includes('/items/:id'), `route rows: ${routes.join(', ')}`);
    assert.ok(!routes.some((route) => /\/items\/\d+/.test(route)), 'no raw path');
    assert.equal(state.routes.growing, false);
    assert.ok(state.routes.routes.every((route) => route.rate >= 0));
  } finally {
    await sessions.stopAll('test over');
  }
});
