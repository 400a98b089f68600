import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import fc from 'fast-check';
import { Invoice, InvoiceCancellation, InvoiceEvent } from '@invoicekit/core';
import type { HttpRequest, HttpResponse, HttpTransport } from '@invoicekit/core/adapter';
import { signWebhookBody } from '../src';
import { INVOICE_ID, indented, makeProvider, plain, WEBHOOK_SECRET } from './helpers';

/** A transport answering every request with `answer`, recording the requests. */
const answering = (answer: (request: HttpRequest) => HttpResponse) => {
  const requests: HttpRequest[] = [];
  const transport: HttpTransport = (request) => {
    requests.push(request);
    return TE.right(answer(request));
  };
  return { transport, requests };
};

const anyBody = fc.oneof(
  fc.string(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constant(JSON.stringify(plain('invoice.new'))),
  fc
    .dictionary(
      fc.constantFrom('id', 'status', 'amount', 'currency', 'paidAmount', 'metadata', 'additionalStatus'),
      fc.jsonValue(),
    )
    .map((fields) => JSON.stringify({ ...(plain('invoice.new') as object), ...fields })),
);

const anyDelivery = fc.oneof(
  fc.string(),
  fc.jsonValue().map((value) => indented(value)),
  fc
    .dictionary(
      fc.constantFrom(
        'type',
        'invoiceId',
        'storeId',
        'deliveryId',
        'originalDeliveryId',
        'isRedelivery',
        'overPaid',
      ),
      fc.oneof(fc.jsonValue(), fc.constantFrom('InvoiceSettled', 'PayoutCreated', INVOICE_ID)),
    )
    .map((fields) => indented({ ...(plain('webhook.settled') as object), ...fields })),
);

describe('any body an instance answers', () => {
  it('gives every operation an Either: a canonical Invoice or an InvoiceError, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 100, max: 599 }), anyBody, async (status, body) => {
        const { transport } = answering(() => ({ status, headers: {}, body }));
        const provider = makeProvider({}, { transport });
        const created = await provider.createInvoice({ orderId: 'o-1', amount: '1', currency: 'EUR' })();
        const read = await provider.getInvoice(INVOICE_ID)();
        const cancelled = await provider.cancelInvoice(INVOICE_ID)();
        const found = await provider.findInvoicesByOrderId('o-1')();
        expect(E.exists(Invoice.is)(created) || E.isLeft(created)).toBe(true);
        expect(E.exists(Invoice.is)(read) || E.isLeft(read)).toBe(true);
        expect(E.exists(InvoiceCancellation.is)(cancelled) || E.isLeft(cancelled)).toBe(true);
        expect(E.exists((list: Invoice[]) => list.every(Invoice.is))(found) || E.isLeft(found)).toBe(true);
        if (status < 200 || status >= 300) {
          expect([created, read, cancelled, found].every((result) => E.isLeft(result))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('turns any signed delivery into an Either, reading BTCPay only for an invoice event', async () => {
    await fc.assert(
      fc.asyncProperty(anyDelivery, async (text) => {
        const { transport, requests } = answering((request) => ({
          status: 200,
          headers: {},
          body: JSON.stringify(
            plain(request.url.endsWith('payment-methods') ? 'methods.paid' : 'invoice.settled'),
          ),
        }));
        const result = await makeProvider({}, { transport }).parseWebhook({
          headers: { 'btcpay-sig': signWebhookBody(text, WEBHOOK_SECRET) },
          body: text,
        })();
        if (E.isRight(result)) {
          expect(InvoiceEvent.is(result.right)).toBe(true);
          expect(requests.map((r) => r.method)).toEqual(['GET', 'GET']);
        } else
          expect(['MalformedWebhook', 'UnsupportedEvent', 'SignatureInvalid']).toContain(result.left._tag);
      }),
      { numRuns: 150 },
    );
  });
});
