jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import { PGlite } from '@electric-sql/pglite';
import { openLedger, pglite, postgres, type Ledger, type Storage } from '../src';
import { eventFor, fakeProvider } from './support/fakeProvider';
import { postgresHarness, run } from './support/harness';
import { exampleRequest } from './support/requests';

const PREPARED = "SELECT name FROM pg_prepared_statements WHERE name LIKE 'invoicekit_%' ORDER BY name";

/** Creates an order and applies two deliveries to it through `ledger`. */
const work = async (ledger: Ledger, orderId: string) => {
  const invoice = await run(ledger.createInvoice(fakeProvider('cryptocloud'), exampleRequest(orderId)));
  await run(ledger.apply(eventFor(invoice, 'pending')));
  await run(ledger.apply(eventFor(invoice, 'pending')));
};

const names = async (storage: Storage) =>
  (await run(storage.query<{ name: string }>(PREPARED))).map((r) => r.name);

describe('the ledger statements on PGlite', () => {
  const db = new PGlite();
  afterAll(() => db.close());

  it('are prepared once per session, and shared by every storage on one instance', async () => {
    const first = await run(openLedger({ storage: pglite(db) }));
    await work(first, 'prep-1');
    const prepared = await names(first.storage);
    expect(prepared.length).toBeGreaterThanOrEqual(4);
    const second = await run(openLedger({ storage: pglite(db) }));
    await work(second, 'prep-2');
    await work(first, 'prep-3');
    expect(await names(second.storage)).toEqual(prepared);
  });

  it('are prepared again when the session dropped them', async () => {
    const ledger = await run(openLedger({ storage: pglite(db) }));
    await run(ledger.storage.exec('DEALLOCATE ALL'));
    expect(await names(ledger.storage)).toEqual([]);
    await work(ledger, 'prep-4');
    expect((await names(ledger.storage)).length).toBeGreaterThanOrEqual(4);
    expect(await run(ledger.invoice('cryptocloud', { orderId: 'prep-4' }))).toMatchObject({
      status: 'pending',
    });
  });
});

describe('the ledger statements on a server', () => {
  const h = postgresHarness();
  afterAll(() => h.teardown());

  it('are prepared once per connection', async () => {
    await h.fresh();
    const storage = postgres({ connectionString: h.server().url(), max: 1 });
    const ledger = await run(openLedger({ storage }));
    await work(ledger, 'prep-5');
    const prepared = await names(storage);
    expect(prepared.length).toBeGreaterThanOrEqual(4);
    await work(ledger, 'prep-6');
    expect(await names(storage)).toEqual(prepared);
    await run(ledger.close());
  });
});
