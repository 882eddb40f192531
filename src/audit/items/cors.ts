/**
 * @module
 * CORS from an origin the service does not know: no `Access-Control-Allow-Origin` for it (an echoed
 * origin lets any site read the answers), and never `*` with credentials.
 */
import { expectThat, fail } from '../../engine/check.ts';
import type { HttpOutcome } from '../../engine/harness.ts';
import { defineItem, LESSONS } from '../item.ts';
import { answer, isResponse } from './describe.ts';

const FOREIGN_ORIGIN = 'https://operable-audit.invalid';

function judge(outcome: HttpOutcome, what: string): void {
  if (!isResponse(outcome)) fail(`an answer to ${what}`, answer(outcome));
  const allowOrigin = outcome.headers['access-control-allow-origin'];
  const credentials = outcome.headers['access-control-allow-credentials']?.toLowerCase() === 'true';
  expectThat(
    allowOrigin !== FOREIGN_ORIGIN && !(allowOrigin === '*' && credentials) && allowOrigin !== 'null',
    `${what} from ${FOREIGN_ORIGIN}, an origin the service cannot know, to get no Access-Control-Allow-Origin for it (an allowlist), and never * with credentials`,
    () => `Access-Control-Allow-Origin: ${allowOrigin}${credentials ? ' with Access-Control-Allow-Credentials: true' : ''}`,
  );
}

export const corsAllowlist = defineItem({
  id: 'cors.foreign-origin-refused',
  title: 'A request and a preflight from an unknown origin are not allowed (an allowlist, not an echo)',
  teachesIt: { ...LESSONS.checklist, section: 'cors' },
  async run({ client, paths, step }) {
    step(`GET ${paths.route} with Origin: ${FOREIGN_ORIGIN}`);
    judge(await client.request(paths.route, { headers: { origin: FOREIGN_ORIGIN } }), `GET ${paths.route}`);
    step(`OPTIONS ${paths.route} preflight with Origin: ${FOREIGN_ORIGIN}`);
    judge(
      await client.request(paths.route, { method: 'OPTIONS', headers: { origin: FOREIGN_ORIGIN, 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization' } }),
      `a preflight for DELETE ${paths.route}`,
    );
  },
});
