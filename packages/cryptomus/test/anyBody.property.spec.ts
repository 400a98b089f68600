import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import fc from 'fast-check';
import { Invoice, InvoiceEvent } from '@invoicekit/core';
import type { HttpResponse, HttpTransport } from '@invoicekit/core/adapter';
import { signBody, signWebhook } from '../src';
import { API_KEY, fixtures, makeProvider, PAID_WEBHOOK, PAYOUT_KEY, webhookOf } from './helpers';

const answering =
  (response: HttpResponse): HttpTransport =>
  () =>
    TE.right(response);

const CREATED = fixtures.body('create.response');
const RESULT = JSON.parse(CREATED) as { result: Record<string, unknown> };

/** Documented shapes with members replaced by any JSON, or any text, deep nesting, `__proto__`, huge numbers. */
const anyAnswer = fc.oneof(
  fc.string(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constant(CREATED),
  fc
    .dictionary(
      fc.constantFrom('state', 'result', 'message', 'errors', 'paginate', 'items'),
      fc.jsonValue({ maxDepth: 3 }),
    )
    .map((fields) => JSON.stringify({ ...RESULT, ...fields })),
  fc
    .dictionary(
      fc.constantFrom(
        'uuid',
        'order_id',
        'amount',
        'payment_amount',
        'payment_status',
        'is_final',
        'currency',
      ),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map((fields) => JSON.stringify({ state: 0, result: { ...RESULT.result, ...fields } })),
  fc
    .integer({ min: 60, max: 6000 })
    .map((depth) => CREATED.replace('{', `{"deep":${'['.repeat(depth)}${']'.repeat(depth)},`)),
  fc.constantFrom('1e999999999', `{"state":0,"result":{"amount":${'9'.repeat(400)}}}`, '{"a":1,"a":2}', ''),
);

/** A webhook signed as the providers sign it (PHP recipe), or any text signed by the raw recipe. */
const anyWebhook = fc.oneof(
  fc
    .dictionary(
      fc.constantFrom(
        'type',
        'uuid',
        'order_id',
        'status',
        'is_final',
        'amount',
        'payment_amount',
        'merchant_amount',
        'txid',
        '__proto__',
      ),
      fc.jsonValue({ maxDepth: 3 }),
    )
    .map((fields) => signWebhook({ ...PAID_WEBHOOK, ...fields }, API_KEY)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => {
    const unsigned = JSON.stringify(value) ?? 'null';
    return unsigned.startsWith('{') && unsigned !== '{}'
      ? `${unsigned.slice(0, -1)},"sign":"${signBody(unsigned, API_KEY)}"}`
      : unsigned;
  }),
  fc.string(),
);

describe.each(['cryptomus', 'heleket'] as const)('%s on any body', (preset) => {
  it('gives every operation an Either: canonical data or an InvoiceError, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 100, max: 599 }), anyAnswer, async (status, body) => {
        const provider = makeProvider({}, { transport: answering({ status, headers: {}, body }) }, preset);
        const created = await provider.createInvoice({
          orderId: 'order-42',
          amount: '15',
          currency: 'USD',
        })();
        const read = await provider.getInvoice('1ec87133-b22d-4643-988f-cac29a6ac85d')();
        const listed = await provider.listInvoices()();
        expect(E.exists(Invoice.is)(created) || E.isLeft(created)).toBe(true);
        expect(E.exists(Invoice.is)(read) || E.isLeft(read)).toBe(true);
        expect(
          E.exists((page: { invoices: ReadonlyArray<Invoice> }) => page.invoices.every(Invoice.is))(listed) ||
            E.isLeft(listed),
        ).toBe(true);
        if (status < 200 || status >= 300) {
          expect([created, read, listed].every((result) => E.isLeft(result))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('turns any webhook body into an InvoiceEvent or a WebhookError', async () => {
    await fc.assert(
      fc.asyncProperty(anyWebhook, async (body) => {
        const result = await makeProvider({ payoutKey: PAYOUT_KEY }, {}, preset).parseWebhook(
          webhookOf(body),
        )();
        if (E.isRight(result)) expect(InvoiceEvent.is(result.right)).toBe(true);
        else expect(['MalformedWebhook', 'UnsupportedEvent', 'SignatureInvalid']).toContain(result.left._tag);
      }),
      { numRuns: 200 },
    );
  });
});
