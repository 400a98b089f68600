jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import { openLedger, type Ledger } from '../src';
import { eventFor, fakeProvider, money } from './support/fakeProvider';
import { drivers, run } from './support/harness';
import { exampleRequest } from './support/requests';
import { watched } from './support/statements';

const READ_DELIVERY = /AS delivered/;

/** A second ledger on the harness's storage whose first delivery read is followed, once, by `meanwhile`. */
const racing = async (base: Ledger, meanwhile: () => Promise<unknown>): Promise<Ledger> => {
  let fired = false;
  const { storage } = watched(base.storage, async (text) => {
    if (fired || !READ_DELIVERY.test(text)) return;
    fired = true;
    await meanwhile();
  });
  return run(openLedger({ storage }));
};

const feedOf = async (ledger: Ledger) =>
  (await run(ledger.transitions({ limit: 1000 }))).entries.map(({ orderId, from, to, applied, cause }) => ({
    orderId,
    from,
    to,
    applied,
    cause,
  }));

describe.each(drivers())('the hot path on $name', (h) => {
  afterAll(() => h.teardown());

  it('creates in two statements, applies a new delivery in two and answers a repeat in one', async () => {
    const base = await h.fresh();
    const { storage, take } = watched(base.storage);
    const ledger = await run(openLedger({ storage }));
    const provider = fakeProvider('cryptocloud');
    take();
    const invoice = await run(ledger.createInvoice(provider, exampleRequest('hot-1')));
    expect(take().count).toBe(2);
    expect(await run(ledger.apply(eventFor(invoice, 'pending')))).toMatchObject({
      applied: true,
      duplicate: false,
    });
    expect(take().count).toBe(2);
    expect(await run(ledger.apply(eventFor(invoice, 'pending')))).toMatchObject({
      applied: true,
      duplicate: true,
    });
    expect(take().count).toBe(1);
    const unknown = { provider: 'cryptocloud', id: 'inv-elsewhere', orderId: 'hot-2' };
    expect(
      await run(ledger.apply(eventFor(unknown, 'paid', { received: money('0.0013', 'BTC') }))),
    ).toMatchObject({
      applied: true,
      to: 'paid',
    });
    expect(take().count).toBe(2);
    expect(
      await run(ledger.apply(eventFor({ ...unknown, id: 'inv-unsigned' }, 'paid', { confirmed: false }))),
    ).toMatchObject({ applied: false, position: null });
    expect(take().count).toBe(2);
    expect(await feedOf(ledger)).toEqual([
      { orderId: 'hot-1', from: null, to: 'created', applied: true, cause: 'create' },
      { orderId: 'hot-1', from: 'created', to: 'pending', applied: true, cause: 'delivery' },
      { orderId: 'hot-2', from: null, to: 'paid', applied: true, cause: 'delivery' },
    ]);
  });

  it('decides again on the invoice as it is when another delivery lands between its read and its write', async () => {
    const base = await h.fresh();
    const provider = fakeProvider('cryptocloud');
    const invoice = await run(base.createInvoice(provider, exampleRequest('race-1')));
    const paid = eventFor(invoice, 'paid', { received: money('0.0013', 'BTC') });
    const ledger = await racing(base, () => run(base.apply(paid)));
    expect(await run(ledger.apply(eventFor(invoice, 'processing')))).toMatchObject({
      applied: false,
      from: 'paid',
      to: 'paid',
      duplicate: false,
      reason: 'processing after paid not applied: paid is final (a late or repeated delivery)',
    });
    expect(await feedOf(ledger)).toEqual([
      { orderId: 'race-1', from: null, to: 'created', applied: true, cause: 'create' },
      { orderId: 'race-1', from: 'created', to: 'paid', applied: true, cause: 'delivery' },
    ]);
    expect(await run(ledger.invoice('cryptocloud', { orderId: 'race-1' }))).toMatchObject({ status: 'paid' });
  });

  it('answers a delivery that another process stored between its read and its write as a repeat', async () => {
    const base = await h.fresh();
    const provider = fakeProvider('cryptocloud');
    const invoice = await run(base.createInvoice(provider, exampleRequest('race-2')));
    const pending = eventFor(invoice, 'pending');
    let first: unknown = null;
    const ledger = await racing(base, async () => (first = await run(base.apply(pending))));
    const again = await run(ledger.apply(pending));
    expect(again).toEqual({ ...(first as object), duplicate: true, action: 'none' });
    expect(await feedOf(ledger)).toHaveLength(2);
    expect(
      await h.sql('SELECT count(*)::int AS n FROM invoicekit_ledger.deliveries WHERE dedupe_key = $1', [
        pending.dedupeKey,
      ]),
    ).toEqual([{ n: 1 }]);
  });

  it("records a create's answer on the invoice as a delivery that came first left it", async () => {
    const base = await h.fresh();
    const { storage, take } = watched(base.storage);
    const ledger = await run(openLedger({ storage }));
    const provider = fakeProvider('cryptocloud');
    provider.afterCreate = async (made) => void (await run(base.apply(eventFor(made, 'pending'))));
    take();
    const invoice = await run(ledger.createInvoice(provider, exampleRequest('race-3')));
    expect(take().count).toBe(4);
    expect(await run(ledger.invoice('cryptocloud', { orderId: 'race-3' }))).toMatchObject({
      creation: 'created',
      invoiceId: invoice.id,
      status: 'pending',
      invoice: { id: invoice.id },
    });
    expect(await feedOf(ledger)).toEqual([
      { orderId: 'race-3', from: null, to: 'pending', applied: true, cause: 'delivery' },
    ]);
  });
});
