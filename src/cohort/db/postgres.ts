/**
 * @module
 * PostgreSQL through `pg`'s pool, for several hosts sharing the work. BIGINT columns (times in ms) are
 * parsed as numbers: every value they hold fits a double exactly.
 */
import pg from 'pg';
import type { Database, Queryable, SqlValue } from './database.ts';

const INT8_OID = 20;
pg.types.setTypeParser(INT8_OID, (text) => Number(text));

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    dialect: 'postgres',
    async query<Row>(sql: string, params: readonly SqlValue[] = []) {
      return (await client.query(sql, params as SqlValue[])).rows as Row[];
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      return (await client.query(sql, params as SqlValue[])).rowCount ?? 0;
    },
  };
}

export function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client losing its server is reported here; without a listener it would crash the process.
  pool.on('error', (error) => process.stderr.write(`cohort: PostgreSQL connection lost: ${error.message}\n`));
  const shown = new URL(url);
  shown.password = shown.password ? '***' : '';
  return {
    ...queryable(pool),
    location: shown.toString(),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
