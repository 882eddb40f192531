/**
 * @module
 * The Audit page: sends the form to the Operable server (which runs the audit under the CLI's rules)
 * and shows each item as it finishes. Only the server that served this page with its runtime secret
 * can run it; a static copy of the site, or a browser without the launch link, is told why not.
 */
import type { AuditStreamItem } from '../audit/audit-stream.ts';
import type { AuditReport } from '../audit/run-audit.ts';
import { localRuntimeLocked, localRuntimeSecret } from '../runtime/local.ts';
import { readNdjson } from '../runtime/ndjson.ts';
import { downloadReport, resultItem, summaryText } from './render.ts';

const form = document.querySelector<HTMLFormElement>('#audit-form')!;
const status = document.querySelector<HTMLElement>('#audit-status')!;
const results = document.querySelector<HTMLOListElement>('#audit-results')!;
const download = document.querySelector<HTMLButtonElement>('#audit-download')!;
const run = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
const secret = localRuntimeSecret();
let lastReport: AuditReport | undefined;

if (!secret) {
  run.disabled = true;
  status.textContent = localRuntimeLocked()
    ? 'This browser did not open the link `npm start` printed (its key lets only that browser run audits): open it, then come back here.'
    : 'The audit runs on the Operable server: start it with `npm start` and open the link it prints.';
}

download.addEventListener('click', () => lastReport && downloadReport(lastReport));

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!secret) return;
  const fields = Object.fromEntries([...new FormData(form)].filter(([, value]) => String(value).trim() !== '').map(([name, value]) => [name, String(value).trim()]));
  results.replaceChildren();
  download.hidden = true;
  lastReport = undefined;
  run.disabled = true;
  status.textContent = `Auditing ${fields.url}…`;
  try {
    const response = await fetch('/api/audit', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Operable-Secret': secret }, body: JSON.stringify(fields) });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      status.textContent = body.error ?? `The server answered ${response.status}.`;
      return;
    }
    let done = 0;
    let total = 0;
    for await (const item of readNdjson<AuditStreamItem>(response.body!)) {
      if (item.type === 'started') {
        total = item.items;
        status.textContent = `Auditing ${item.target}: 0 of ${total} items done…`;
      } else if (item.type === 'result') {
        results.append(resultItem(item.result));
        status.textContent = `Auditing: ${++done} of ${total} items done…`;
      } else if (item.type === 'report') {
        lastReport = item.report;
        status.textContent = summaryText(item.report);
        download.hidden = false;
      } else {
        status.textContent = item.message;
      }
    }
  } catch {
    status.textContent = 'The Operable server stopped answering. Is `npm start` still running?';
  } finally {
    run.disabled = false;
  }
});
