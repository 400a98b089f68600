import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import type { TaskEither } from 'fp-ts/TaskEither';
import { Pool } from 'pg';
import {
  describeLedgerError,
  openLedger,
  pglite,
  postgres,
  type Ledger,
  type LedgerError,
  type Storage,
} from '../../src';
import type { LedgerOptions } from '../../src/ledger';
import { startServer, type TestServer } from './server';

/** Runs a ledger task and returns its value, failing the test with the error's description on a Left. */
export const run = async <A>(task: TaskEither<LedgerError, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`expected Right, got ${describeLedgerError(result.left)}`);
  return result.right;
};

/** Runs a ledger task that must fail, and returns its error. */
export const runLeft = async <A>(task: TaskEither<LedgerError, A>): Promise<LedgerError> => {
  const result = await task();
  if (E.isRight(result)) throw new Error(`expected Left, got Right ${JSON.stringify(result.right)}`);
  return result.left;
};

/** One way to reach PostgreSQL, giving a fresh ledger (empty schema) per test. */
export interface Harness {
  readonly name: 'pglite' | 'postgres';
  fresh(options?: Omit<LedgerOptions, 'storage'>): Promise<Ledger>;
  /** Runs plain SQL on the same database. */
  sql<R>(text: string, params?: unknown[]): Promise<R[]>;
  teardown(): Promise<void>;
}

const DROP = 'DROP SCHEMA IF EXISTS invoicekit_ledger CASCADE';

/** The same storage, left open when a ledger on it is closed (the harness closes it at teardown). */
const kept = (storage: Storage): Storage => ({ ...storage, close: () => TE.right(undefined) });

/**
 * PGlite in memory through the ledger's own `pglite()`, so it starts from the prepared cluster without
 * initdb: one instance per spec file, its ledger schema dropped before each test.
 */
export const pgliteHarness = (): Harness => {
  let storage: Storage | null = null;
  const shared = () => (storage ??= pglite());
  return {
    name: 'pglite',
    fresh: async (options = {}) => {
      await run(shared().exec(DROP));
      return run(openLedger({ ...options, storage: kept(shared()) }));
    },
    sql: async (text, params) => [...(await run(shared().query(text, params)))] as never[],
    teardown: async () => {
      if (storage !== null) await run(storage.close());
    },
  };
};

/** A throwaway PostgreSQL server started for the spec file, its ledger schema dropped before each test. */
export const postgresHarness = (): Harness & { server(): TestServer } => {
  let server: TestServer | null = null;
  let pool: Pool | null = null;
  const connect = async () => {
    server ??= await startServer();
    return (pool ??= new Pool({ connectionString: server.url(), max: 10 }));
  };
  return {
    name: 'postgres',
    server: () => {
      if (server === null) throw new Error('server not started');
      return server;
    },
    fresh: async (options = {}) => {
      const p = await connect();
      await p.query(DROP);
      return run(openLedger({ ...options, storage: postgres(p) }));
    },
    sql: async (text, params) => (await (await connect()).query(text, params)).rows as never[],
    teardown: async () => {
      await pool?.end();
      server?.stop();
    },
  };
};

/** Both drivers, for `describe.each`. */
export const drivers = (): Harness[] => [pgliteHarness(), postgresHarness()];
