import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { PGlite } from '@electric-sql/pglite';
import { storageFailed } from './errors';
import { retryingConflicts, sqlOf, type Storage } from './storage';

const open = async (dataDir: string | undefined): Promise<PGlite> => {
  const db = new PGlite(dataDir);
  await db.waitReady;
  return db;
};

/**
 * Embedded PostgreSQL (PGlite) in this process: data in `dataDir`, or in memory without one.
 * Pass your own `PGlite` instance to share it; the ledger then leaves closing it to you.
 */
export const pglite = (source?: string | PGlite): Storage => {
  const owned = typeof source !== 'object';
  let instance: Promise<PGlite> | null = typeof source === 'object' ? Promise.resolve(source) : null;
  const db = (): Promise<PGlite> => (instance ??= open(source as string | undefined));
  const sql = sqlOf({
    query: async (text, params) => (await db()).query(text, params),
    exec: async (script) => (await db()).exec(script),
  });
  return {
    driver: 'pglite',
    ...sql,
    transaction: (body) =>
      retryingConflicts(async () =>
        (await db()).transaction(async (tx) => {
          const result = await body(sqlOf({ query: (t, p) => tx.query(t, p), exec: (s) => tx.exec(s) }))();
          if (E.isLeft(result)) await tx.rollback();
          return result;
        }),
      ),
    close: () =>
      TE.tryCatch(async () => {
        if (owned && instance !== null) await (await instance).close();
      }, storageFailed),
  };
};
