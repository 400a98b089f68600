import nock from 'nock';
import fc from 'fast-check';
import { expectRight, useNock } from '@invoicekit/testkit';
import { BASE_URL, fixtures, INVOICE_ID, makeProvider, PATHS, plain } from './helpers';
import { schemaErrors, WEBHOOK_SCHEMAS } from './openapi/validator';

useNock();

/** Captures the JSON body of the next POST to `path`, answering with `answer`. */
const capture = (path: string, answer: string) => {
  const bodies: unknown[] = [];
  nock(BASE_URL)
    .post(path, (body) => (bodies.push(body), true))
    .reply(200, answer);
  return bodies;
};

const SCHEMA_OF_FIXTURE: ReadonlyArray<readonly [RegExp, (name: string) => string]> = [
  [/^invoice\./, () => 'InvoiceData'],
  [/^methods\./, () => 'InvoicePaymentMethodDataModel[]'],
  [/^error\.(401|403|404)/, () => 'ProblemDetails'],
  [/^error\.422/, () => 'ValidationProblemDetails'],
];

const errorsFor = (schema: string, value: unknown) =>
  schema.endsWith('[]')
    ? (value as unknown[]).flatMap((item) => schemaErrors(schema.slice(0, -2), item))
    : schemaErrors(schema, value);

describe("requests the adapter sends, against BTCPay's OpenAPI", () => {
  it('sends a CreateInvoiceRequest for any request it accepts', async () => {
    const provider = makeProvider();
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            amount: fc.stringMatching(/^[1-9]\d{0,6}(\.\d{1,8})?$/),
            title: fc.string({ minLength: 1, maxLength: 50 }).filter((s) => s.trim() !== ''),
            expiresInMinutes: fc.integer({ min: 1, max: 100_000 }),
            email: fc.constantFrom('buyer@shop.example', 'a.b+c@example.org'),
          },
          { requiredKeys: ['amount'] },
        ),
        async ({ amount, title, expiresInMinutes, email }) => {
          const bodies = capture(PATHS.invoices, JSON.stringify(plain('invoice.new')));
          const request = {
            orderId: 'ORDER-1001',
            amount,
            currency: 'EUR',
            ...(title === undefined ? {} : { title }),
            ...(expiresInMinutes === undefined ? {} : { expiresInMinutes }),
            ...(email === undefined ? {} : { customer: { email } }),
            redirectUrls: { success: 'https://shop.example/paid', failure: 'https://shop.example/failed' },
          };
          expectRight(await provider.createInvoice(request)());
          expect(bodies).toHaveLength(1);
          expect(schemaErrors('CreateInvoiceRequest', bodies[0])).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('sends a MarkInvoiceStatusRequest to cancel', async () => {
    const bodies = capture(PATHS.status, JSON.stringify(plain('invoice.invalid.marked')));
    expectRight(await makeProvider().cancelInvoice(INVOICE_ID)());
    expect(schemaErrors('MarkInvoiceStatusRequest', bodies[0])).toEqual([]);
  });

  it('refuses what the schema refuses: an unknown member', () => {
    expect(schemaErrors('CreateInvoiceRequest', { amount: '1', currency: 'EUR', orderId: 'x' })).not.toEqual(
      [],
    );
    expect(schemaErrors('MarkInvoiceStatusRequest', { status: 'Cancelled' })).not.toEqual([]);
  });
});

describe("the synthetic fixtures, against BTCPay's OpenAPI", () => {
  const names = fixtures.names().filter((name) => SCHEMA_OF_FIXTURE.some(([pattern]) => pattern.test(name)));

  it.each(names)('%s validates against its schema', (name) => {
    const [, schema] = SCHEMA_OF_FIXTURE.find(([pattern]) => pattern.test(name))!;
    expect(errorsFor(schema(name), plain(name))).toEqual([]);
  });

  it.each(fixtures.names('webhook.').filter((n) => n !== 'webhook.payout'))(
    '%s validates against the schema of its type',
    (name) => {
      const body = plain(name) as { type: string };
      expect(errorsFor(WEBHOOK_SCHEMAS[body.type]!, body)).toEqual([]);
    },
  );
});
