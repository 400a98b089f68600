import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { Pool, type PoolClient, type PoolConfig, type QueryConfig } from 'pg';
import { storageFailed } from './errors';
import { retryingConflicts, sqlOf, type RawConnection, type Storage } from './storage';

/**
 * The deadlines of a pool the ledger creates, in milliseconds; a `PoolConfig` field of the same name
 * overrides each (0, or `false` for `statement_timeout`, turns one off). A ledger statement takes
 * milliseconds, so each is a sign that something is stuck, and all stay well under a webhook
 * endpoint's deadline: with the server frozen or gone, an operation fails with `StorageFailed`
 * after at most `query_timeout` (a pooled connection) or `connectionTimeoutMillis` (a new one).
 */
export const POSTGRES_TIMEOUTS = {
  /** Connecting, or waiting for a free connection of the pool. */
  connectionTimeoutMillis: 5_000,
  /** The answer to one statement, measured here: what ends the wait on a frozen or vanished server. */
  query_timeout: 6_000,
  /** One statement, ended by the server (before `query_timeout`, so the connection stays usable). */
  statement_timeout: 5_000,
  /** Waiting for a row or advisory lock another transaction holds. */
  lock_timeout: 3_000,
  /** A transaction left idle by a client that froze or hung: the server ends it and frees its locks. */
  idle_in_transaction_session_timeout: 10_000,
} as const satisfies PoolConfig;

/** How long one migration script may run: `openLedger` lifts the statement and lock timeouts for it. */
export const MIGRATION_TIMEOUT_MS = 600_000;

const SQLSTATE = /^[0-9A-Z]{5}$/;

const codeOf = (error: unknown): string | null =>
  typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : null;

/** True for an error the server sent: the connection is still in step, unlike after a timeout or a drop. */
const fromServer = (error: unknown): boolean => SQLSTATE.test(codeOf(error) ?? '');

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Names `pg`'s own timeouts after the setting that ended the wait. */
const explained = (pool: Pool, error: unknown): unknown => {
  const message = messageOf(error);
  if (message === 'Query read timeout') {
    return {
      message: `PostgreSQL did not answer within query_timeout (${pool.options.query_timeout} ms)`,
      code: 'ETIMEDOUT',
    };
  }
  if (/connection timeout|timeout exceeded when trying to connect/.test(message)) {
    return {
      message: `could not connect to PostgreSQL within connectionTimeoutMillis (${pool.options.connectionTimeoutMillis} ms)`,
      code: 'ETIMEDOUT',
    };
  }
  return error;
};

const withDefaults = (source: string | PoolConfig): PoolConfig => {
  const config: PoolConfig = typeof source === 'string' ? { connectionString: source } : source;
  const given = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
  return { ...POSTGRES_TIMEOUTS, ...given };
};

const poolOf = (source: string | PoolConfig): Pool => {
  const pool = new Pool(withDefaults(source));
  // An idle connection the server dropped is discarded by the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  return pool;
};

// By shape, not `instanceof`: the caller's pool may come from another copy of `pg`.
const isPool = (source: string | PoolConfig | Pool): source is Pool =>
  typeof source === 'object' &&
  typeof (source as Partial<Pool>).connect === 'function' &&
  typeof (source as Partial<Pool>).query === 'function';

type Run = (config: QueryConfig & { query_timeout?: number }) => Promise<{ rows: unknown[] }>;

const connectionOf = (run: Run): RawConnection => ({
  query: (text, values) => run({ text, values }),
  prepared: ({ name, text }, values) => run({ name, text, values }),
  exec: (text) => run({ text, query_timeout: MIGRATION_TIMEOUT_MS }),
});

const connect = async (pool: Pool): Promise<PoolClient> => {
  try {
    return await pool.connect();
  } catch (error) {
    throw explained(pool, error);
  }
};

/**
 * One transaction on one pooled connection. A connection that timed out or dropped is out of step
 * with the server: it is destroyed, never returned to the pool, and nothing was committed.
 */
const transactionOn =
  (pool: Pool): Storage['transaction'] =>
  (body) =>
    retryingConflicts(async () => {
      const client = await connect(pool);
      let broken = false;
      const run: Run = async (config) => {
        try {
          return await client.query(config);
        } catch (error) {
          broken ||= !fromServer(error);
          throw explained(pool, error);
        }
      };
      try {
        await run({ text: 'BEGIN' });
        const result = await body(sqlOf(connectionOf(run)))();
        if (broken) {
          client.release(true);
          return E.isLeft(result)
            ? result
            : E.left(storageFailed('the connection failed during the transaction; nothing was committed'));
        }
        await run({ text: E.isLeft(result) ? 'ROLLBACK' : 'COMMIT' });
        client.release();
        return result;
      } catch (error) {
        client.release(true);
        throw error;
      }
    });

/**
 * A PostgreSQL server through `pg`: a connection string, a `PoolConfig` (both get
 * `POSTGRES_TIMEOUTS` where they set none), or your own `Pool`, which keeps its own settings and is
 * left open on `close`.
 */
export const postgres = (source: string | PoolConfig | Pool): Storage => {
  const owned = !isPool(source);
  const pool = isPool(source) ? source : poolOf(source);
  const run: Run = async (config) => {
    try {
      return await pool.query(config);
    } catch (error) {
      throw explained(pool, error);
    }
  };
  return {
    driver: 'postgres',
    ...sqlOf(connectionOf(run)),
    transaction: transactionOn(pool),
    close: () =>
      TE.tryCatch(async () => {
        if (owned) await pool.end();
      }, storageFailed),
  };
};
