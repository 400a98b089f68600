import { createHash } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { andThenTask } from '@invoicekit/core/adapter';
import { storageFailed, type StorageFailed } from './errors';

/** A statement the drivers prepare once per connection under `name` and then only bind and execute. */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

const statements = new Map<string, Statement>();

/** The prepared statement for `text`, named by its hash (so one text always has one name, in any process). */
export const statement = (text: string): Statement => {
  const known = statements.get(text);
  if (known !== undefined) return known;
  const made = { name: `invoicekit_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text };
  statements.set(text, made);
  return made;
};

/** One connection's worth of SQL: parameterised statements and parameterless scripts. */
export interface Sql {
  /** Runs one statement with `$1…` parameters and returns its rows; a `Statement` is prepared once per connection. */
  query<R>(
    text: string | Statement,
    params?: ReadonlyArray<unknown>,
  ): TE.TaskEither<StorageFailed, ReadonlyArray<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): TE.TaskEither<StorageFailed, void>;
}

/** The ledger's port to PostgreSQL: PGlite in-process or a server through `pg`, the same SQL on both. */
export interface Storage extends Sql {
  readonly driver: 'pglite' | 'postgres';
  /** Runs `body` in one transaction: committed on Right, rolled back on Left or failure. */
  transaction<E, A>(body: (tx: Sql) => TE.TaskEither<E, A>): TE.TaskEither<E | StorageFailed, A>;
  /** Releases what the storage opened itself (a caller's own PGlite or pool stays open). */
  close(): TE.TaskEither<StorageFailed, void>;
}

/** The promise-returning calls a driver connection offers (`prepared` where it can name statements). */
export interface RawConnection {
  query(text: string, params: unknown[]): Promise<{ readonly rows: ReadonlyArray<unknown> }>;
  prepared?(statement: Statement, params: unknown[]): Promise<{ readonly rows: ReadonlyArray<unknown> }>;
  exec(script: string): Promise<unknown>;
}

const send = (connection: RawConnection, text: string | Statement, params: unknown[]) =>
  typeof text === 'string'
    ? connection.query(text, params)
    : connection.prepared === undefined
      ? connection.query(text.text, params)
      : connection.prepared(text, params);

/** Wraps a driver connection as `Sql`; whatever it throws becomes a `StorageFailed`. */
export const sqlOf = (connection: RawConnection): Sql => ({
  query: <R>(text: string | Statement, params: ReadonlyArray<unknown> = []) =>
    TE.tryCatch(
      async () => (await send(connection, text, [...params])).rows as ReadonlyArray<R>,
      storageFailed,
    ),
  exec: (script) =>
    TE.tryCatch(async () => {
      await connection.exec(script);
    }, storageFailed),
});

/** Deadlock and serialization failures: the transaction did nothing and may simply run again. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 3;

const isRetryableFailure = (left: unknown): boolean =>
  typeof left === 'object' &&
  left !== null &&
  (left as { _tag?: unknown })._tag === 'StorageFailed' &&
  RETRYABLE_CODES.has((left as StorageFailed).code ?? '');

/** Runs a transaction attempt again after a deadlock or serialization failure, at most three times in all. */
export const retryingConflicts = <E, A>(
  attempt: () => Promise<E.Either<E | StorageFailed, A>>,
): TE.TaskEither<E | StorageFailed, A> => {
  const run = async (left: number): Promise<E.Either<E | StorageFailed, A>> => {
    const result = await attempt();
    return E.isLeft(result) && left > 1 && isRetryableFailure(result.left) ? run(left - 1) : result;
  };
  return pipe(
    TE.tryCatch(() => run(MAX_ATTEMPTS), storageFailed),
    andThenTask(TE.fromEither),
  );
};
