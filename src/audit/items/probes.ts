/**
 * @module
 * Liveness and readiness as a kubelet sees them: an answer within its 1 s timeout, 2xx–3xx meaning
 * healthy, and a readiness endpoint that exists (a 404 reads as "not ready" forever).
 */
import { expectThat } from '../../engine/check.ts';
import { defineItem, LESSONS } from '../item.ts';
import { answer, isResponse } from './describe.ts';

/** A kubelet's default `timeoutSeconds`. */
const PROBE_TIMEOUT_MS = 1000;

export const livezAnswers = defineItem({
  id: 'probes.livez-answers',
  title: 'The liveness endpoint answers 200 within a probe\'s 1 s timeout, without a redirect',
  teachesIt: { ...LESSONS.health, section: 'liveness' },
  async run({ client, paths, step, measure, elsewhere }) {
    step(`GET ${paths.livez}`);
    const outcome = await client.request(paths.livez, { timeoutMs: PROBE_TIMEOUT_MS * 3 });
    if (isResponse(outcome)) measure('livezMs', outcome.durationMs);
    expectThat(
      isResponse(outcome) && outcome.status === 200 && outcome.durationMs <= PROBE_TIMEOUT_MS,
      `GET ${paths.livez} to answer 200 within ${PROBE_TIMEOUT_MS} ms (a kubelet counts anything slower as a failure)${elsewhere('--livez')}`,
      () => `${answer(outcome)}${isResponse(outcome) && outcome.status >= 300 && outcome.status < 400 ? ` to ${outcome.headers.location}` : ''}`,
    );
  },
});

export const readyzAnswers = defineItem({
  id: 'probes.readyz-answers',
  title: 'The readiness endpoint exists and answers 200 (ready) or 503 (not ready) within 1 s',
  teachesIt: { ...LESSONS.health, section: 'readiness' },
  async run({ client, paths, step, measure, elsewhere }) {
    step(`GET ${paths.readyz}`);
    const outcome = await client.request(paths.readyz, { timeoutMs: PROBE_TIMEOUT_MS * 3 });
    if (isResponse(outcome)) measure('readyzMs', outcome.durationMs);
    expectThat(
      isResponse(outcome) && (outcome.status === 200 || outcome.status === 503) && outcome.durationMs <= PROBE_TIMEOUT_MS,
      `GET ${paths.readyz} to answer 200 or 503 within ${PROBE_TIMEOUT_MS} ms${elsewhere('--readyz')}`,
      () => answer(outcome),
    );
  },
});
