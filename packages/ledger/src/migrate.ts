import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as A from 'fp-ts/Array';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { andThenTask } from '@invoicekit/core/adapter';
import { migrationFailed, type LedgerError, type MigrationFailed } from './errors';
import type { Sql, Storage } from './storage';

/** One versioned SQL file from the package's `migrations` directory. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

/** Where the package keeps its migration files (next to `src` and `dist`). */
export const MIGRATIONS_DIR = join(__dirname, '..', 'migrations');
/** The advisory lock every ledger process takes while it migrates, so two starting at once apply each file once. */
export const MIGRATION_LOCK_KEY = 7_236_411_061;

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

// A migration may rewrite large tables and may wait for another process's: no statement or lock timeout.
const BOOTSTRAP = [
  'SET LOCAL statement_timeout = 0',
  'SET LOCAL lock_timeout = 0',
  `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`,
  'CREATE SCHEMA IF NOT EXISTS invoicekit_ledger',
  `CREATE TABLE IF NOT EXISTS invoicekit_ledger.schema_migrations (
     version    integer PRIMARY KEY,
     name       text NOT NULL,
     checksum   text NOT NULL,
     applied_at timestamptz NOT NULL DEFAULT now()
   )`,
];

const readMigration = (dir: string) => (file: string, match: RegExpExecArray) =>
  pipe(
    TE.tryCatch(
      () => readFile(join(dir, file), 'utf8'),
      (e) => migrationFailed(Number(match[1]), `cannot read ${file}: ${String(e)}`),
    ),
    TE.map((sql): Migration => ({
      version: Number(match[1]),
      name: match[2]!,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    })),
  );

/** Reads the migration files in version order. */
export const readMigrations = (dir: string = MIGRATIONS_DIR): TE.TaskEither<MigrationFailed, Migration[]> =>
  pipe(
    TE.tryCatch(
      () => readdir(dir),
      (e) => migrationFailed(null, `cannot list ${dir}: ${String(e)}`),
    ),
    TE.map((files) =>
      files.sort().flatMap((file) => {
        const match = FILE_NAME.exec(file);
        return match === null ? [] : [{ file, match }];
      }),
    ),
    andThenTask(TE.traverseSeqArray(({ file, match }) => readMigration(dir)(file, match))),
    TE.map((migrations) => [...migrations]),
  );

interface AppliedRow {
  readonly version: number;
  readonly checksum: string;
}

const checkApplied = (
  migrations: ReadonlyArray<Migration>,
  applied: ReadonlyArray<AppliedRow>,
): TE.TaskEither<MigrationFailed, Migration[]> => {
  const known = new Map(migrations.map((m) => [m.version, m]));
  const newer = applied.find((row) => !known.has(Number(row.version)));
  if (newer !== undefined) {
    return TE.left(
      migrationFailed(
        Number(newer.version),
        'the database was migrated by a newer @invoicekit/ledger; upgrade this process',
      ),
    );
  }
  const changed = applied.find((row) => known.get(Number(row.version))?.checksum !== row.checksum);
  if (changed !== undefined) {
    return TE.left(
      migrationFailed(Number(changed.version), 'the file changed after it was applied; add a new migration'),
    );
  }
  const done = new Set(applied.map((row) => Number(row.version)));
  return TE.right(migrations.filter((m) => !done.has(m.version)));
};

const applyOne = (tx: Sql) => (migration: Migration) =>
  pipe(
    tx.exec(migration.sql),
    andThenTask(() =>
      tx.query(
        'INSERT INTO invoicekit_ledger.schema_migrations (version, name, checksum) VALUES ($1::int, $2::text, $3::text)',
        [migration.version, migration.name, migration.checksum],
      ),
    ),
    TE.map(() => migration.version),
  );

const migrateIn =
  (migrations: ReadonlyArray<Migration>) =>
  (tx: Sql): TE.TaskEither<LedgerError, number[]> =>
    pipe(
      TE.traverseSeqArray((statement: string) => tx.exec(statement))(BOOTSTRAP),
      andThenTask(() =>
        tx.query<AppliedRow>(
          'SELECT version, checksum FROM invoicekit_ledger.schema_migrations ORDER BY version',
        ),
      ),
      andThenTask((applied) => checkApplied(migrations, applied)),
      andThenTask((pending) => pipe(pending, A.traverse(TE.ApplicativeSeq)(applyOne(tx)))),
    );

/**
 * Brings the `invoicekit_ledger` schema up to date: every pending file in one transaction under an
 * advisory lock (idempotent, safe from several processes at once); returns the versions applied now.
 */
export const migrate = (storage: Storage, dir?: string): TE.TaskEither<LedgerError, number[]> =>
  pipe(
    readMigrations(dir),
    andThenTask((migrations) => storage.transaction(migrateIn(migrations))),
  );
