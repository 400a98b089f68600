import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { Pool, type PoolConfig } from 'pg';
import { storageFailed } from './errors';
import { retryingConflicts, sqlOf, type Storage } from './storage';

const poolOf = (source: string | PoolConfig): Pool => {
  const pool = new Pool(typeof source === 'string' ? { connectionString: source } : source);
  // An idle connection the server dropped is discarded by the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  return pool;
};

// By shape, not `instanceof`: the caller's pool may come from another copy of `pg`.
const isPool = (source: string | PoolConfig | Pool): source is Pool =>
  typeof source === 'object' &&
  typeof (source as Partial<Pool>).connect === 'function' &&
  typeof (source as Partial<Pool>).query === 'function';

/**
 * A PostgreSQL server through `pg`: a connection string, a `PoolConfig`, or your own `Pool`
 * (which the ledger then leaves open on `close`).
 */
export const postgres = (source: string | PoolConfig | Pool): Storage => {
  const owned = !isPool(source);
  const pool = isPool(source) ? source : poolOf(source);
  return {
    driver: 'postgres',
    ...sqlOf({ query: (text, params) => pool.query(text, params), exec: (script) => pool.query(script) }),
    transaction: (body) =>
      retryingConflicts(async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await body(
            sqlOf({ query: (text, params) => client.query(text, params), exec: (s) => client.query(s) }),
          )();
          await client.query(E.isLeft(result) ? 'ROLLBACK' : 'COMMIT');
          client.release();
          return result;
        } catch (error) {
          client.release(true);
          throw error;
        }
      }),
    close: () =>
      TE.tryCatch(async () => {
        if (owned) await pool.end();
      }, storageFailed),
  };
};
