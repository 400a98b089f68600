import * as E from 'fp-ts/Either';
import type { InvoiceEvent, NowpaymentsProvider } from '@invoicekit/gateway';
import {
  describeFailureMatrix,
  describeInvoiceProviderContract,
  orderEveryProviderAccepts,
  type FailureMatrixSetup,
} from '@invoicekit/testkit';
import { contractServer } from '../src';
import { startHarness, tampered, webhooksSince, type Harness } from './e2e/support';

/** The order every provider accepts, paid in BTC: an invoice with a fixed coin has its payment at once. */
const order = (orderId: string) => orderEveryProviderAccepts(orderId, { payCurrency: 'BTC' });

const INVALID_API_KEY =
  '{"status":false,"statusCode":403,"code":"INVALID_API_KEY","message":"Invalid api key"}';

const provider = (harness: Harness, overrides: Record<string, unknown> = {}) =>
  harness.provider('nowpayments', { checkMinimum: false, ...overrides }) as NowpaymentsProvider;

const matrixSetup = (harness: Harness): FailureMatrixSetup => ({
  providerId: 'nowpayments',
  provider: ({ timeoutMs }) => provider(harness, { timeoutMs }),
  server: contractServer(harness.sandbox, 'nowpayments'),
  validRequest: order,
  unauthorizedBody: INVALID_API_KEY,
  teardown: () => harness.close(),
});

describe('nowpayments against the sandbox over loopback HTTP', () => {
  let harness: Harness;

  const paidWebhook = async () => {
    const from = harness.receiver.received.length;
    const created = await provider(harness).createInvoice(order(`webhook-${Date.now()}`))();
    if (E.isLeft(created)) throw new Error(created.left.message);
    await harness.sandbox.pay('nowpayments', created.right.id, 'full');
    const webhooks = webhooksSince(harness.receiver, from);
    return webhooks[webhooks.length - 1]!;
  };

  describeInvoiceProviderContract('nowpayments (sandbox)', async () => {
    harness = await startHarness();
    const { apiKey, secretKey } = harness.sandbox.credentials.nowpayments;
    return {
      ...matrixSetup(harness),
      secrets: [apiKey, secretKey],
      unsupportedCall: (p) => p.cancelInvoice('4522625843'),
      validWebhook: paidWebhook,
      tamperedWebhook: async () => tampered(await paidWebhook()),
    };
  });
});

describeFailureMatrix('nowpayments (sandbox)', async () => matrixSetup(await startHarness()), [
  {
    operation: 'listInvoices',
    call: (p) => (p as NowpaymentsProvider).listPayments({ limit: 5 }),
  },
]);

describe('nowpayments: the adapter reads what the sandbox sends', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => harness.close());

  const events = async (from: number): Promise<InvoiceEvent[]> => {
    await harness.sandbox.idle();
    const parsed = await Promise.all(
      webhooksSince(harness.receiver, from).map((webhook) => provider(harness).parseWebhook(webhook)()),
    );
    return parsed.map((result) => {
      if (E.isLeft(result)) throw new Error(result.left.message);
      return result.right;
    });
  };

  const create = async (extra: Record<string, unknown> = {}) => {
    const created = await provider(harness).createInvoice({ ...order(`life-${Date.now()}`), ...extra })();
    if (E.isLeft(created)) throw new Error(created.left.message);
    return created.right;
  };

  it('pays in full: pending, processing three times, paid; every IPN verified and named by the invoice id', async () => {
    const from = harness.receiver.received.length;
    const invoice = await create();
    await harness.sandbox.pay('nowpayments', invoice.id, 'full');
    const seen = await events(from);
    expect(seen.map((e) => e.status)).toEqual(['pending', 'processing', 'processing', 'processing', 'paid']);
    expect(new Set(seen.map((e) => e.invoiceId))).toEqual(new Set([invoice.id]));
    expect(new Set(seen.map((e) => e.dedupeKey)).size).toBe(5);
    expect(
      seen.every(
        (e) => e.testMode && (e.raw as { signatureRecipe: string }).signatureRecipe === 'node-sort-object',
      ),
    ).toBe(true);
    expect(seen.at(-1)!.remaining).toEqual({ amount: '0', currency: 'BTC' });
    const read = await provider(harness).getInvoice(invoice)();
    expect(E.isRight(read) && read.right.status).toBe('paid');
  });

  it('pays part, then the rest as a repeated deposit, which is never taken for the invoice being paid', async () => {
    const from = harness.receiver.received.length;
    const invoice = await create({ payCurrency: 'TRX' });
    await harness.sandbox.pay('nowpayments', invoice.id, 'partial');
    await harness.sandbox.pay('nowpayments', invoice.id, 'full');
    const seen = await events(from);
    expect(seen.map((e) => [e.status, e.providerStatus])).toEqual([
      ['pending', 'waiting'],
      ['processing', 'confirming'],
      ['partially_paid', 'partially_paid'],
      ['processing', 'confirming'],
      ['partially_paid', 'finished'],
    ]);
    expect(seen.at(-1)).toMatchObject({ invoiceId: invoice.id, received: null });
    const read = await provider(harness).getInvoice(invoice.id)();
    expect(E.isRight(read) && read.right.status).toBe('partially_paid');
  });

  it('overpays: overpaid', async () => {
    const from = harness.receiver.received.length;
    await harness.sandbox.pay('nowpayments', (await create()).id, 'over');
    expect((await events(from)).at(-1)!.status).toBe('overpaid');
  });

  it('expires: expired with timer_expired', async () => {
    const from = harness.receiver.received.length;
    await harness.sandbox.expire('nowpayments', (await create()).id);
    expect((await events(from)).at(-1)).toMatchObject({ status: 'expired', failureReason: 'timer_expired' });
  });

  it('gives a retried IPN the same dedupe key', async () => {
    const receiverFrom = harness.receiver.received.length;
    const invoice = await create();
    await harness.sandbox.expire('nowpayments', invoice.id);
    const [first] = await events(receiverFrom);
    const again = await provider(harness).parseWebhook(webhooksSince(harness.receiver, receiverFrom)[0]!)();
    expect(E.isRight(again) && again.right.dedupeKey).toBe(first!.dedupeKey);
  });
});
