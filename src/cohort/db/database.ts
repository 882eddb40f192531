/**
 * @module
 * The cohort server's one view of its database: the embedded `node:sqlite` file by default, PostgreSQL
 * when `DATABASE_URL` names one. SQL is written once, in the subset both speak, with `$1` placeholders;
 * whole numbers (times in ms since the epoch, flags as 0/1) come back as numbers on both.
 */

export type Dialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | null;

export interface Queryable {
  readonly dialect: Dialect;
  /** Rows of a query, or of a statement with RETURNING. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** A statement's count of changed rows. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface Database extends Queryable {
  /** Runs `work` in one transaction: all of its statements or none. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Where the data lives, for logs: a file path or a URL without its password. */
  readonly location: string;
}

/** Opens the database `url` names: `postgres://…` or `postgresql://…`, else a file path for SQLite. */
export async function openDatabase(url: string): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPostgres } = await import('./postgres.ts');
    return openPostgres(url);
  }
  const { openSqlite } = await import('./sqlite.ts');
  return openSqlite(url.replace(/^sqlite:(\/\/)?/, ''));
}
