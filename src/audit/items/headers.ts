/**
 * @module
 * The response headers a browser-facing service sets on every answer (what Hono's secureHeaders and
 * helmet set), and the one it leaves out (`X-Powered-By` names the framework to an attacker).
 */
import { expectThat, fail } from '../../engine/check.ts';
import { defineItem, LESSONS } from '../item.ts';
import { answer, isResponse } from './describe.ts';

export const secureHeaders = defineItem({
  id: 'headers.secure',
  title: 'Answers carry the secure headers (nosniff, frame protection, referrer policy; HSTS over HTTPS) and no X-Powered-By',
  teachesIt: { ...LESSONS.checklist, section: 'security' },
  async run({ client, paths, step }) {
    step(`GET ${paths.route}`);
    const outcome = await client.request(paths.route);
    if (!isResponse(outcome)) fail(`an answer to GET ${paths.route}`, answer(outcome));
    const headers = outcome.headers;
    const missing: string[] = [];
    if (headers['x-content-type-options']?.toLowerCase() !== 'nosniff') missing.push('X-Content-Type-Options: nosniff');
    const framing = /^(deny|sameorigin)$/i.test(headers['x-frame-options'] ?? '') || /frame-ancestors/i.test(headers['content-security-policy'] ?? '');
    if (!framing) missing.push('X-Frame-Options (DENY or SAMEORIGIN) or a Content-Security-Policy with frame-ancestors');
    if (!headers['referrer-policy']) missing.push('Referrer-Policy');
    if (client.target.protocol === 'https:' && !/max-age=\d+/i.test(headers['strict-transport-security'] ?? '')) missing.push('Strict-Transport-Security with a max-age');
    const extra = headers['x-powered-by'] ? [`X-Powered-By: ${headers['x-powered-by']}`] : [];
    expectThat(missing.length === 0 && extra.length === 0, `the answer to GET ${paths.route} to carry ${missing.join('; ') || 'the secure headers'}${extra.length ? ', and no X-Powered-By' : ''}`, () =>
      [missing.length ? `without ${missing.join('; ')}` : '', extra.length ? `with ${extra.join('')}` : ''].filter(Boolean).join(', '),
    );
  },
});
