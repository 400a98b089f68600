// PGlite's CommonJS build imports Node built-ins dynamically, which jest's vm refuses: the ledger's
// specs load it natively, and so does this one (the module as the ledger resolves it).
jest.mock(require.resolve('@electric-sql/pglite', { paths: [`${__dirname}/../../ledger`] }), () =>
  jest
    .requireActual<typeof import('../../ledger/test/support/nativePglite')>(
      '../../ledger/test/support/nativePglite',
    )
    .nativePglite(),
);

import type { BtcpayProvider } from '@invoicekit/btcpay';
import { openLedger, pglite, type Ledger } from '@invoicekit/ledger';
import { expectRight, orderEveryProviderAccepts } from '@invoicekit/testkit';
import { startHarness, webhooksSince, type Harness } from './e2e/support';

let harness: Harness;
let provider: BtcpayProvider;
let ledger: Ledger;
let counter = 0;
const nextOrderId = () => `lost-${Date.now()}-${(counter += 1)}`;

beforeAll(async () => {
  harness = await startHarness();
  provider = harness.provider('btcpay') as BtcpayProvider;
  ledger = expectRight(
    await openLedger({ storage: pglite(), mode: 'test', unresolvedAfterMs: 0, staleAfterMs: 0 })(),
  );
});
afterAll(async () => {
  await ledger.close()();
  await harness.close();
});

const atBtcpay = async (orderId: string) => expectRight(await provider.findInvoicesByOrderId(orderId)());
const stored = async (orderId: string) => expectRight(await ledger.invoice('btcpay', { orderId })())!;
const requests = () => harness.sandbox.requestCount('btcpay');

describe('btcpay: a create whose answer was lost, through the ledger', () => {
  it('finds the invoice BTCPay made by order id and records it as the create answer', async () => {
    const orderId = nextOrderId();
    harness.sandbox.injectFault('btcpay', { kind: 'reset', afterHandler: true });
    const before = requests();
    const invoice = expectRight(await ledger.createInvoice(provider, orderEveryProviderAccepts(orderId))());
    expect(requests() - before).toBe(2);
    const made = await atBtcpay(orderId);
    expect(made.map((i) => i.id)).toEqual([invoice.id]);
    expect(await stored(orderId)).toMatchObject({
      creation: 'created',
      invoiceId: invoice.id,
      status: 'pending',
      flags: ['test_mode'],
    });
    await harness.sandbox.idle();
    const from = harness.receiver.received.length;
    await harness.sandbox.pay('btcpay', invoice.id, 'full');
    await harness.sandbox.idle();
    for (const webhook of webhooksSince(harness.receiver, from)) {
      await ledger.onEvent(expectRight(await provider.parseWebhook(webhook)()));
    }
    expect(await stored(orderId)).toMatchObject({ status: 'paid', invoiceId: invoice.id });
  });

  it('resolves it in reconcile when the lookup also failed, without a second create', async () => {
    const orderId = nextOrderId();
    harness.sandbox.injectFault('btcpay', { kind: 'reset', afterHandler: true });
    harness.sandbox.injectFault('btcpay', { kind: 'reset' });
    const failed = await ledger.createInvoice(provider, orderEveryProviderAccepts(orderId))();
    expect(failed).toMatchObject({ _tag: 'Left', left: { _tag: 'ProviderFailed', unresolved: true } });
    const report = expectRight(await ledger.reconcile({ providers: [provider] })());
    const [made] = await atBtcpay(orderId);
    expect(report.checked.filter((c) => c.orderId === orderId)).toMatchObject([
      { action: 'find', invoiceId: made!.id },
    ]);
    expect(await atBtcpay(orderId)).toHaveLength(1);
    expect(await stored(orderId)).toMatchObject({ creation: 'created', invoiceId: made!.id });
  });

  it('re-sends in reconcile when BTCPay lists no invoice for the order', async () => {
    const orderId = nextOrderId();
    harness.sandbox.injectFault('btcpay', { kind: 'reset' });
    const failed = await ledger.createInvoice(provider, orderEveryProviderAccepts(orderId))();
    expect(failed).toMatchObject({ _tag: 'Left', left: { _tag: 'ProviderFailed', unresolved: true } });
    expect(await stored(orderId)).toMatchObject({ creation: 'requested', invoiceId: null });
    const report = expectRight(await ledger.reconcile({ providers: [provider] })());
    const made = await atBtcpay(orderId);
    expect(made).toHaveLength(1);
    expect(report.checked.filter((c) => c.orderId === orderId)).toMatchObject([
      { action: 'resend', invoiceId: made[0]!.id },
    ]);
  });

  it('records the newest of two invoices for one order and raises conflicting_invoice', async () => {
    const orderId = nextOrderId();
    const first = expectRight(await provider.createInvoice(orderEveryProviderAccepts(orderId))());
    await harness.sandbox.advance(1000);
    harness.sandbox.injectFault('btcpay', { kind: 'reset', afterHandler: true });
    const invoice = expectRight(await ledger.createInvoice(provider, orderEveryProviderAccepts(orderId))());
    expect(invoice.id).not.toBe(first.id);
    expect((await atBtcpay(orderId)).map((i) => i.id)).toEqual([invoice.id, first.id]);
    expect(await stored(orderId)).toMatchObject({
      invoiceId: invoice.id,
      flags: ['test_mode', 'conflicting_invoice'],
    });
  });
});
