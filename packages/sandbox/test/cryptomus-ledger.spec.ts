// PGlite's CommonJS build calls import() for Node built-ins, which jest's vm refuses: load it with Node's
// own loader, as the ledger's specs do (packages/ledger/test/support/nativePglite.ts).
jest.mock(require.resolve('@electric-sql/pglite', { paths: [`${__dirname}/../../ledger`] }), () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loader = require('node:module') as { _load(request: string, parent: null, isMain: boolean): unknown };
  return loader._load(
    require.resolve('@electric-sql/pglite', { paths: [`${__dirname}/../../ledger`] }),
    null,
    false,
  );
});

import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { describeLedgerError, openLedger, pglite, type Ledger, type LedgerError } from '@invoicekit/ledger';
import { orderEveryProviderAccepts } from '@invoicekit/testkit';
import type { PaymentKind } from '../src';
import { eventsOf } from './cryptomus-support';
import { startHarness, type Harness } from './e2e/support';

const run = async <A>(task: TaskEither<LedgerError, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(describeLedgerError(result.left));
  return result.right;
};

let harness: Harness;
let ledger: Ledger;
let counter = 0;

beforeAll(async () => {
  harness = await startHarness();
  ledger = await run(openLedger({ storage: pglite(), mode: 'test' }));
});
afterAll(async () => {
  await run(ledger.close());
  await harness.close();
});

describe.each(['cryptomus', 'heleket'] as const)('%s through the ledger', (id) => {
  const scenario = async (steps: ReadonlyArray<PaymentKind | 'expire'>, extra = {}) => {
    const provider = harness.provider(id);
    const orderId = `${id}-ledger-${Date.now()}-${(counter += 1)}`;
    const invoice = await run(ledger.createInvoice(provider, orderEveryProviderAccepts(orderId, extra)));
    const results = [];
    for (const step of steps) {
      const events = await eventsOf(harness, provider, () =>
        step === 'expire'
          ? harness.sandbox.expire(id, invoice.id)
          : harness.sandbox.pay(id, invoice.id, step),
      );
      for (const event of events) results.push(await ledger.onEvent(event));
    }
    const stored = await run(ledger.invoice(id, { orderId }));
    return { stored: stored!, results, provider, invoice };
  };

  it('paid: applied, amounts checked against the pay quote, nothing flagged', async () => {
    const { stored } = await scenario(['full']);
    expect([stored.status, stored.providerStatus, stored.received]).toEqual([
      'paid',
      'paid',
      { amount: '108', currency: 'USDT' },
    ]);
    expect(stored.flags.filter((flag) => flag !== 'test_mode')).toEqual([]);
  });

  it('paid_over: overpaid and flagged overpaid', async () => {
    const { stored } = await scenario(['over']);
    expect(stored.status).toBe('overpaid');
    expect(stored.flags).toContain('overpaid');
  });

  it('wrong_amount_waiting → paid', async () => {
    const { stored, results } = await scenario(['partial', 'full'], { allowPartialPayment: true });
    expect(results.map((r) => r.dedupeKey.split(':')[2])).toEqual([
      'confirm_check',
      'wrong_amount_waiting',
      'confirm_check',
      'paid',
    ]);
    expect(stored.status).toBe('paid');
  });

  it('cancel at the lifetime: expired with nothing received', async () => {
    const { stored } = await scenario(['expire']);
    expect([stored.status, stored.failureReason, stored.providerStatus]).toEqual([
      'expired',
      'timer_expired',
      'cancel',
    ]);
  });

  // `locked` is `held`: money arrived but the AML program holds it; above `processing`, so it applies
  // and the shop is asked to review, and a release to `paid` can still apply over it.
  it('locked: applied as held, for a person to review', async () => {
    const { stored, results } = await scenario(['unconfirmed']);
    expect(results.map((r) => [r.dedupeKey.split(':')[2], r.applied, r.to])).toEqual([
      ['confirm_check', true, 'processing'],
      ['locked', true, 'held'],
    ]);
    expect(stored.status).toBe('held');
  });

  it('applies a duplicate delivery once', async () => {
    const provider = harness.provider(id);
    const orderId = `${id}-dup-${Date.now()}`;
    const invoice = await run(ledger.createInvoice(provider, orderEveryProviderAccepts(orderId)));
    const [, paid] = await eventsOf(harness, provider, () => harness.sandbox.pay(id, invoice.id, 'full'));
    const first = await ledger.onEvent(paid!);
    const again = await ledger.onEvent(paid!);
    expect([first.duplicate, again.duplicate]).toEqual([false, true]);
  });
});
