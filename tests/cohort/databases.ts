/**
 * @module
 * The databases the cohort tests run on: a fresh SQLite file, and a fresh database on a throwaway
 * PostgreSQL when the machine has one (`.ci/run` installs it; elsewhere those tests say why they skip).
 */
import { after } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/cohort/db/database.ts';
import { migrate } from '../../src/cohort/db/migrations.ts';
import { startPostgres, type TestPostgres } from '../support/postgres-server.ts';

let postgres: Promise<TestPostgres | { missing: string }> | undefined;
let counter = 0;

function sharedPostgres() {
  postgres ??= startPostgres();
  return postgres;
}

// Registered when a test file imports this module, so at the root: the server outlives every test.
const opened: Database[] = [];
const folders: string[] = [];
after(async () => {
  await Promise.all(opened.map((db) => db.close().catch(() => undefined)));
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
  const started = await postgres;
  if (started && 'url' in started) await started.stop();
});

export interface TestDatabase {
  db: Database;
  url: string;
}

export async function freshSqlite(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'operable-cohort-'));
  const url = join(dir, 'cohort.sqlite');
  const db = await openDatabase(url);
  await migrate(db);
  opened.push(db);
  folders.push(dir);
  return { db, url };
}

/** A fresh, migrated PostgreSQL database, or the reason there is none. */
export async function freshPostgres(): Promise<TestDatabase | string> {
  const server = await sharedPostgres();
  if (!('url' in server)) return server.missing;
  const url = await server.createDatabase(`cohort_${process.pid}_${++counter}`);
  const db = await openDatabase(url);
  await migrate(db);
  opened.push(db);
  return { db, url };
}

/** Both kinds, for tests that must hold on either: [name, opener]. */
export const DIALECTS = [
  ['sqlite', freshSqlite],
  ['postgres', freshPostgres],
] as const;
