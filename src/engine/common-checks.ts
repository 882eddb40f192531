/**
 * @module
 * Checks of the course's common contract (LABS.md: every service "listens on PORT, on 127.0.0.1 unless
 * HOST says otherwise"), shared by the labs whose services read PORT and HOST.
 */
import { type CheckContext, type CheckDefinition, CheckFailure, defineCheck, expectThat, fail } from './check.ts';
import { describeOutcome } from './describe.ts';
import type { StartOptions } from './harness.ts';

/** A loopback address other than 127.0.0.1: a service that ignores HOST cannot be reached there. */
const OTHER_LOOPBACK = '127.0.0.2';

/**
 * `service.listens-on-host`: started with HOST=127.0.0.2, the service answers GET `path` there. Every
 * other check sets HOST=127.0.0.1, which a service that ignores HOST and binds 127.0.0.1 passes.
 * `prepare` gives the start whatever else the lab's service needs (a fake database's URL).
 */
export function listensOnHost({ lesson, path = '/', prepare }: {
  /** "Lesson 03", for the hint. */
  lesson: string;
  path?: string;
  prepare?: (context: CheckContext) => Promise<StartOptions>;
}): CheckDefinition {
  return defineCheck({
    id: 'service.listens-on-host',
    needs: ['second-loopback'],
    title: `Started with HOST=${OTHER_LOOPBACK}, the service listens on that address`,
    points: 1,
    hint: `${lesson}, "The lab": pass the HOST variable (127.0.0.1 when unset) to serve() as its hostname; a service bound to a fixed address cannot be reached where its deployment says.`,
    async run(context) {
      const options = { ...(await prepare?.(context)), host: OTHER_LOOPBACK };
      context.step(`starting the service with HOST=${OTHER_LOOPBACK}`);
      const service = await context.start(options).catch((error: unknown) => {
        if (error instanceof CheckFailure) fail(`with HOST=${OTHER_LOOPBACK}, the service to answer at ${OTHER_LOOPBACK}`, error.observed);
        throw error;
      });
      context.step(`sending GET ${path} to ${OTHER_LOOPBACK}`);
      const outcome = await service.request(path);
      expectThat(outcome.kind === 'response', `GET ${path} at ${OTHER_LOOPBACK}:${service.port} to answer`, () => describeOutcome(outcome));
    },
  });
}
