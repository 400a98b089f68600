jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./nativePglite')>('./nativePglite').nativePglite(),
);

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_DIR, SEED_MANIFEST, type SeedManifest } from '../../src/seed';
import { pgliteHarness, run } from './harness';

const manifest = JSON.parse(readFileSync(join(SEED_DIR, SEED_MANIFEST), 'utf8')) as SeedManifest;

describe('the PGlite test harness', () => {
  const h = pgliteHarness();
  afterAll(() => h.teardown());

  it('starts from the prepared cluster, not initdb', async () => {
    const [row] = await h.sql<{ id: string }>(
      'SELECT system_identifier::text AS id FROM pg_control_system()',
    );
    expect(row!.id).toBe(manifest.systemIdentifier);
  });

  it('keeps its instance open when a ledger closes, and gives each fresh ledger an empty schema', async () => {
    const first = await h.fresh();
    await h.sql('CREATE TABLE public.kept (id int)');
    await h.sql(
      "INSERT INTO invoicekit_ledger.schema_migrations (version, name, checksum) VALUES (999, 'probe', 'x')",
    );
    await run(first.close());
    await h.fresh();
    expect(await h.sql('SELECT id FROM public.kept')).toEqual([]);
    expect(
      await h.sql('SELECT version FROM invoicekit_ledger.schema_migrations WHERE version = 999'),
    ).toEqual([]);
  });
});
