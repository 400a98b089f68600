// Builds seed/pglite-data.tar.br: a fresh PGlite cluster after initdb, so an in-memory or new ledger
// starts without running initdb. Run after changing the @electric-sql/pglite version:
//   pnpm --filter @invoicekit/ledger seed
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';

const SEED_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'seed');
const require = createRequire(import.meta.url);
const pgliteRoot = join(dirname(require.resolve('@electric-sql/pglite')), '..');
const { version } = JSON.parse(readFileSync(join(pgliteRoot, 'package.json'), 'utf8'));

const db = new PGlite();
await db.waitReady;
const {
  rows: [{ system_identifier: systemIdentifier }],
} = await db.query('SELECT system_identifier::text FROM pg_control_system()');
await db.exec('CHECKPOINT');
const tar = new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
await db.close();

const packed = brotliCompressSync(tar, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 11,
    [constants.BROTLI_PARAM_LGWIN]: 24,
    [constants.BROTLI_PARAM_SIZE_HINT]: tar.length,
  },
});
writeFileSync(join(SEED_DIR, 'pglite-data.tar.br'), packed);
const manifest = {
  pglite: version,
  sha256: createHash('sha256').update(packed).digest('hex'),
  systemIdentifier,
};
writeFileSync(join(SEED_DIR, 'pglite-data.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`seed: ${tar.length} B tar → ${packed.length} B brotli, PGlite ${version}`);
