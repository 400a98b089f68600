import { createHmac } from 'node:crypto';
import nock from 'nock';
import fc from 'fast-check';
import { InvoiceEvent } from '@invoicekit/core';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import { BTCPAY_INVOICE_EVENTS, BTCPAY_OTHER_EVENTS, signWebhookBody } from '../src';
import { signatureMatches } from '../src/signature';
import {
  BASE_URL,
  indented,
  makeProvider,
  PATHS,
  plain,
  record,
  signedDelivery,
  WEBHOOK_SECRET,
} from './helpers';

useNock();

const readsInvoice = (invoice: string, methods: string) => {
  nock(BASE_URL)
    .get(PATHS.invoice)
    .reply(200, JSON.stringify(plain(invoice)));
  nock(BASE_URL)
    .get(PATHS.methods)
    .reply(200, JSON.stringify(plain(methods)));
};

const reference = (bytes: Uint8Array, secret: Uint8Array): string =>
  `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;

describe('BTCPay-Sig verification', () => {
  it('agrees with a plain HMAC-SHA256 over the same bytes, for any bytes and any secret', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.uint8Array({ maxLength: 64 }), (bytes, secret) => {
        const header = reference(bytes, secret);
        expect(signatureMatches(bytes, header, secret)).toBe(true);
        expect(signWebhookBody(bytes, secret)).toBe(header);
        const flipped = Uint8Array.from(bytes);
        if (flipped.length > 0) {
          flipped[0] = flipped[0]! ^ 1;
          expect(signatureMatches(flipped, header, secret)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts a re-serialised body, for any JSON object and any secret', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), fc.jsonValue(), { minKeys: 1 }),
        fc.string(),
        (body, secret) => {
          const sent = Buffer.from(indented(body), 'utf8');
          const header = reference(sent, Buffer.from(secret, 'utf8'));
          const reserialised = Buffer.from(JSON.stringify(JSON.parse(sent.toString('utf8'))), 'utf8');
          expect(signatureMatches(sent, header, secret)).toBe(true);
          expect(signatureMatches(reserialised, header, secret)).toBe(sent.equals(reserialised));
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ['upper-case hex', true, (h: string) => `sha256=${h.slice(7).toUpperCase()}`],
    ['an upper-case prefix', true, (h: string) => `SHA256=${h.slice(7)}`],
    ['no prefix', false, (h: string) => h.slice(7)],
    ['another algorithm', false, (h: string) => `sha512=${h.slice(7)}`],
    ['a truncated digest', false, (h: string) => h.slice(0, -2)],
    ['trailing garbage', false, (h: string) => `${h}00`],
  ])('reads a header with %s as accepted: %s', (_label, accepted, change) => {
    const body = Buffer.from(indented(plain('webhook.settled')));
    expect(signatureMatches(body, change(signWebhookBody(body, 'k')), 'k')).toBe(accepted);
  });
});

describe('btcpay parseWebhook', () => {
  it('builds InvoiceSettled from the invoice and payment methods read after verification', async () => {
    readsInvoice('invoice.settled', 'methods.paid');
    const event = expectRight(await makeProvider().parseWebhook(signedDelivery(plain('webhook.settled')))());
    expect(InvoiceEvent.is(event)).toBe(true);
    expect(event).toMatchObject({
      provider: 'btcpay',
      invoiceId: 'HMprBnL9BTXWuPvpoKBS6e',
      orderId: 'ORDER-1001',
      status: 'paid',
      providerStatus: 'Settled',
      failureReason: null,
      received: { amount: '100', currency: 'EUR' },
      remaining: { amount: '0', currency: 'BTC' },
      dedupeKey: 'btcpay:delivery:GkPXUxXZAhYa6DFpRB1M4b',
      confirmed: true,
      testMode: false,
    });
    expect(event.transactions).toEqual([
      {
        id: '3b6a07e0c1b8a96c0b5e0a3b8a09f3b1d2c5e6f7a8b9c0d1e2f3a4b5c6d7e8f9-0',
        txid: '3b6a07e0c1b8a96c0b5e0a3b8a09f3b1d2c5e6f7a8b9c0d1e2f3a4b5c6d7e8f9',
        currency: 'BTC',
        amount: '0.0015',
        confirmations: null,
      },
    ]);
  });

  it('gives a redelivery the dedupeKey of the original delivery', async () => {
    readsInvoice('invoice.settled', 'methods.paid');
    readsInvoice('invoice.settled', 'methods.paid');
    const provider = makeProvider();
    const first = expectRight(await provider.parseWebhook(signedDelivery(plain('webhook.settled')))());
    const again = expectRight(
      await provider.parseWebhook(signedDelivery(plain('webhook.settled.redelivery')))(),
    );
    expect(record('webhook.settled.redelivery').isRedelivery).toBe(true);
    expect(again.dedupeKey).toBe(first.dedupeKey);
  });

  it('reads the typo orignalDeliveryId old servers stored', async () => {
    readsInvoice('invoice.settled', 'methods.paid');
    const { originalDeliveryId, ...rest } = record('webhook.settled.redelivery');
    const event = expectRight(
      await makeProvider().parseWebhook(signedDelivery({ ...rest, orignalDeliveryId: originalDeliveryId }))(),
    );
    expect(event.dedupeKey).toBe('btcpay:delivery:GkPXUxXZAhYa6DFpRB1M4b');
  });

  it('reports an overpaid settled invoice as overpaid, the overpayment left out of remaining', async () => {
    readsInvoice('invoice.settled.overpaid', 'methods.overpaid');
    const event = expectRight(await makeProvider().parseWebhook(signedDelivery(plain('webhook.settled')))());
    expect(event).toMatchObject({
      status: 'overpaid',
      providerStatus: 'Settled/PaidOver',
      received: { amount: '110', currency: 'EUR' },
      remaining: { amount: '0', currency: 'BTC' },
    });
  });

  it('honours overPaid when the invoice read has no additional status yet', async () => {
    readsInvoice('invoice.settled', 'methods.overpaid');
    const body = { ...record('webhook.settled'), overPaid: true };
    const event = expectRight(await makeProvider().parseWebhook(signedDelivery(body))());
    expect(event.status).toBe('overpaid');
  });

  it('reports a payment after expiry with what BTCPay now says, and the amount received', async () => {
    readsInvoice('invoice.expired.paidlate', 'methods.paid');
    const event = expectRight(
      await makeProvider().parseWebhook(signedDelivery(plain('webhook.received.late')))(),
    );
    expect(event).toMatchObject({
      status: 'paid',
      providerStatus: 'Expired/PaidLate',
      received: { amount: '100', currency: 'EUR' },
    });
  });

  it('reports an invoice that expired part-paid as failed: underpaid', async () => {
    readsInvoice('invoice.new.partial', 'methods.partial');
    const expired = { ...record('invoice.new.partial'), status: 'Expired', additionalStatus: 'None' };
    nock.cleanAll();
    nock(BASE_URL).get(PATHS.invoice).reply(200, JSON.stringify(expired));
    nock(BASE_URL)
      .get(PATHS.methods)
      .reply(200, JSON.stringify(plain('methods.partial')));
    const event = expectRight(
      await makeProvider().parseWebhook(signedDelivery(plain('webhook.expired.partial')))(),
    );
    expect(event).toMatchObject({
      status: 'failed',
      failureReason: 'underpaid',
      providerStatus: 'Expired/PaidPartial',
      received: { amount: '50', currency: 'EUR' },
      remaining: { amount: '0.00075', currency: 'BTC' },
    });
  });

  it('reports an invoice the merchant marked invalid as cancelled', async () => {
    readsInvoice('invoice.invalid.marked', 'methods.unpaid');
    const event = expectRight(
      await makeProvider().parseWebhook(signedDelivery(plain('webhook.invalid.marked')))(),
    );
    expect(event).toMatchObject({
      status: 'cancelled',
      providerStatus: 'Invalid/Marked',
      failureReason: null,
    });
  });

  it('says testMode for an instance configured as sandbox', async () => {
    readsInvoice('invoice.settled', 'methods.paid');
    const provider = makeProvider({ environment: 'sandbox' });
    const event = expectRight(await provider.parseWebhook(signedDelivery(plain('webhook.settled')))());
    expect(event.testMode).toBe(true);
  });

  it.each(BTCPAY_OTHER_EVENTS)(
    'answers %s with an UnsupportedEvent naming it, without a read',
    async (type) => {
      const result = await makeProvider().parseWebhook(
        signedDelivery({ ...record('webhook.payout'), type }),
      )();
      expect(expectLeftTag(result, 'UnsupportedEvent').eventType).toBe(type);
    },
  );

  it.each(BTCPAY_INVOICE_EVENTS)('turns %s into an InvoiceEvent', async (type) => {
    readsInvoice('invoice.settled', 'methods.paid');
    const result = await makeProvider().parseWebhook(
      signedDelivery({ ...record('webhook.settled'), type }),
    )();
    expect(InvoiceEvent.is(expectRight(result))).toBe(true);
  });

  it('answers the store\'s "Test webhook" delivery with an UnsupportedEvent, without a read', async () => {
    const result = await makeProvider().parseWebhook(signedDelivery(plain('webhook.test')))();
    expect(expectLeftTag(result, 'UnsupportedEvent').message).toContain('test delivery');
  });

  it('answers an event of another store with an UnsupportedEvent', async () => {
    const body = { ...record('webhook.settled'), storeId: 'AnotherStore' };
    expectLeftTag(await makeProvider().parseWebhook(signedDelivery(body))(), 'UnsupportedEvent');
  });

  it('answers ConfirmationFailed carrying the error when the invoice cannot be read', async () => {
    nock(BASE_URL).get(PATHS.invoice).reply(503, '');
    const result = await makeProvider().parseWebhook(signedDelivery(plain('webhook.settled')))();
    expect(expectLeftTag(result, 'ConfirmationFailed').error._tag).toBe('ProviderUnavailable');
  });

  it('refuses the parsed and re-serialised body, which BTCPay never signed', async () => {
    const delivery = signedDelivery(plain('webhook.settled'));
    const compact = JSON.stringify(JSON.parse(delivery.body.toString()));
    const result = await makeProvider().parseWebhook({ ...delivery, body: compact })();
    expect(expectLeftTag(result, 'SignatureInvalid').message).toBe(
      'Webhook rejected: the BTCPay-Sig header does not match the body: check secretKey ' +
        "(INVOICEKIT_SECRET_KEY), the secret of this store's webhook in BTCPay, and pass the raw request " +
        'bytes, never re-serialised JSON',
    );
  });

  it.each([
    ['no signature header', { 'content-type': 'application/json' }],
    ['a signature made with another secret', { 'btcpay-sig': signWebhookBody('x', 'other') }],
  ])('refuses a delivery with %s', async (_label, headers) => {
    const delivery = signedDelivery(plain('webhook.settled'));
    expectLeftTag(await makeProvider().parseWebhook({ ...delivery, headers })(), 'SignatureInvalid');
  });

  it('refuses a delivery signed with another secret', async () => {
    const delivery = signedDelivery(plain('webhook.settled'), 'another-secret');
    expectLeftTag(await makeProvider().parseWebhook(delivery)(), 'SignatureInvalid');
  });

  it('answers a signed body that is not JSON with MalformedWebhook', async () => {
    const text = '{"type": ';
    const result = await makeProvider().parseWebhook({
      headers: { 'btcpay-sig': signWebhookBody(text, WEBHOOK_SECRET) },
      body: text,
    })();
    expectLeftTag(result, 'MalformedWebhook');
  });
});
