import {
  compareDecimals,
  signCallback,
  type Decimal,
  type InvoiceEvent,
  type InvoiceProvider,
} from '@invoicekit/gateway';
import { expectLeftTag, expectRight, orderEveryProviderAccepts } from '@invoicekit/testkit';
import { CALLBACK_TYPES, CRYPTOCLOUD_TOKEN_IDS, type SandboxProviderId as ProviderId } from '../../src';
import { startReceiver } from '../helpers';
import { startHarness, tampered, webhooksSince, type Harness } from './support';

const COINSPAID_FAMILY: ReadonlyArray<ProviderId> = ['cryptoprocessing', 'alphapo', 'coinspaid'];

let harness: Harness;
let orderCounter = 0;
const nextOrderId = (label: string) => `${label}-${Date.now()}-${(orderCounter += 1)}`;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

/** Runs `act` and returns every webhook it caused, verified by `provider`. */
const eventsOf = async (
  provider: InvoiceProvider,
  act: () => Promise<unknown>,
  on: Harness = harness,
): Promise<InvoiceEvent[]> => {
  const from = on.receiver.received.length;
  await act();
  const events: InvoiceEvent[] = [];
  for (const webhook of webhooksSince(on.receiver, from)) {
    events.push(expectRight(await provider.parseWebhook(webhook)()));
  }
  return events;
};

const outcome = (events: ReadonlyArray<InvoiceEvent>) =>
  events.map((e) => [e.status, e.failureReason, e.confirmed]);

describe.each(COINSPAID_FAMILY)('%s lifecycle through the sandbox', (id) => {
  const create = async (extra = {}) => {
    const provider = harness.provider(id);
    const invoice = expectRight(
      await provider.createInvoice(orderEveryProviderAccepts(nextOrderId(id), extra))(),
    );
    return { provider, invoice };
  };

  it('reports processing then paid for a full payment, with the received money in canonical decimals', async () => {
    const { provider, invoice } = await create();
    expect(invoice.price).toEqual({ amount: '100', currency: 'EUR' });
    const events = await eventsOf(provider, () => harness.sandbox.pay(id, invoice.id, 'full'));
    expect(outcome(events)).toEqual([
      ['processing', null, true],
      ['paid', null, true],
    ]);
    const paid = events[1]!;
    expect([paid.invoiceId, paid.orderId]).toEqual([invoice.id, invoice.orderId]);
    expect(paid.received).toEqual({ amount: '100', currency: 'EUR' });
    expect(paid.remaining).toEqual({ amount: '0', currency: 'BTC' });
    expect(paid.transactions).toHaveLength(1);
    expect(paid.transactions[0]).toMatchObject({ currency: 'BTC', confirmations: 2 });
    expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(2);
  });

  it('gives a redelivered callback the same dedupeKey', async () => {
    const { provider, invoice } = await create();
    const from = harness.receiver.received.length;
    await harness.sandbox.pay(id, invoice.id, 'full');
    const [first] = webhooksSince(harness.receiver, from);
    const once = expectRight(await provider.parseWebhook(first!)());
    const twice = expectRight(await provider.parseWebhook(first!)());
    expect(twice.dedupeKey).toBe(once.dedupeKey);
  });

  it('reports a part payment on a partial-payment invoice as partially_paid with the remainder', async () => {
    const { provider, invoice } = await create({ allowPartialPayment: true });
    const [event] = await eventsOf(provider, () => harness.sandbox.pay(id, invoice.id, 'partial'));
    expect(event?.status).toBe('partially_paid');
    const owed = harness.sandbox.invoice(id, invoice.id)!.payment.remaining as Decimal;
    expect(compareDecimals(event!.remaining!.amount, owed)).toBe(0);
    const rest = await eventsOf(provider, () => harness.sandbox.pay(id, invoice.id, 'full'));
    expect(rest.map((e) => e.status)).toContain('paid');
  });

  it('reports a part payment on a fill-or-kill invoice as failed: underpaid', async () => {
    const { provider, invoice } = await create();
    const events = await eventsOf(provider, () => harness.sandbox.pay(id, invoice.id, 'partial'));
    expect(outcome(events)).toEqual([
      ['processing', null, true],
      ['failed', 'underpaid', true],
    ]);
    expect(events[1]?.transactions.length).toBe(1);
  });

  it('reports a payment stuck in processing for 24 hours as failed: processing_timeout', async () => {
    const { provider, invoice } = await create({ expiresInMinutes: 15, payCurrency: 'BTC' });
    const events = await eventsOf(provider, () => harness.sandbox.pay(id, invoice.id, 'unconfirmed'));
    expect(outcome(events)).toEqual([
      ['processing', null, true],
      ['failed', 'processing_timeout', true],
    ]);
  });

  it('reports an invoice whose timer ran out as expired: timer_expired', async () => {
    const { provider, invoice } = await create({ expiresInMinutes: 15 });
    expect(invoice.status).toBe('pending');
    expect(invoice.expiresAt).not.toBeNull();
    const events = await eventsOf(provider, () => harness.sandbox.expire(id, invoice.id));
    expect(outcome(events)).toEqual([['expired', 'timer_expired', true]]);
  });

  it('reports a part-paid instalment invoice whose timer ran out as failed: underpaid', async () => {
    const { provider, invoice } = await create({ expiresInMinutes: 15, allowPartialPayment: true });
    await harness.sandbox.pay(id, invoice.id, 'partial');
    const events = await eventsOf(provider, () => harness.sandbox.expire(id, invoice.id));
    expect(outcome(events)).toEqual([['failed', 'underpaid', true]]);
  });

  it.each(CALLBACK_TYPES)(
    'answers an authentic %s callback with UnsupportedEvent naming its type',
    async (type) => {
      const provider = harness.provider(id);
      const from = harness.receiver.received.length;
      await harness.sandbox.sendCallback(id, { type });
      const [callback] = webhooksSince(harness.receiver, from);
      const error = expectLeftTag(await provider.parseWebhook(callback!)(), 'UnsupportedEvent');
      expect([error.provider, error.eventType]).toEqual([id, type]);
    },
  );

  it('still refuses a forged callback of another type with SignatureInvalid', async () => {
    const from = harness.receiver.received.length;
    await harness.sandbox.sendCallback(id, { type: 'payment_request' });
    const [callback] = webhooksSince(harness.receiver, from);
    expectLeftTag(await harness.provider(id).parseWebhook(tampered(callback!))(), 'SignatureInvalid');
  });

  it('refuses a second invoice for the same orderId with DuplicateOrder', async () => {
    const provider = harness.provider(id);
    const order = orderEveryProviderAccepts(nextOrderId('duplicate'));
    expectRight(await provider.createInvoice(order)());
    const error = expectLeftTag(await provider.createInvoice(order)(), 'DuplicateOrder');
    expect(error.orderId).toBe(order.orderId);
  });

  it('refuses a callback signed with another secret or sent with another key', async () => {
    const { provider, invoice } = await create();
    const from = harness.receiver.received.length;
    await harness.sandbox.pay(id, invoice.id, 'full');
    const [genuine] = webhooksSince(harness.receiver, from);
    const body = genuine!.body.toString();
    const forged = { ...genuine!.headers, 'x-processing-signature': signCallback(body, 'guessed-secret') };
    expectLeftTag(await provider.parseWebhook({ headers: forged, body })(), 'SignatureInvalid');
    const stranger = harness.provider(id, { apiKey: 'someone-else', secretKey: 'their-secret' });
    expectLeftTag(await stranger.parseWebhook(genuine!)(), 'SignatureInvalid');
  });

  it('is rejected by the sandbox with the documented 403 when the secret is wrong', async () => {
    const provider = harness.provider(id, { secretKey: 'not-the-secret' });
    const error = expectLeftTag(
      await provider.createInvoice(orderEveryProviderAccepts(nextOrderId('bad-secret')))(),
      'Unauthorized',
    );
    expect([error.status, error.code]).toEqual([403, 'bad_header_signature']);
  });
});

describe('cryptocloud lifecycle through the sandbox', () => {
  const provider = (overrides: Record<string, unknown> = {}) => harness.provider('cryptocloud', overrides);
  const createOn = async (on: Harness, label: string, extra = {}) =>
    expectRight(
      await on.provider('cryptocloud').createInvoice(orderEveryProviderAccepts(nextOrderId(label), extra))(),
    );
  const create = (label: string, extra = {}) => createOn(harness, label, extra);

  const postbackOf = async (invoiceId: string, on: Harness = harness) => {
    const from = on.receiver.received.length;
    await on.sandbox.pay('cryptocloud', invoiceId, 'full');
    const [postback] = webhooksSince(on.receiver, from);
    return postback!;
  };

  it('creates and pays an invoice, and confirms the postback through merchant/info by default', async () => {
    const invoice = await create('cc', { payCurrency: 'BTC' });
    expect(invoice.payment?.currency).toBe('BTC');
    const events = await eventsOf(provider(), () => harness.sandbox.pay('cryptocloud', invoice.id, 'full'));
    expect(outcome(events)).toEqual([['paid', null, true]]);
    const [paid] = events;
    expect([paid?.invoiceId, paid?.orderId, paid?.testMode]).toEqual([invoice.id, invoice.orderId, false]);
    const sent = harness.sandbox.invoice('cryptocloud', invoice.id)!.payment.paid as Decimal;
    expect(compareDecimals(paid!.received!.amount, sent)).toBe(0);
    expect(expectRight(await provider().getInvoice(invoice)()).status).toBe('paid');
    expect(expectRight(await provider().getInvoice(invoice.id.replace('INV-', ''))()).status).toBe('paid');
  });

  it.each(CRYPTOCLOUD_TOKEN_IDS)(
    'confirms a postback whose token names the invoice in the %s form',
    async (form) => {
      const own = await startHarness({ cryptocloudTokenId: form });
      try {
        const invoice = await createOn(own, `cc-token-${form}`);
        const events = await eventsOf(
          own.provider('cryptocloud'),
          () => own.sandbox.pay('cryptocloud', invoice.id, 'full'),
          own,
        );
        expect(outcome(events)).toEqual([['paid', null, true]]);
        expect(events[0]?.invoiceId).toBe(invoice.id);
      } finally {
        await own.close();
      }
    },
  );

  it('builds the event from merchant/info when a postback amount was forged', async () => {
    const invoice = await create('cc-forged-amount');
    const postback = await postbackOf(invoice.id);
    const body = postback.body.toString().replace(/"amount_crypto":[0-9.e+-]+/, '"amount_crypto":1000');
    const forged = { headers: postback.headers, body };
    const confirmed = expectRight(await provider().parseWebhook(forged)());
    const paid = harness.sandbox.invoice('cryptocloud', invoice.id)!.payment.paid as Decimal;
    expect(confirmed.confirmed).toBe(true);
    expect(compareDecimals(confirmed.received!.amount, paid)).toBe(0);
    const unconfirmed = expectRight(await provider({ confirmPostbacks: false }).parseWebhook(forged)());
    expect([unconfirmed.confirmed, unconfirmed.received?.amount]).toEqual([false, '1000']);
  });

  it('reads the body as sent when confirmPostbacks is off, and says the event is not confirmed', async () => {
    const invoice = await create('cc-unconfirmed');
    const events = await eventsOf(provider({ confirmPostbacks: false }), () =>
      harness.sandbox.pay('cryptocloud', invoice.id, 'full'),
    );
    expect(outcome(events)).toEqual([['paid', null, false]]);
    expect(events[0]?.invoiceId).toBe(invoice.id);
  });

  it('refuses a numeric token id it cannot check when confirmPostbacks is off', async () => {
    const own = await startHarness({ cryptocloudTokenId: 'numeric' });
    try {
      const invoice = await createOn(own, 'cc-numeric-unconfirmed');
      const postback = await postbackOf(invoice.id, own);
      const unconfirming = own.provider('cryptocloud', { confirmPostbacks: false });
      expectLeftTag(await unconfirming.parseWebhook(postback)(), 'SignatureInvalid');
    } finally {
      await own.close();
    }
  });

  it('answers ConfirmationFailed, carrying the InvoiceError, when merchant/info cannot be reached', async () => {
    const invoice = await create('cc-unreachable');
    const postback = await postbackOf(invoice.id);
    const closed = await startReceiver();
    await closed.close();
    const offline = provider({ baseUrl: `${closed.url}/cryptocloud` });
    const error = expectLeftTag(await offline.parseWebhook(postback)(), 'ConfirmationFailed');
    expect(error.error._tag).toBe('NetworkError');
  });

  it('refuses a test-mode payment unless allowTestMode is set', async () => {
    const own = await startHarness({ cryptocloudTestMode: true });
    try {
      const invoice = await createOn(own, 'cc-test-mode');
      expect(invoice.testMode).toBe(true);
      const postback = await postbackOf(invoice.id, own);
      const refused = expectLeftTag(
        await own.provider('cryptocloud').parseWebhook(postback)(),
        'UnsupportedEvent',
      );
      expect(refused.eventType).toBe('test_mode');
      const accepted = own.provider('cryptocloud', { allowTestMode: true });
      expect(expectRight(await accepted.parseWebhook(postback)()).testMode).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('shows a part payment as partially_paid', async () => {
    const invoice = await create('cc-partial');
    await harness.sandbox.pay('cryptocloud', invoice.id, 'partial');
    expect(expectRight(await provider().getInvoice(invoice)()).status).toBe('partially_paid');
  });

  it('shows an invoice whose time ran out as expired: canceled, with its expiry_date passed', async () => {
    const invoice = await create('cc-expire');
    const ended = await harness.sandbox.expire('cryptocloud', invoice.id);
    expect(ended.status).toBe('canceled');
    expect(Date.parse(ended.expiresAt!)).toBeLessThanOrEqual(Date.now());
    expect(expectRight(await provider().getInvoice(invoice.id)()).status).toBe('expired');
  });

  it('cancels an open invoice and reports it afterwards, and refuses to cancel it twice', async () => {
    const invoice = await create('cc-cancel');
    const cancelled = expectRight(await provider().cancelInvoice(invoice)());
    expect(cancelled).toMatchObject({ provider: 'cryptocloud', id: invoice.id, orderId: invoice.orderId });
    expect(cancelled.invoice?.status).toBe('cancelled');
    expect(harness.sandbox.invoice('cryptocloud', invoice.id)?.status).toBe('canceled');
    expect(expectLeftTag(await provider().cancelInvoice(invoice)(), 'Rejected').status).toBe(400);
  });

  it('cancels by the bare invoice id and reads the order id back', async () => {
    const invoice = await create('cc-cancel-bare');
    const cancelled = expectRight(await provider().cancelInvoice(invoice.id.replace('INV-', ''))());
    expect([cancelled.id, cancelled.orderId, cancelled.invoice?.status]).toEqual([
      invoice.id,
      invoice.orderId,
      'cancelled',
    ]);
  });

  it('lists the invoices created today', async () => {
    const invoice = await create('cc-list');
    const today = new Date();
    const listed = expectRight(
      await harness.cryptocloud().listInvoices({ from: today, to: today, limit: 100 })(),
    );
    expect(listed.map((listedInvoice) => listedInvoice.id)).toContain(invoice.id);
  });

  it('refuses a postback whose token was signed with another secret key', async () => {
    const invoice = await create('cc-forged');
    const postback = await postbackOf(invoice.id);
    const stranger = provider({ secretKey: 'another-project-secret' });
    expectLeftTag(await stranger.parseWebhook(postback)(), 'SignatureInvalid');
  });

  it('answers a wrong API key with Unauthorized', async () => {
    const wrongKey = provider({ apiKey: 'not-a-key' });
    expectLeftTag(
      await wrongKey.createInvoice(orderEveryProviderAccepts(nextOrderId('cc-key')))(),
      'Unauthorized',
    );
  });
});
