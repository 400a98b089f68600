import * as E from 'fp-ts/Either';
import type { CryptomusProvider, InvoiceEvent } from '@invoicekit/gateway';
import {
  describeFailureMatrix,
  describeInvoiceProviderContract,
  expectRight,
  orderEveryProviderAccepts,
  type FailureMatrixSetup,
} from '@invoicekit/testkit';
import { contractServer, type SandboxProviderId } from '../src';
import { eventsOf } from './cryptomus-support';
import { startHarness, tampered, webhooksSince, type Harness } from './e2e/support';

const PRESETS = ['cryptomus', 'heleket'] as const satisfies ReadonlyArray<SandboxProviderId>;
const UNAUTHORIZED = '{"state":1,"message":"Unauthorized: check the merchant uuid and the sign"}';

const matrixSetup = (harness: Harness, id: SandboxProviderId): FailureMatrixSetup => ({
  providerId: id,
  provider: ({ timeoutMs }) => harness.provider(id, { timeoutMs }),
  server: contractServer(harness.sandbox, id),
  validRequest: (orderId) => orderEveryProviderAccepts(orderId),
  unauthorizedBody: UNAUTHORIZED,
  teardown: () => harness.close(),
});

describe.each(PRESETS)('%s against the sandbox over loopback HTTP', (id) => {
  let harness: Harness;

  const paidWebhook = async () => {
    const from = harness.receiver.received.length;
    const created = await harness
      .provider(id)
      .createInvoice(orderEveryProviderAccepts(`webhook-${Date.now()}`))();
    if (E.isLeft(created)) throw new Error(created.left.message);
    await harness.sandbox.pay(id, created.right.id, 'full');
    const webhooks = webhooksSince(harness.receiver, from);
    return webhooks[webhooks.length - 1]!;
  };

  describeInvoiceProviderContract(`${id} (sandbox)`, async () => {
    harness = await startHarness();
    return {
      ...matrixSetup(harness, id),
      secrets: [harness.sandbox.credentials[id].apiKey],
      unsupportedCall: (provider) => provider.cancelInvoice('e1bf6e4a-4465-40b4-849e-60dfe7bced49'),
      validWebhook: paidWebhook,
      tamperedWebhook: async () => tampered(await paidWebhook()),
    };
  });
});

describeFailureMatrix('heleket (sandbox)', async () => matrixSetup(await startHarness(), 'heleket'), [
  { operation: 'listInvoices', call: (provider) => (provider as CryptomusProvider).listInvoices({}) },
]);

describe.each(PRESETS)('%s lifecycle through the sandbox', (id) => {
  let harness: Harness;
  let counter = 0;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  const create = async (extra = {}) => {
    const provider = harness.provider(id);
    const invoice = expectRight(
      await provider.createInvoice(
        orderEveryProviderAccepts(`${id}-${Date.now()}-${(counter += 1)}`, extra),
      )(),
    );
    return { provider, invoice };
  };

  const path = (events: ReadonlyArray<InvoiceEvent>) =>
    events.map((e) => [e.providerStatus, e.status, e.failureReason]);

  it('check → confirm_check → paid, with the pay quote and what was paid', async () => {
    const { provider, invoice } = await create();
    expect([invoice.status, invoice.providerStatus, invoice.testMode]).toEqual(['pending', 'check', true]);
    expect(invoice.price).toEqual({ amount: '100', currency: 'EUR' });
    expect(invoice.payment).toMatchObject({ currency: 'USDT', amount: '108', network: 'tron' });
    const events = await eventsOf(harness, provider, () => harness.sandbox.pay(id, invoice.id, 'full'));
    expect(path(events)).toEqual([
      ['confirm_check', 'processing', null],
      ['paid', 'paid', null],
    ]);
    const paid = events[1]!;
    expect([paid.invoiceId, paid.orderId, paid.received, paid.testMode]).toEqual([
      invoice.id,
      invoice.orderId,
      { amount: '108', currency: 'USDT' },
      true,
    ]);
    expect(paid.remaining).toEqual(id === 'cryptomus' ? { amount: '0', currency: 'USDT' } : null);
    expect(paid.transactions).toHaveLength(1);
    expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(2);
    expect(expectRight(await provider.getInvoice(invoice)())).toMatchObject({
      status: 'paid',
      providerStatus: 'paid',
    });
  });

  it('paid_over is overpaid with the larger amount received', async () => {
    const { provider, invoice } = await create();
    const events = await eventsOf(harness, provider, () => harness.sandbox.pay(id, invoice.id, 'over'));
    expect(path(events).at(-1)).toEqual(['paid_over', 'overpaid', null]);
    expect(events.at(-1)!.received).toEqual({ amount: '118.8', currency: 'USDT' });
  });

  it('wrong_amount_waiting → paid: a part payment keeps the invoice open for the rest', async () => {
    const { provider, invoice } = await create({ allowPartialPayment: true });
    const part = await eventsOf(harness, provider, () => harness.sandbox.pay(id, invoice.id, 'partial'));
    expect(path(part).at(-1)).toEqual(['wrong_amount_waiting', 'partially_paid', null]);
    const rest = await eventsOf(harness, provider, () => harness.sandbox.pay(id, invoice.id, 'full'));
    expect(path(rest).at(-1)).toEqual(['paid', 'paid', null]);
    expect(rest.at(-1)!.received).toEqual({ amount: '108', currency: 'USDT' });
  });

  it('wrong_amount: a part payment closes a single-payment invoice underpaid', async () => {
    const { provider, invoice } = await create({ allowPartialPayment: false });
    const events = await eventsOf(harness, provider, () => harness.sandbox.pay(id, invoice.id, 'partial'));
    expect(path(events).at(-1)).toEqual(['wrong_amount', 'failed', 'underpaid']);
  });

  it('cancel when the lifetime runs out unpaid, wrong_amount when it runs out part paid', async () => {
    const unpaid = await create();
    expect(
      path(await eventsOf(harness, unpaid.provider, () => harness.sandbox.expire(id, unpaid.invoice.id))),
    ).toEqual([['cancel', 'expired', 'timer_expired']]);
    const part = await create();
    await harness.sandbox.pay(id, part.invoice.id, 'partial');
    expect(
      path(await eventsOf(harness, part.provider, () => harness.sandbox.expire(id, part.invoice.id))),
    ).toEqual([['wrong_amount', 'failed', 'underpaid']]);
  });

  it('locked: a transaction held by the AML program stays open, never credited', async () => {
    const { provider, invoice } = await create();
    const events = await eventsOf(harness, provider, () =>
      harness.sandbox.pay(id, invoice.id, 'unconfirmed'),
    );
    expect(path(events).at(-1)).toEqual(['locked', 'held', null]);
  });

  it('lists the invoices it created, newest first', async () => {
    const { invoice } = await create();
    const page = expectRight(await (harness.provider(id) as CryptomusProvider).listInvoices({})());
    expect(page.invoices[0]?.id).toBe(invoice.id);
  });

  it('returns the existing invoice for a second create with the same order id', async () => {
    const request = orderEveryProviderAccepts(`${id}-again-${Date.now()}`);
    const provider = harness.provider(id);
    const first = expectRight(await provider.createInvoice(request)());
    const again = expectRight(await provider.createInvoice({ ...request, amount: '5' })());
    expect(again.id).toBe(first.id);
  });
});
