// PGlite's CommonJS build imports Node built-ins dynamically, which jest's vm refuses: the ledger's
// specs load it natively, and so does this one (the module as the ledger resolves it).
jest.mock(require.resolve('@electric-sql/pglite', { paths: [`${__dirname}/../../ledger`] }), () =>
  jest
    .requireActual<typeof import('../../ledger/test/support/nativePglite')>(
      '../../ledger/test/support/nativePglite',
    )
    .nativePglite(),
);

import { openLedger, pglite, type Ledger } from '@invoicekit/ledger';
import { expectRight, orderEveryProviderAccepts } from '@invoicekit/testkit';
import type { PaymentKind } from '../src';
import { eventsOf } from './cryptomus-support';
import { startHarness, type Harness } from './e2e/support';

let harness: Harness;
let ledger: Ledger;
let counter = 0;

beforeAll(async () => {
  harness = await startHarness();
  ledger = expectRight(await openLedger({ storage: pglite(), mode: 'test' })());
});
afterAll(async () => {
  await ledger.close()();
  await harness.close();
});

describe('nowpayments through the ledger', () => {
  const scenario = async (steps: ReadonlyArray<PaymentKind | 'expire'>) => {
    const provider = harness.provider('nowpayments', { checkMinimum: false });
    const orderId = `nowpayments-ledger-${Date.now()}-${(counter += 1)}`;
    const invoice = expectRight(
      await ledger.createInvoice(provider, orderEveryProviderAccepts(orderId, { payCurrency: 'BTC' }))(),
    );
    await harness.sandbox.idle();
    const results = [];
    const events = [];
    for (const step of steps) {
      const caused = await eventsOf(harness, provider, () =>
        step === 'expire'
          ? harness.sandbox.expire('nowpayments', invoice.id)
          : harness.sandbox.pay('nowpayments', invoice.id, step),
      );
      events.push(...caused);
      for (const event of caused) results.push(await ledger.onEvent(event));
    }
    const stored = expectRight(await ledger.invoice('nowpayments', { orderId })());
    return { stored: stored!, results, events, invoice };
  };

  const NOT_FLAGGED = ['underpaid', 'overpaid', 'currency_mismatch', 'late_payment'];

  it('paid: applied once finished, with the BTC received', async () => {
    const { stored, results } = await scenario(['full']);
    expect([stored.status, stored.providerStatus, stored.failureReason, stored.received]).toEqual([
      'paid',
      'finished',
      null,
      { amount: '0.00129401', currency: 'BTC' },
    ]);
    // confirming → confirmed → sending hold the rank of processing: recorded, applied once.
    expect(results.map((r) => [r.applied, r.to])).toEqual([
      [true, 'processing'],
      [false, 'processing'],
      [false, 'processing'],
      [true, 'paid'],
    ]);
    expect(stored.flags.filter((flag) => NOT_FLAGGED.includes(flag))).toEqual([]);
  });

  // NOWPayments never finishes a partially paid payment: more money to its address is a repeated
  // deposit, a child payment "marked with either the Partially paid or Finished status" whose total "may
  // differ from the expected payment amount" (API collection, "Repeated deposits"). The adapter never
  // takes a child for the invoice being paid, so the rest is recorded and the invoice stays open.
  it('partially paid, then the rest as a repeated deposit: recorded, the invoice held at partially_paid', async () => {
    const { stored, results, events } = await scenario(['partial', 'full']);
    expect(events.map((e) => [e.status, e.providerStatus, e.received?.amount ?? null])).toEqual([
      ['processing', 'confirming', '0.000647'],
      ['partially_paid', 'partially_paid', '0.000647'],
      ['processing', 'confirming', null],
      ['partially_paid', 'finished', null],
    ]);
    expect(events[1]!.remaining).toEqual({ amount: '0.00064701', currency: 'BTC' });
    expect(results.map((r) => [r.applied, r.to])).toEqual([
      [true, 'processing'],
      [true, 'partially_paid'],
      [false, 'partially_paid'],
      [false, 'partially_paid'],
    ]);
    expect([stored.status, stored.received]).toEqual([
      'partially_paid',
      { amount: '0.000647', currency: 'BTC' },
    ]);
  });

  it('a repeated deposit after paid: recorded, never moving the paid invoice', async () => {
    const { stored, results, events } = await scenario(['full', 'over']);
    const deposit = events.slice(4);
    expect(deposit.map((e) => [e.invoiceId, e.status, e.providerStatus])).toEqual([
      [events[0]!.invoiceId, 'processing', 'confirming'],
      [events[0]!.invoiceId, 'partially_paid', 'finished'],
    ]);
    expect(deposit[0]!.dedupeKey).not.toContain(events[0]!.dedupeKey.split(':')[1]);
    expect(results.slice(4).map((r) => [r.applied, r.duplicate, r.to])).toEqual([
      [false, false, 'paid'],
      [false, false, 'paid'],
    ]);
    expect([stored.status, stored.received]).toEqual(['paid', { amount: '0.00129401', currency: 'BTC' }]);
  });

  it('expired: nothing received in the window', async () => {
    const { stored } = await scenario(['expire']);
    expect([stored.status, stored.failureReason, stored.providerStatus, stored.received]).toEqual([
      'expired',
      'timer_expired',
      'expired',
      { amount: '0', currency: 'BTC' },
    ]);
  });

  it('applies a duplicate IPN once', async () => {
    const { results, events } = await scenario(['full']);
    const again = await ledger.onEvent(events.at(-1)!);
    expect([results.at(-1)!.duplicate, again.duplicate]).toEqual([false, true]);
    expect(again.dedupeKey).toBe(results.at(-1)!.dedupeKey);
  });
});
