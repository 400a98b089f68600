jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openLedger, pglite, readMigrations, type Storage } from '../src';
import {
  installedPgliteVersion,
  preparedDataDir,
  SEED_DIR,
  SEED_FILE,
  SEED_MANIFEST,
  type SeedManifest,
} from '../src/seed';
import { run, runLeft } from './support/harness';

const manifest = JSON.parse(readFileSync(join(SEED_DIR, SEED_MANIFEST), 'utf8')) as SeedManifest;

const systemIdentifier = async (storage: Storage) =>
  (
    await run(storage.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()'))
  )[0]!.id;

/** What initdb decides for a cluster: the same on a prepared one as on one PGlite initialises itself. */
const CLUSTER = `SELECT current_user AS "user", current_database() AS db, version() AS version,
  (SELECT string_agg(datname || ':' || pg_encoding_to_char(encoding) || ':' || datlocprovider::text || ':' ||
     datcollate || ':' || datctype, ',' ORDER BY datname) FROM pg_database) AS databases,
  (SELECT string_agg(name || '=' || setting, ',' ORDER BY name) FROM pg_settings
     WHERE source NOT IN ('default', 'override') AND name NOT LIKE '%directory%') AS settings`;

describe('the prepared PGlite data directory', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'invoicekit-seed-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('was built by the installed PGlite and matches its checksum (else run scripts/build-seed.mjs)', async () => {
    expect(manifest.pglite).toBe(await installedPgliteVersion());
    const packed = readFileSync(join(SEED_DIR, SEED_FILE));
    expect(createHash('sha256').update(packed).digest('hex')).toBe(manifest.sha256);
    expect(packed.length).toBeLessThan(2_000_000);
  });

  it('starts an in-memory ledger without initdb, and the ledger still migrates and verifies its schema', async () => {
    const storage = pglite();
    const ledger = await run(openLedger({ storage }));
    expect(await systemIdentifier(storage)).toBe(manifest.systemIdentifier);
    const versions = (await run(readMigrations())).map((m) => m.version);
    const applied = await run(
      storage.query<{ version: number }>(
        'SELECT version FROM invoicekit_ledger.schema_migrations ORDER BY version',
      ),
    );
    expect(applied.map((row) => row.version)).toEqual(versions);
    await run(ledger.close());
  });

  it('starts a new directory from it, keeps the directory locked, and resumes the directory afterwards', async () => {
    const dir = tempDir();
    const first = pglite(dir);
    await run(openLedger({ storage: first }));
    expect(await systemIdentifier(first)).toBe(manifest.systemIdentifier);
    await run(first.exec('CREATE TABLE public.kept (id int); INSERT INTO public.kept VALUES (7)'));
    expect((await runLeft(pglite(dir).query('SELECT 1'))).message).toMatch(/already has this ledger open/);
    await run(first.close());

    const again = pglite(dir);
    await run(openLedger({ storage: again }));
    expect(await run(again.query<{ id: number }>('SELECT id FROM public.kept'))).toEqual([{ id: 7 }]);
    await run(again.close());
  });

  it.each([
    ['another PGlite version', { ...manifest, pglite: '0.0.1' }],
    ['another checksum', { ...manifest, sha256: '0'.repeat(64) }],
  ])('is not used when its manifest names %s', async (_, changed) => {
    const dir = tempDir();
    copyFileSync(join(SEED_DIR, SEED_FILE), join(dir, SEED_FILE));
    writeFileSync(join(dir, SEED_MANIFEST), JSON.stringify(changed));
    expect(await preparedDataDir(dir)).toBeNull();
    writeFileSync(join(dir, SEED_MANIFEST), JSON.stringify(manifest));
    expect(await preparedDataDir(dir)).not.toBeNull();
  });

  it('is the cluster PGlite initialises itself: same user, databases, encodings, locales and settings', async () => {
    const own = new PGlite();
    const prepared = pglite();
    try {
      const [expected] = (await own.query<Record<string, string>>(CLUSTER)).rows;
      const [actual] = await run(prepared.query<Record<string, string>>(CLUSTER));
      expect(actual).toEqual(expected);
      expect(await systemIdentifier(prepared)).not.toBe(
        (await own.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()'))
          .rows[0]!.id,
      );
    } finally {
      await own.close();
      await run(prepared.close());
    }
  }, 120_000);
});
