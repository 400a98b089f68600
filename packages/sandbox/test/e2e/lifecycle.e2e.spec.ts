import {
  compareDecimals,
  signCallback,
  type Decimal,
  type InvoiceEvent,
  type InvoiceProvider,
  type ProviderId,
} from '@invoicekit/gateway';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { orderFor, startHarness, webhooksSince, type Harness } from './support';

const COINSPAID_FAMILY: ReadonlyArray<ProviderId> = ['cryptoprocessing', 'alphapo', 'coinspaid'];

let harness: Harness;
let orderCounter = 0;
const nextOrderId = (label: string) => `${label}-${Date.now()}-${(orderCounter += 1)}`;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

/** Runs `act` and returns every webhook it caused, verified by `provider`. */
const eventsOf = async (provider: InvoiceProvider, act: () => Promise<unknown>): Promise<InvoiceEvent[]> => {
  const from = harness.receiver.received.length;
  await act();
  const events: InvoiceEvent[] = [];
  for (const webhook of webhooksSince(harness.receiver, from)) {
    events.push(expectRight(await provider.parseWebhook(webhook)()));
  }
  return events;
};

describe.each(COINSPAID_FAMILY)('%s lifecycle through the sandbox', (id) => {
  const create = async (extra = {}) => {
    const provider = harness.provider(id);
    const invoice = expectRight(await provider.createInvoice(orderFor(nextOrderId(id), extra))());
    return { provider, invoice };
  };

  it('reports processing then paid for a full payment, with the received money', async () => {
    const { provider, invoice } = await create();
    const events = await eventsOf(provider, () => harness.sandbox.pay(id, invoice.id, 'full'));
    expect(events.map((e) => e.status)).toEqual(['processing', 'paid']);
    const paid = events[1]!;
    expect([paid.invoiceId, paid.orderId]).toEqual([invoice.id, invoice.orderId]);
    expect(paid.received?.currency).toBe('EUR');
    expect(paid.transactions.length).toBeGreaterThan(0);
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
    expect(Number(event?.remaining?.amount)).toBeGreaterThan(0);
    const rest = await eventsOf(provider, () => harness.sandbox.pay(id, invoice.id, 'full'));
    expect(rest.map((e) => e.status)).toContain('paid');
  });

  it('reports a part payment on a fill-or-kill invoice as failed: underpaid', async () => {
    const { provider, invoice } = await create();
    const events = await eventsOf(provider, () => harness.sandbox.pay(id, invoice.id, 'partial'));
    const last = events[events.length - 1]!;
    expect([last.status, last.failureReason]).toEqual(['failed', 'underpaid']);
  });

  it('reports an invoice whose timer ran out as expired: timer_expired', async () => {
    const { provider, invoice } = await create({ expiresInMinutes: 15 });
    expect(invoice.status).toBe('pending');
    expect(invoice.expiresAt).not.toBeNull();
    const [event] = await eventsOf(provider, () => harness.sandbox.expire(id, invoice.id));
    expect([event?.status, event?.failureReason]).toEqual(['expired', 'timer_expired']);
  });

  it('refuses a second invoice for the same orderId with DuplicateOrder', async () => {
    const provider = harness.provider(id);
    const order = orderFor(nextOrderId('duplicate'));
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
      await provider.createInvoice(orderFor(nextOrderId('bad-secret')))(),
      'Unauthorized',
    );
    expect([error.status, error.code]).toEqual([403, 'bad_header_signature']);
  });
});

describe('cryptocloud lifecycle through the sandbox', () => {
  const provider = () => harness.cryptocloud();

  it('creates, reads and pays an invoice, and verifies the postback', async () => {
    const invoice = expectRight(
      await provider().createInvoice(orderFor(nextOrderId('cc'), { payCurrency: 'BTC' }))(),
    );
    expect(invoice.payment?.currency).toBe('BTC');
    const events = await eventsOf(provider(), () => harness.sandbox.pay('cryptocloud', invoice.id, 'full'));
    expect(events.map((e) => e.status)).toEqual(['paid']);
    expect(events[0]?.invoiceId).toBe(invoice.id);
    const read = expectRight(await provider().getInvoice(invoice.id.replace('INV-', ''))());
    expect(read.status).toBe('paid');
  });

  it('re-checks a postback against merchant/info when asked', async () => {
    const invoice = expectRight(await provider().createInvoice(orderFor(nextOrderId('cc-recheck')))());
    const from = harness.receiver.received.length;
    await harness.sandbox.pay('cryptocloud', invoice.id, 'full');
    const [postback] = webhooksSince(harness.receiver, from);
    const checked = expectRight(await provider().parseWebhook(postback!, { recheck: true })());
    expect(checked.status).toBe('paid');
  });

  it('credits what merchant/info reports when a postback amount was forged', async () => {
    const invoice = expectRight(await provider().createInvoice(orderFor(nextOrderId('cc-forged-amount')))());
    const from = harness.receiver.received.length;
    await harness.sandbox.pay('cryptocloud', invoice.id, 'full');
    const [postback] = webhooksSince(harness.receiver, from);
    const body = postback!.body.toString().replace(/"amount_crypto":[0-9.e-]+/, '"amount_crypto":1000');
    const forged = { headers: postback!.headers, body };
    expect(expectRight(await provider().parseWebhook(forged)()).received?.amount).toBe('1000');
    const checked = expectRight(await provider().parseWebhook(forged, { recheck: true })());
    const paid = harness.sandbox.invoice('cryptocloud', invoice.id)!.payment.paid;
    expect(compareDecimals(checked.received!.amount, paid as Decimal)).toBe(0);
  });

  it('shows a part payment as partially_paid', async () => {
    const invoice = expectRight(await provider().createInvoice(orderFor(nextOrderId('cc-partial')))());
    await harness.sandbox.pay('cryptocloud', invoice.id, 'partial');
    expect(expectRight(await provider().getInvoice(invoice.id)()).status).toBe('partially_paid');
  });

  it('shows an invoice whose time ran out as cancelled', async () => {
    const invoice = expectRight(await provider().createInvoice(orderFor(nextOrderId('cc-expire')))());
    await harness.sandbox.expire('cryptocloud', invoice.id);
    expect(expectRight(await provider().getInvoice(invoice.id)()).status).toBe('cancelled');
  });

  it('cancels an open invoice, and refuses to cancel it twice', async () => {
    const invoice = expectRight(await provider().createInvoice(orderFor(nextOrderId('cc-cancel')))());
    expect(expectRight(await provider().cancelInvoice(invoice.id)()).status).toBe('cancelled');
    expect(expectLeftTag(await provider().cancelInvoice(invoice.id)(), 'Rejected').status).toBe(400);
  });

  it('lists the invoices created today', async () => {
    const invoice = expectRight(await provider().createInvoice(orderFor(nextOrderId('cc-list')))());
    const today = new Date();
    const listed = expectRight(await provider().listInvoices({ from: today, to: today, limit: 100 })());
    expect(listed.map((listedInvoice) => listedInvoice.id)).toContain(invoice.id);
  });

  it('refuses a postback whose token was signed with another secret key', async () => {
    const invoice = expectRight(await provider().createInvoice(orderFor(nextOrderId('cc-forged')))());
    const from = harness.receiver.received.length;
    await harness.sandbox.pay('cryptocloud', invoice.id, 'full');
    const [postback] = webhooksSince(harness.receiver, from);
    const stranger = harness.cryptocloud({ secretKey: 'another-project-secret' });
    expectLeftTag(await stranger.parseWebhook(postback!)(), 'SignatureInvalid');
  });

  it('answers a wrong API key with Unauthorized', async () => {
    const wrongKey = harness.cryptocloud({ apiKey: 'not-a-key' });
    expectLeftTag(await wrongKey.createInvoice(orderFor(nextOrderId('cc-key')))(), 'Unauthorized');
  });
});
