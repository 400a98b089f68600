// PGlite's CommonJS build imports Node built-ins dynamically, which jest's vm refuses: the ledger's
// specs load it natively, and so does this one (the module as the ledger resolves it).
jest.mock(require.resolve('@electric-sql/pglite', { paths: [`${__dirname}/../../ledger`] }), () =>
  jest
    .requireActual<typeof import('../../ledger/test/support/nativePglite')>(
      '../../ledger/test/support/nativePglite',
    )
    .nativePglite(),
);

import * as E from 'fp-ts/Either';
import type { BtcpayProvider } from '@invoicekit/btcpay';
import type { InvoiceEvent, InvoiceProvider } from '@invoicekit/gateway';
import { openLedger, pglite, type Ledger } from '@invoicekit/ledger';
import {
  describeFailureMatrix,
  describeInvoiceProviderContract,
  expectLeftTag,
  expectRight,
  orderEveryProviderAccepts,
  type FailureMatrixSetup,
} from '@invoicekit/testkit';
import { contractServer } from '../src';
import { post } from './helpers';
import { startHarness, tampered, webhooksSince, type Harness } from './e2e/support';

const UNAUTHENTICATED =
  '{"code":"unauthenticated","message":"Authentication is required for accessing this endpoint"}';

let counter = 0;
const nextOrderId = (label: string) => `${label}-${Date.now()}-${(counter += 1)}`;

const matrixSetup = (harness: Harness): FailureMatrixSetup => ({
  providerId: 'btcpay',
  provider: ({ timeoutMs }) => harness.provider('btcpay', { timeoutMs }),
  server: contractServer(harness.sandbox, 'btcpay'),
  validRequest: (orderId) => orderEveryProviderAccepts(orderId),
  unauthorizedBody: UNAUTHENTICATED,
  teardown: () => harness.close(),
});

/** Runs `act` and verifies every webhook it caused. */
const eventsOf = async (harness: Harness, provider: InvoiceProvider, act: () => Promise<unknown>) => {
  const from = harness.receiver.received.length;
  await act();
  await harness.sandbox.idle();
  const events: InvoiceEvent[] = [];
  for (const webhook of webhooksSince(harness.receiver, from)) {
    events.push(expectRight(await provider.parseWebhook(webhook)()));
  }
  return events;
};

describe('btcpay against the sandbox over loopback HTTP', () => {
  let harness: Harness;

  const paidWebhook = async () => {
    const provider = harness.provider('btcpay');
    const created = await provider.createInvoice(orderEveryProviderAccepts(nextOrderId('webhook')))();
    if (E.isLeft(created)) throw new Error(created.left.message);
    const from = harness.receiver.received.length;
    await harness.sandbox.pay('btcpay', created.right.id, 'full');
    const webhooks = webhooksSince(harness.receiver, from);
    return webhooks[webhooks.length - 1]!;
  };

  describeInvoiceProviderContract('btcpay (sandbox)', async () => {
    harness = await startHarness();
    // The first request loads the adapter and node's HTTP modules: do that before the suite's 400 ms deadlines.
    await harness.provider('btcpay').getInvoice('WarmUp')();
    const { apiKey, secretKey } = harness.sandbox.credentials.btcpay;
    return {
      ...matrixSetup(harness),
      secrets: [apiKey, secretKey],
      unsupportedCall: (provider) =>
        provider.createInvoice(
          orderEveryProviderAccepts(nextOrderId('fill-or-kill'), { allowPartialPayment: false }),
        ),
      validWebhook: paidWebhook,
      tamperedWebhook: async () => tampered(await paidWebhook()),
    };
  });
});

describeFailureMatrix('btcpay (sandbox)', async () => matrixSetup(await startHarness()), [
  {
    operation: 'listInvoices',
    call: (provider) => (provider as BtcpayProvider).findInvoicesByOrderId('ORDER-1001'),
  },
]);

describe('btcpay lifecycle through the sandbox', () => {
  let harness: Harness;
  let provider: BtcpayProvider;

  beforeAll(async () => {
    harness = await startHarness();
    provider = harness.provider('btcpay') as BtcpayProvider;
  });
  afterAll(() => harness.close());

  // Each create also sends InvoiceCreated: wait for it, so a test sees only the events it caused.
  const create = async (extra = {}) => {
    const invoice = expectRight(
      await provider.createInvoice(orderEveryProviderAccepts(nextOrderId('btcpay'), extra))(),
    );
    await harness.sandbox.idle();
    return invoice;
  };

  it('creates a pending test invoice priced as asked, with its checkout page', async () => {
    const invoice = await create({ expiresInMinutes: 30 });
    expect(invoice).toMatchObject({ status: 'pending', providerStatus: 'New', testMode: true });
    expect(invoice.price).toEqual({ amount: '100', currency: 'EUR' });
    expect(invoice.expiresAt!.getTime() - invoice.createdAt!.getTime()).toBe(30 * 60_000);
    expect(invoice.paymentUrl).toBe(`${harness.sandbox.url}/pay/btcpay/${invoice.id}`);
  });

  it('reports a full payment as paid with exact amounts, built from the invoice read after verification', async () => {
    const invoice = await create();
    const events = await eventsOf(harness, provider, () => harness.sandbox.pay('btcpay', invoice.id, 'full'));
    expect(events.map((e) => e.raw && (e.raw as { webhook: { type: string } }).webhook.type)).toEqual([
      'InvoiceReceivedPayment',
      'InvoiceProcessing',
      'InvoicePaymentSettled',
      'InvoiceSettled',
    ]);
    const settled = events[3]!;
    expect(settled).toMatchObject({
      status: 'paid',
      providerStatus: 'Settled',
      received: { amount: '100', currency: 'EUR' },
      remaining: { amount: '0', currency: 'BTC' },
      orderId: invoice.orderId,
      testMode: true,
      confirmed: true,
    });
    expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(4);
  });

  it('reports a part payment as partially_paid with what is left, then paid', async () => {
    const invoice = await create();
    const part = await eventsOf(harness, provider, () =>
      harness.sandbox.pay('btcpay', invoice.id, 'partial'),
    );
    expect(part[part.length - 1]).toMatchObject({
      status: 'partially_paid',
      received: { amount: '50', currency: 'EUR' },
    });
    expect(Number(part[part.length - 1]!.remaining!.amount)).toBeGreaterThan(0);
    const rest = await eventsOf(harness, provider, () => harness.sandbox.pay('btcpay', invoice.id, 'full'));
    expect(rest[rest.length - 1]).toMatchObject({
      status: 'paid',
      received: { amount: '100', currency: 'EUR' },
    });
  });

  it('reports expiry, then a late payment as what BTCPay now says', async () => {
    const invoice = await create();
    const expired = await eventsOf(harness, provider, () => harness.sandbox.expire('btcpay', invoice.id));
    expect(expired.map((e) => [e.status, e.failureReason])).toEqual([['expired', 'timer_expired']]);
    const late = await eventsOf(harness, provider, () => harness.sandbox.pay('btcpay', invoice.id, 'full'));
    expect(late[late.length - 1]).toMatchObject({
      status: 'paid',
      providerStatus: 'Expired/PaidLate',
      received: { amount: '100', currency: 'EUR' },
    });
  });

  it('reports an overpayment as overpaid', async () => {
    const invoice = await create();
    const events = await eventsOf(harness, provider, () => harness.sandbox.pay('btcpay', invoice.id, 'over'));
    expect(events[events.length - 1]).toMatchObject({
      status: 'overpaid',
      providerStatus: 'Settled/PaidOver',
    });
  });

  it('cancels by marking invalid, reports the InvoiceInvalid event as cancelled, and refuses a second cancel', async () => {
    const invoice = await create();
    const from = harness.receiver.received.length;
    const cancelled = expectRight(await provider.cancelInvoice(invoice)());
    expect(cancelled.invoice).toMatchObject({ status: 'cancelled', providerStatus: 'Invalid/Marked' });
    await harness.sandbox.idle();
    const [event] = await Promise.all(
      webhooksSince(harness.receiver, from).map(async (w) => expectRight(await provider.parseWebhook(w)())),
    );
    expect(event).toMatchObject({ status: 'cancelled', failureReason: null });
    const again = expectLeftTag(await provider.cancelInvoice(invoice)(), 'Rejected');
    expect(again.fields).toEqual({
      Status: 'Status can only be marked to invalid or settled within certain conditions.',
    });
  });

  it('finds an invoice by its order id, as after a create whose answer was lost', async () => {
    const invoice = await create();
    const found = expectRight(await provider.findInvoicesByOrderId(invoice.orderId!)());
    expect(found.map((i) => i.id)).toEqual([invoice.id]);
    expect(expectRight(await provider.findInvoicesByOrderId('never-created')())).toEqual([]);
  });

  it('gives a redelivery through the redeliver endpoint the dedupeKey of the original', async () => {
    const invoice = await create();
    const [settled] = (
      await eventsOf(harness, provider, () => harness.sandbox.pay('btcpay', invoice.id, 'full'))
    ).slice(-1);
    const webhook = (settled!.raw as { webhook: { webhookId: string; deliveryId: string } }).webhook;
    const { baseUrl, apiKey } = harness.sandbox.credentials.btcpay;
    const redelivered = await eventsOf(harness, provider, () =>
      post(`${baseUrl}/api/v1/webhooks/${webhook.webhookId}/deliveries/${webhook.deliveryId}/redeliver`, '', {
        Authorization: `token ${apiKey}`,
      }),
    );
    expect(redelivered.map((e) => e.dedupeKey)).toEqual([settled!.dedupeKey]);
  });
});

describe('btcpay through the ledger', () => {
  let harness: Harness;
  let provider: BtcpayProvider;
  let ledger: Ledger;

  beforeAll(async () => {
    harness = await startHarness();
    provider = harness.provider('btcpay') as BtcpayProvider;
    ledger = expectRight(await openLedger({ storage: pglite(), mode: 'test' })());
  });
  afterAll(async () => {
    await ledger.close()();
    await harness.close();
  });

  const createThrough = async () => {
    const invoice = expectRight(
      await ledger.createInvoice(provider, orderEveryProviderAccepts(nextOrderId('ledger')))(),
    );
    await harness.sandbox.idle();
    return invoice;
  };

  const deliver = async (act: () => Promise<unknown>) => {
    const events = await eventsOf(harness, provider, act);
    return Promise.all(events.map((event) => ledger.onEvent(event)));
  };

  const stored = async (invoiceId: string) => expectRight(await ledger.invoice('btcpay', { invoiceId })())!;

  it('applies a full payment once, a redelivery as a duplicate', async () => {
    const invoice = await createThrough();
    const results = await deliver(() => harness.sandbox.pay('btcpay', invoice.id, 'full'));
    expect(results.every((r) => !r.duplicate)).toBe(true);
    expect(await stored(invoice.id)).toMatchObject({
      status: 'paid',
      received: { amount: '100', currency: 'EUR' },
    });
    const again = await Promise.all(
      webhooksSince(harness.receiver, harness.receiver.received.length - 1).map(async (w) =>
        ledger.onEvent(expectRight(await provider.parseWebhook(w)())),
      ),
    );
    expect(again.map((r) => r.duplicate)).toEqual([true]);
  });

  it('moves partially_paid to paid', async () => {
    const invoice = await createThrough();
    await deliver(() => harness.sandbox.pay('btcpay', invoice.id, 'partial'));
    expect((await stored(invoice.id)).status).toBe('partially_paid');
    await deliver(() => harness.sandbox.pay('btcpay', invoice.id, 'full'));
    expect((await stored(invoice.id)).status).toBe('paid');
  });

  it('flags a payment after expiry as late_payment', async () => {
    const invoice = await createThrough();
    await deliver(() => harness.sandbox.expire('btcpay', invoice.id));
    expect((await stored(invoice.id)).status).toBe('expired');
    await deliver(() => harness.sandbox.pay('btcpay', invoice.id, 'full'));
    expect((await stored(invoice.id)).flags).toContain('late_payment');
  });
});
