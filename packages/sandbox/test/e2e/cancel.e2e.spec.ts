import type { InvoiceEvent } from '@invoicekit/gateway';
import { expectLeftTag, expectRight, orderEveryProviderAccepts } from '@invoicekit/testkit';
import { startHarness, webhooksSince, type Harness } from './support';

let harness: Harness;
let orderCounter = 0;
const nextOrderId = (label: string) => `${label}-${Date.now()}-${(orderCounter += 1)}`;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

describe('cryptoprocessing: cancel end to end against the sandbox', () => {
  const provider = () => harness.provider('cryptoprocessing');
  const create = async (extra = {}) =>
    expectRight(await provider().createInvoice(orderEveryProviderAccepts(nextOrderId('cp-cancel'), extra))());

  /** The events `act`'s webhooks carry, once every delivery it started is over. */
  const eventsOf = async (act: () => Promise<unknown>): Promise<InvoiceEvent[]> => {
    const from = harness.receiver.received.length;
    await act();
    await harness.sandbox.idle();
    const events: InvoiceEvent[] = [];
    for (const webhook of webhooksSince(harness.receiver, from))
      events.push(expectRight(await provider().parseWebhook(webhook)()));
    return events;
  };

  it('cancels a created invoice: the cancellation, then a signed callback the adapter reads as cancelled', async () => {
    const invoice = await create();
    let cancellation: unknown;
    const events = await eventsOf(async () => {
      cancellation = expectRight(await provider().cancelInvoice(invoice)());
    });
    expect(cancellation).toEqual({
      provider: 'cryptoprocessing',
      id: invoice.id,
      orderId: invoice.orderId,
      invoice: null,
    });
    expect(events.map((e) => [e.invoiceId, e.orderId, e.status, e.providerStatus, e.failureReason])).toEqual([
      [invoice.id, invoice.orderId, 'cancelled', 'failed', null],
    ]);
    expect(harness.sandbox.invoice('cryptoprocessing', invoice.id)?.status).toBe('failed');
  });

  it('cancels a pending timer invoice by { id, orderId }, and it never expires afterwards', async () => {
    const invoice = await create({ expiresInMinutes: 15 });
    expect(invoice.status).toBe('pending');
    const events = await eventsOf(() =>
      provider().cancelInvoice({ id: invoice.id, orderId: invoice.orderId })(),
    );
    expect(events.map((e) => e.status)).toEqual(['cancelled']);
    await expect(harness.sandbox.expire('cryptoprocessing', invoice.id)).rejects.toMatchObject({
      status: 409,
    });
  });

  it('refuses a second cancel, and a cancel of a paid invoice, with the documented invalid_invoice_state', async () => {
    const invoice = await create();
    expectRight(await provider().cancelInvoice(invoice)());
    const twice = expectLeftTag(await provider().cancelInvoice(invoice)(), 'Rejected');
    expect(twice).toMatchObject({ status: 400, code: 'invalid_invoice_state' });
    expect(twice.message).toContain('Invoice cannot be failed in its current state.');

    const paid = await create();
    await harness.sandbox.pay('cryptoprocessing', paid.id, 'full');
    expect(expectLeftTag(await provider().cancelInvoice(paid)(), 'Rejected').code).toBe(
      'invalid_invoice_state',
    );
  });

  it('refuses a bare id without a request, and answers an order id it does not know with NotFound', async () => {
    harness.sandbox.resetRequestCount('cryptoprocessing');
    expectLeftTag(await provider().cancelInvoice('826901')(), 'InvalidRequest');
    expect(harness.sandbox.requestCount('cryptoprocessing')).toBe(0);
    expectLeftTag(await provider().cancelInvoice({ id: '1', orderId: nextOrderId('unknown') })(), 'NotFound');
  });

  it('is Unsupported on alphapo and coinspaid, without a request', async () => {
    for (const id of ['alphapo', 'coinspaid'] as const) {
      const invoice = expectRight(
        await harness.provider(id).createInvoice(orderEveryProviderAccepts(nextOrderId(`${id}-cancel`)))(),
      );
      harness.sandbox.resetRequestCount(id);
      expectLeftTag(await harness.provider(id).cancelInvoice(invoice)(), 'Unsupported');
      expect(harness.sandbox.requestCount(id)).toBe(0);
      expect(harness.sandbox.invoice(id, invoice.id)?.status).toBe('created');
    }
  });
});

describe('cryptocloud: cancel end to end against the sandbox', () => {
  const provider = () => harness.provider('cryptocloud');

  it('creates, cancels, and reads the invoice back as cancelled', async () => {
    const invoice = expectRight(
      await provider().createInvoice(orderEveryProviderAccepts(nextOrderId('cc-cancel')))(),
    );
    const cancellation = expectRight(await provider().cancelInvoice(invoice)());
    expect(cancellation).toMatchObject({ provider: 'cryptocloud', id: invoice.id, orderId: invoice.orderId });
    expect(cancellation.invoice).toMatchObject({
      id: invoice.id,
      status: 'cancelled',
      providerStatus: 'canceled',
    });
    expect(expectRight(await provider().getInvoice(invoice)()).status).toBe('cancelled');
    expect(expectLeftTag(await provider().cancelInvoice(invoice)(), 'Rejected').status).toBe(400);
  });
});
