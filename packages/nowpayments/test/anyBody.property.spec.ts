import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import fc from 'fast-check';
import { Invoice, InvoiceEvent } from '@invoicekit/core';
import type { HttpResponse, HttpTransport } from '@invoicekit/core/adapter';
import { fixtures, ipn, makeProvider, plain, sign } from './helpers';

const answering =
  (response: HttpResponse): HttpTransport =>
  () =>
    TE.right(response);

/** A documented body with some members replaced by any JSON, or any text, deep nesting, `__proto__`, huge numbers. */
const grownFrom = (name: string, members: ReadonlyArray<string>): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string(),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.constant(fixtures.body(name)),
    fc
      .dictionary(fc.constantFrom(...members), fc.jsonValue())
      .map((fields) => JSON.stringify({ ...(plain(name) as object), ...fields })),
    fc
      .jsonValue({ maxDepth: 2 })
      .map((inner) => fixtures.body(name).replace('{', `{"__proto__":${JSON.stringify(inner) ?? 'null'},`)),
    fc
      .integer({ min: 60, max: 6000 })
      .map((depth) => fixtures.body(name).replace('{', `{"deep":${'['.repeat(depth)}${']'.repeat(depth)},`)),
    fc.constantFrom('1e999999999', `{"pay_amount":${'9'.repeat(400)}}`, '{"a":1,"a":2}', ''),
  );

const PAYMENT_MEMBERS = [
  'payment_id',
  'invoice_id',
  'payment_status',
  'pay_amount',
  'actually_paid',
  'price_amount',
  'pay_currency',
  'parent_payment_id',
  'origin_type',
  'fee',
];
const anyAnswer = fc.oneof(
  grownFrom('invoice.create.response', ['id', 'invoice_url', 'price_amount', 'created_at']),
  grownFrom('payment.status.response', PAYMENT_MEMBERS),
  grownFrom('payment.list.response', ['data', 'limit', 'page', 'pagesCount', 'total']),
);

describe('any body NOWPayments answers', () => {
  it('gives every operation an Either: canonical data or an InvoiceError, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 100, max: 599 }), anyAnswer, async (status, body) => {
        const provider = makeProvider(
          { checkMinimum: false },
          { transport: answering({ status, headers: {}, body }) },
        );
        const created = await provider.createInvoice({ orderId: 'o-1', amount: '10', currency: 'USD' })();
        const read = await provider.getInvoice('4522625843')();
        const payment = await provider.getPayment('5077125051')();
        const listed = await provider.listPayments({ invoiceId: '4522625843' })();
        expect(E.exists(Invoice.is)(created) || E.isLeft(created)).toBe(true);
        expect(E.exists(Invoice.is)(read) || E.isLeft(read)).toBe(true);
        expect(E.isLeft(payment) || typeof payment.right.status === 'string').toBe(true);
        expect(E.isLeft(listed) || Array.isArray(listed.right.payments)).toBe(true);
        if (status < 200 || status >= 300) {
          expect([created, read, payment, listed].every((result) => E.isLeft(result))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('any IPN body', () => {
  it('turns any correctly signed body into an InvoiceEvent or a WebhookError', async () => {
    await fc.assert(
      fc.asyncProperty(grownFrom('ipn.payment', PAYMENT_MEMBERS), async (body) => {
        let request: { headers: Record<string, string>; body: string };
        try {
          request = ipn(body);
        } catch {
          // No published recipe can sign it (not a JSON object): it arrives with any signature.
          request = { headers: { 'x-nowpayments-sig': sign(fixtures.body('ipn.payment')) }, body };
        }
        const result = await makeProvider().parseWebhook(request)();
        if (E.isRight(result)) expect(InvoiceEvent.is(result.right)).toBe(true);
        else expect(['MalformedWebhook', 'UnsupportedEvent', 'SignatureInvalid']).toContain(result.left._tag);
      }),
      { numRuns: 200 },
    );
  });
});
