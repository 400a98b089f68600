import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompress } from 'node:zlib';

/** Where the package keeps its prepared PGlite data directory (next to `src` and `dist`). */
export const SEED_DIR = join(__dirname, '..', 'seed');
/** The prepared data directory: `initdb`'s output as a brotli-compressed tar (no ledger schema). */
export const SEED_FILE = 'pglite-data.tar.br';
/** What the prepared data directory was built with, and its checksum. */
export const SEED_MANIFEST = 'pglite-data.json';

/** The contents of `pglite-data.json`, written by `scripts/build-seed.mjs`. */
export interface SeedManifest {
  readonly pglite: string;
  readonly sha256: string;
  readonly systemIdentifier: string;
}

const unbrotli = promisify(brotliDecompress);

/** The version of the installed `@electric-sql/pglite` (its package.json is not exported). */
export const installedPgliteVersion = async (): Promise<string> => {
  const root = join(dirname(require.resolve('@electric-sql/pglite')), '..');
  return (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version;
};

const readManifest = async (dir: string): Promise<SeedManifest | null> => {
  try {
    return JSON.parse(await readFile(join(dir, SEED_MANIFEST), 'utf8')) as SeedManifest;
  } catch {
    return null;
  }
};

/**
 * The prepared data directory as a tar for PGlite's `loadDataDir`, or null when it is missing, was
 * built by another PGlite version, or does not match its checksum (PGlite then runs `initdb`).
 */
export const preparedDataDir = async (dir: string = SEED_DIR): Promise<Blob | null> => {
  const manifest = await readManifest(dir);
  if (manifest === null || manifest.pglite !== (await installedPgliteVersion())) return null;
  const packed = await readFile(join(dir, SEED_FILE)).catch(() => null);
  if (packed === null || createHash('sha256').update(packed).digest('hex') !== manifest.sha256) return null;
  return new Blob([await unbrotli(packed)], { type: 'application/x-tar' });
};
