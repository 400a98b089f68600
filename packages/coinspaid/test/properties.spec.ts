import { createHmac } from 'node:crypto';
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { InvoiceStatus, type WebhookRequest } from '@invoicekit/core';
import {
  canonicalDecimal,
  decimalFromNumber,
  fractionDigits,
  isLosslessNumber,
  parseJsonLossless,
  validateCreateInvoiceRequest,
  type HttpRequest,
} from '@invoicekit/core/adapter';
import { expectLeftTag } from '@invoicekit/testkit';
import { COINSPAID_PRESETS, createCoinspaidProvider, signCallback } from '../src';
import { toInvoiceStatus } from '../src/status';
import {
  fixtures,
  API_KEY,
  SECRET_KEY,
  makeConfig,
  fullRequest,
  captureTransport,
  openApiProblems,
} from './support';

const decimalText = fc
  .tuple(fc.stringMatching(/^\d{1,15}$/), fc.option(fc.stringMatching(/^\d{1,8}$/), { nil: undefined }))
  .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`))
  .filter((text) => /[1-9]/.test(text));

const tooPrecise = fc
  .tuple(fc.stringMatching(/^\d{1,15}$/), fc.stringMatching(/^\d{8,20}$/), fc.integer({ min: 1, max: 9 }))
  .map(([whole, fraction, last]) => `${whole}.${fraction}${last}`);

const orderId = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 64 })
  .filter((id) => E.isRight(validateCreateInvoiceRequest('alphapo', { ...fullRequest(), orderId: id }, 8)));

/** Names of the prototypes, other than the plain ones, found anywhere in a value. */
const foreignPrototypes = (value: unknown, seen = new Set<object>()): string[] => {
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  const proto: unknown = Object.getPrototypeOf(value);
  const plain = Array.isArray(value)
    ? proto === Array.prototype
    : value instanceof Date
      ? proto === Date.prototype
      : proto === Object.prototype || proto === null;
  return [
    ...(plain ? [] : [String(proto)]),
    ...Object.values(value).flatMap((v) => foreignPrototypes(v, seen)),
  ];
};

const confirmedText = fixtures.body('callback.invoice.confirmed');

/** Any JSON text, plus the hostile shapes: `__proto__` members (in any spelling) and deep nesting. */
const hostileJson = (template: string) =>
  fc.oneof(
    fc.json(),
    fc.json().map((j) => `{"__proto__":${j}}`),
    fc.json().map((j) => template.replace('{', `{"__proto__":${j},`)),
    fc.json().map((j) => template.replace('{', `{"\\u005f_proto__":${j},`)),
    fc.integer({ min: 60, max: 6000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
    fc
      .integer({ min: 60, max: 3000 })
      .map((n) => template.replace('{', `{"x":${'{"y":'.repeat(n)}1${'}'.repeat(n)},`)),
    fc
      .tuple(fc.nat({ max: template.length }), fc.string({ maxLength: 5 }))
      .map(([i, s]) => `${template.slice(0, i)}${s}${template.slice(i)}`),
  );

const sentBody = (requests: HttpRequest[]) => {
  expect(requests).toHaveLength(1);
  return requests[0]!;
};

describe('properties', () => {
  it('any valid decimal amount and orderId round-trip into the signed body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...COINSPAID_PRESETS),
        decimalText,
        orderId,
        async (preset, amount, id) => {
          const { transport, requests } = captureTransport();
          const provider = createCoinspaidProvider(makeConfig(preset), { transport });
          const result = await provider.createInvoice({ ...fullRequest(id), amount })();
          expect(E.isRight(result)).toBe(true);
          const request = sentBody(requests);
          const digits = canonicalDecimal(amount);
          expect(request.body).toContain(`"amount":${digits},`);
          expect(request.headers['X-Processing-Signature']).toBe(
            createHmac('sha512', SECRET_KEY).update(request.body).digest('hex'),
          );
          const parsed = parseJsonLossless(request.body);
          expect(E.isRight(parsed) && (parsed.right as { foreign_id: unknown }).foreign_id).toBe(id);
          const wireAmount = E.isRight(parsed) ? (parsed.right as { amount: unknown }).amount : null;
          expect(isLosslessNumber(wireAmount) && wireAmount.value).toBe(digits);
          expect(openApiProblems(request.body, preset)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('any amount with more than 8 significant decimals is refused, naming the limit, and never sent', async () => {
    const { transport, requests } = captureTransport();
    const provider = createCoinspaidProvider(makeConfig('coinspaid'), { transport });
    await fc.assert(
      fc.asyncProperty(tooPrecise, async (amount) => {
        const error = expectLeftTag(
          await provider.createInvoice({ ...fullRequest(), amount })(),
          'InvalidRequest',
        );
        expect(error.issues).toEqual([{ path: 'amount', message: expect.stringContaining('at most 8') }]);
      }),
      { numRuns: 200 },
    );
    expect(requests).toHaveLength(0);
  });

  it('any JS number amount goes out as digits that read back as the same number, or is refused unrounded', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.double({ min: 1e-8, max: 1e15, noNaN: true, noDefaultInfinity: true }),
          fc.integer({ min: 1, max: 10 ** 9 }).map((cents) => cents / 100),
        ),
        async (amount) => {
          const { transport, requests } = captureTransport();
          const provider = createCoinspaidProvider(makeConfig('coinspaid'), { transport });
          const result = await provider.createInvoice({ ...fullRequest(), amount })();
          const exact = decimalFromNumber(amount);
          if (E.isRight(exact) && fractionDigits(exact.right) > 8) {
            expectLeftTag(result, 'InvalidRequest');
            expect(requests).toHaveLength(0);
            return;
          }
          const match = /"amount":([0-9.]+),/.exec(sentBody(requests).body);
          expect(match?.[1]).not.toMatch(/e/i);
          expect(Number(match?.[1])).toBe(amount);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('signature verification rejects any single-byte change to the body', async () => {
    const provider = createCoinspaidProvider(makeConfig('cryptoprocessing'));
    const body = Buffer.from(confirmedText, 'utf8');
    const headers = { 'X-Processing-Key': API_KEY, 'X-Processing-Signature': signCallback(body, SECRET_KEY) };
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: body.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (index, delta) => {
          const tampered = Buffer.from(body);
          tampered[index] = (tampered[index]! + delta) % 256;
          expectLeftTag(await provider.parseWebhook({ headers, body: tampered })(), 'SignatureInvalid');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('signature verification rejects any single-character change to the signature', async () => {
    const provider = createCoinspaidProvider(makeConfig('alphapo'));
    const body = confirmedText;
    const signature = signCallback(body, SECRET_KEY);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: signature.length - 1 }),
        fc.constantFrom(...'0123456789abcdefxyz '),
        async (i, c) => {
          fc.pre(signature[i] !== c);
          const changed = `${signature.slice(0, i)}${c}${signature.slice(i + 1)}`;
          const request: WebhookRequest = {
            headers: { 'x-processing-key': API_KEY, 'x-processing-signature': changed },
            body,
          };
          expectLeftTag(await provider.parseWebhook(request)(), 'SignatureInvalid');
        },
      ),
    );
  });

  it('a correctly signed body of any bytes settles as an Either: an event with plain objects only, or a webhook error', async () => {
    const provider = createCoinspaidProvider(makeConfig('coinspaid'));
    const bodies = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      fc.string(),
      hostileJson(confirmedText),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const headers = {
          'X-Processing-Key': API_KEY,
          'X-Processing-Signature': signCallback(body, SECRET_KEY),
        };
        const result = await provider.parseWebhook({ headers, body })();
        if (E.isLeft(result)) expect(['MalformedWebhook', 'UnsupportedEvent']).toContain(result.left._tag);
        else expect(foreignPrototypes(result.right)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('any answer body to createInvoice settles as an Either: an invoice with plain objects only, or an InvoiceError', async () => {
    const template = fixtures.body('create.response.timer-currency');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 201, 400, 403, 404, 422),
        fc.oneof(fc.string(), hostileJson(template)),
        async (status, body) => {
          const { transport } = captureTransport(() => ({ status, headers: {}, body }));
          const provider = createCoinspaidProvider(makeConfig('alphapo'), { transport });
          const result = await provider.createInvoice(fullRequest())();
          expect(foreignPrototypes(E.isLeft(result) ? result.left : result.right)).toEqual([]);
          if (E.isRight(result)) expect([200, 201]).toContain(status);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('createInvoice never throws on arbitrary input and sends nothing invalid', async () => {
    const { transport, requests } = captureTransport();
    const provider = createCoinspaidProvider(makeConfig('cryptoprocessing'), { transport });
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (input) => {
        const result = await provider.createInvoice(input as never)();
        expect(E.isLeft(result)).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(requests).toHaveLength(0);
  });

  it('any status word maps to a canonical status', () => {
    fc.assert(fc.property(fc.string(), (word) => expect(InvoiceStatus.is(toInvoiceStatus(word))).toBe(true)));
  });
});
