import { parse, protocol, type PGlite } from '@electric-sql/pglite';
import type { Statement } from './storage';

const { serialize } = protocol;

/** Parameter type ids of the statements prepared in each PGlite session (shared by every storage on it). */
const sessions = new WeakMap<PGlite, Map<string, ReadonlyArray<number>>>();

const ALREADY_PREPARED = '42P05';
const NOT_PREPARED = '26000';

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/** One turn of the event loop: PGlite runs a statement on this thread, so everything else waits for it. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const joined = (parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const bytes = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  parts.reduce((offset, part) => {
    bytes.set(part, offset);
    return offset + part.length;
  }, 0);
  return bytes;
};

const describe = async (db: PGlite, name: string, parsed: Uint8Array[]): Promise<number[]> => {
  const { messages } = await db.execProtocol(
    joined([...parsed, serialize.describe({ type: 'S', name }), serialize.sync()]),
    { syncToFs: false },
  );
  return parse.parseDescribeStatementResults(messages);
};

/** Parses the statement under its name once per session (another copy of the ledger may have done so) and learns its parameter types. */
const prepare = async (db: PGlite, { name, text }: Statement): Promise<ReadonlyArray<number>> => {
  try {
    return await describe(db, name, [serialize.parse({ name, text })]);
  } catch (error) {
    if (codeOf(error) !== ALREADY_PREPARED) throw error;
    return describe(db, name, []);
  }
};

const execute = async (
  db: PGlite,
  prepared: Map<string, ReadonlyArray<number>>,
  statement: Statement,
  params: ReadonlyArray<unknown>,
  syncToFs: boolean,
): Promise<{ rows: unknown[] }> => {
  const types = prepared.get(statement.name) ?? (await prepare(db, statement));
  prepared.set(statement.name, types);
  const values = params.map((value, i) => {
    if (value === null || value === undefined) return null;
    const serializer = db.serializers[types[i] ?? 0];
    return serializer === undefined ? String(value) : serializer(value);
  });
  const { messages } = await db.execProtocol(
    joined([
      serialize.bind({ statement: statement.name, values }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    ]),
    { syncToFs },
  );
  return { rows: parse.parseResults(messages, db.parsers)[0]?.rows ?? [] };
};

/**
 * Runs a named statement on PGlite: parsed and described once per session, then one bind-execute
 * message per call instead of `query`'s parse, describe, bind, describe, execute and sync. The event
 * loop gets a turn once the statement holds the lock and before it runs, so a run of statements (a
 * reconcile batch, deliveries in flight) never keeps timers and I/O waiting for more than one. Inside a
 * transaction only the query lock is taken (the transaction holds its own); a statement dropped
 * from the session (`DEALLOCATE`) is prepared again.
 */
export const runPrepared = async (
  db: PGlite,
  statement: Statement,
  params: ReadonlyArray<unknown>,
  inTransaction: boolean,
): Promise<{ rows: unknown[] }> => {
  await db._checkReady();
  const prepared = sessions.get(db) ?? new Map<string, ReadonlyArray<number>>();
  sessions.set(db, prepared);
  const run = async () => {
    await turn();
    try {
      return await execute(db, prepared, statement, params, !inTransaction);
    } catch (error) {
      if (codeOf(error) !== NOT_PREPARED) throw error;
      prepared.delete(statement.name);
      return execute(db, prepared, statement, params, !inTransaction);
    }
  };
  return inTransaction
    ? db._runExclusiveQuery(run)
    : db._runExclusiveTransaction(() => db._runExclusiveQuery(run));
};
