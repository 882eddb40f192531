/**
 * @module
 * The embedded database: one `node:sqlite` file in WAL mode, so a worker process on the same host can
 * share it. node:sqlite is synchronous, so a transaction holds a lock in this process that other
 * statements wait for: an `await` inside a transaction cannot let another request's write slip in.
 */
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { Database, Queryable, SqlValue } from './database.ts';

/** `$1` → `?1`: SQLite's numbered parameters, so the same SQL serves both databases. */
function toSqlite(sql: string): string {
  return sql.replace(/\$(\d+)/g, '?$1');
}

export function openSqlite(path: string): Database {
  const sqlite = new DatabaseSync(path, { timeout: 5000 });
  sqlite.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;');
  let lock: Promise<unknown> = Promise.resolve();

  const direct: Queryable = {
    dialect: 'sqlite',
    async query<Row>(sql: string, params: readonly SqlValue[] = []) {
      return sqlite.prepare(toSqlite(sql)).all(...(params as SQLInputValue[])) as Row[];
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      return Number(sqlite.prepare(toSqlite(sql)).run(...(params as SQLInputValue[])).changes);
    },
  };

  /** Runs `work` after whatever holds the lock now. */
  function serialised<T>(work: () => Promise<T>): Promise<T> {
    const result = lock.then(work, work);
    lock = result.catch(() => undefined);
    return result;
  }

  return {
    dialect: 'sqlite',
    location: path,
    query: (sql, params) => serialised(() => direct.query(sql, params)),
    run: (sql, params) => serialised(() => direct.run(sql, params)),
    transaction: (work) =>
      serialised(async () => {
        // IMMEDIATE takes the write lock at once, so a second process waits instead of failing later.
        sqlite.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(direct);
          sqlite.exec('COMMIT');
          return result;
        } catch (error) {
          sqlite.exec('ROLLBACK');
          throw error;
        }
      }),
    async close() {
      await lock;
      sqlite.close();
    },
  };
}
