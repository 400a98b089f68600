import * as TE from 'fp-ts/TaskEither';
import type { Sql, Storage } from '../../src';

/** A statement as a storage was sent it. */
export interface Sent {
  readonly text: string;
  readonly params: ReadonlyArray<unknown>;
}

/**
 * The storage, noting every statement sent through it (a transaction counts its BEGIN and COMMIT,
 * which the drivers send themselves) and running `after(text)` once each statement has answered.
 */
export const watched = (storage: Storage, after: (text: string) => Promise<void> = async () => undefined) => {
  const sent: Sent[] = [];
  let count = 0;
  const watch = (sql: Sql): Sql => ({
    query: (text, params = []) => {
      const plain = typeof text === 'string' ? text : text.text;
      count += 1;
      sent.push({ text: plain, params });
      return TE.tapTask(sql.query(text, params), () => () => after(plain));
    },
    exec: (script) => sql.exec(script),
  });
  const wrapped: Storage = {
    ...storage,
    ...watch(storage),
    transaction: (body) => {
      count += 2;
      return storage.transaction((tx) => body(watch(tx)));
    },
  };
  return {
    storage: wrapped,
    /** The statements sent since the last call, and how many (with BEGIN and COMMIT). */
    take: () => {
      const taken = { sent: [...sent], count };
      sent.length = 0;
      count = 0;
      return taken;
    },
  };
};

/** The parameters of the ledger's SQL functions, in order, with their types. */
const FUNCTION_PARAMS: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  due_invoices: [
    ['readable', 'text[]'],
    ['settles', 'text[]'],
    ['recheck_ms', 'float8'],
    ['unresolved_ms', 'float8'],
    ['wanted', 'int'],
    ['skipped', 'bigint[]'],
  ],
  quiet_invoices: [
    ['readable', 'text[]'],
    ['settles', 'text[]'],
    ['quiet_ms', 'float8'],
    ['after_at', 'timestamptz'],
    ['after_key', 'bigint'],
    ['wanted', 'int'],
  ],
};

/** The planner settings the ledger's SQL functions run with (their `SET` clauses). */
export const FUNCTION_SETTINGS = [
  'SET LOCAL enable_bitmapscan = off',
  'SET LOCAL enable_seqscan = off',
  'SET LOCAL jit = off',
];

const CALL = /invoicekit_ledger\.(\w+)\(([^)]*)\)/g;

/** The query a PL/pgSQL body `BEGIN RETURN QUERY …; END` returns. */
const returnedQuery = (body: string): string =>
  body.replace(/^\s*BEGIN\s+RETURN QUERY\s+/i, '').replace(/;\s*END\s*$/i, '');

/**
 * The queries inside the ledger functions a statement calls, with its arguments as `$1…`, so their
 * plans can be explained (EXPLAIN of the statement shows only a function scan). `source(name)` gives
 * a function's body (`pg_proc.prosrc`).
 */
export const functionQueries = async (
  sent: Sent,
  source: (name: string) => Promise<string>,
): Promise<Sent[]> =>
  Promise.all(
    [...sent.text.matchAll(CALL)]
      .filter((call) => FUNCTION_PARAMS[call[1]!] !== undefined)
      .map(async ([, name, args]) => {
        const params = FUNCTION_PARAMS[name!]!;
        const positions = [...args!.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]) - 1);
        const text = params.reduce(
          (body, [param, cast], i) => body.replace(new RegExp(`\\b${param}\\b`, 'g'), `$${i + 1}::${cast}`),
          returnedQuery(await source(name!)),
        );
        return { text, params: positions.map((i) => sent.params[i]) };
      }),
  );
