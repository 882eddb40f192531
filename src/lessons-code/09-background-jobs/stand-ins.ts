// sample: not shown in the lesson; slow work for the samples to call.
import { setTimeout as sleep } from 'node:timers/promises';

export interface ReportRequest {
  accountId: string;
  month: string;
}

/** A report that takes half a minute: queries, a PDF, an upload. */
export async function buildReport(request: ReportRequest): Promise<{ url: string }> {
  await sleep(30_000);
  return { url: `https://files.example.com/reports/${request.accountId}-${request.month}.pdf` };
}
