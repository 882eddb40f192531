/**
 * @module
 * A record store's answers for a fake dependency (lab 08's product store): JSON records kept by path.
 * `GET /products/42` answers the record at that path, or a made-up first version of it
 * (`{ id: "42", name: "Item 42", version: 0 }`) when none was written; `PUT` with a JSON object
 * sets the fields it names, keeps the id, counts the version up, and answers the new record.
 *
 * Like a database with a slow statement, a write takes effect when the store answers it, and a read
 * sees the records as they were when it arrived: switched to slow, a read that arrives during a write
 * answers the old record, which is what a cache invalidated before the write goes on to keep.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Responder } from './fake-dependency.ts';

/** A PUT body larger than this is refused: a product is a few fields. */
const MAX_BODY_BYTES = 64 * 1024;

export interface StoredRecord {
  id: string;
  version: number;
  [field: string]: unknown;
}

interface Version {
  /** `performance.now()` when the write took effect. */
  at: number;
  record: StoredRecord;
}

/** The record a path holds before anything was written to it. */
export function firstVersion(path: string): StoredRecord {
  const id = decodeURIComponent(path.split('?')[0]!.split('/').filter(Boolean).at(-1) ?? '');
  return { id, name: `Item ${id}`, version: 0 };
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY_BYTES) throw new Error(`a body over ${MAX_BODY_BYTES} bytes`);
  }
  return body;
}

/** A fresh, empty record store: every record's versions, so a read answers what it would have seen on arrival. */
export function recordStore(): Responder {
  const versions = new Map<string, Version[]>();
  const latest = (path: string, before = Infinity) => versions.get(path)?.findLast((version) => version.at <= before)?.record ?? firstVersion(path);

  return (req, res, arrivedAt) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET') return answer(res, 200, latest(path, arrivedAt));
    if (req.method !== 'PUT') return answer(res, 405, { error: `${req.method} is not supported: GET or PUT a record` });
    readBody(req).then(
      (text) => {
        let fields: unknown;
        try {
          fields = JSON.parse(text);
        } catch {
          return answer(res, 400, { error: 'the body is not JSON' });
        }
        if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return answer(res, 400, { error: 'the body must be a JSON object' });
        const previous = latest(path);
        const record: StoredRecord = { ...previous, ...(fields as Record<string, unknown>), id: previous.id, version: previous.version + 1 };
        const history = versions.get(path) ?? [];
        history.push({ at: performance.now(), record });
        versions.set(path, history.slice(-20));
        answer(res, 200, record);
      },
      (error: Error) => answer(res, 413, { error: error.message }),
    );
  };
}
