import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { PGlite } from '@electric-sql/pglite';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lockDirectory, type DirectoryLock } from './dirLock';
import { storageFailed } from './errors';
import { runPrepared } from './pglitePrepared';
import { preparedDataDir } from './seed';
import { retryingConflicts, sqlOf, type Storage } from './storage';

interface Opened {
  readonly db: PGlite;
  readonly lock: DirectoryLock | null;
}

/** The directory behind a PGlite `dataDir` (a path or `file://…`); null for memory and other schemes. */
const directoryOf = (dataDir: string | undefined): string | null => {
  if (dataDir === undefined) return null;
  if (dataDir.startsWith('file://')) return dataDir.slice('file://'.length);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(dataDir) ? null : dataDir;
};

const open = async (dataDir: string | undefined): Promise<Opened> => {
  const dir = directoryOf(dataDir);
  const lock = dir === null ? null : await lockDirectory(dir);
  try {
    const fresh =
      dir === null
        ? dataDir === undefined || dataDir.startsWith('memory://')
        : !existsSync(join(dir, 'PG_VERSION'));
    const loadDataDir = fresh ? await preparedDataDir() : null;
    const db = new PGlite(loadDataDir === null ? { dataDir } : { dataDir, loadDataDir });
    await db.waitReady;
    return { db, lock };
  } catch (error) {
    lock?.release();
    throw error;
  }
};

/**
 * Embedded PostgreSQL (PGlite) in this process: data in `dataDir`, or in memory without one. A new
 * cluster (memory or an empty directory) starts from the package's prepared `initdb` output.
 * A data directory has one writer: it is locked on first use, until `close` or the end of the
 * process, and a second process is refused with a `StorageFailed` that names the holder's pid.
 * Pass your own `PGlite` instance to share it; the ledger then leaves locking and closing it to you.
 */
export const pglite = (source?: string | PGlite): Storage => {
  const owned = typeof source !== 'object';
  let closing = false;
  let instance: Promise<Opened> | null =
    typeof source === 'object' ? Promise.resolve({ db: source, lock: null }) : null;
  const opened = (): Promise<Opened> =>
    (instance ??= open(source as string | undefined).catch((error: unknown) => {
      instance = null;
      throw error;
    }));
  const db = async (): Promise<PGlite> => (await opened()).db;
  const sql = sqlOf({
    query: async (text, params) => (await db()).query(text, params),
    prepared: async (statement, params) => runPrepared(await db(), statement, params, false),
    exec: async (script) => (await db()).exec(script),
  });
  return {
    driver: 'pglite',
    ...sql,
    transaction: (body) =>
      retryingConflicts(async () => {
        const database = await db();
        return database.transaction(async (tx) => {
          const result = await body(
            sqlOf({
              query: (t, p) => tx.query(t, p),
              prepared: (statement, p) => runPrepared(database, statement, p, true),
              exec: (s) => tx.exec(s),
            }),
          )();
          if (E.isLeft(result)) await tx.rollback();
          return result;
        });
      }),
    close: () =>
      TE.tryCatch(async () => {
        if (!owned || instance === null || closing) return;
        closing = true;
        const { db: database, lock } = await instance;
        try {
          await database.close();
        } finally {
          lock?.release();
        }
      }, storageFailed),
  };
};
