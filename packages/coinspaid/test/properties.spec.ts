import { createHmac } from 'node:crypto';
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import {
  InvoiceStatus,
  isLosslessNumber,
  parseJsonLossless,
  validateCreateInvoiceRequest,
  type HttpRequest,
  type WebhookRequest,
} from '@invoicekit/core';
import { expectLeftTag } from '@invoicekit/testkit';
import { COINSPAID_PRESETS, createCoinspaidProvider, signCallback } from '../src';
import { toInvoiceStatus } from '../src/status';
import {
  API_KEY,
  callbackFixture,
  captureTransport,
  fullRequest,
  makeConfig,
  openApiProblems,
  SECRET_KEY,
} from './support';

const decimalText = fc
  .tuple(fc.stringMatching(/^\d{1,15}$/), fc.option(fc.stringMatching(/^\d{1,18}$/), { nil: undefined }))
  .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`))
  .filter((text) => /[1-9]/.test(text));

const orderId = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 64 })
  .filter((id) => E.isRight(validateCreateInvoiceRequest('alphapo', { ...fullRequest(), orderId: id })));

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
          const digits = amount.replace(/^0+(?=\d)/, '');
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

  it('any JS number amount goes out as digits that read back as the same number', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 1e-8, max: 1e15, noNaN: true, noDefaultInfinity: true }),
        async (amount) => {
          const { transport, requests } = captureTransport();
          const provider = createCoinspaidProvider(makeConfig('coinspaid'), { transport });
          await provider.createInvoice({ ...fullRequest(), amount })();
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
    const body = Buffer.from(JSON.stringify(callbackFixture('callback.invoice.confirmed')), 'utf8');
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
    const body = JSON.stringify(callbackFixture('callback.invoice.confirmed'));
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

  it('a correctly signed body of any bytes never throws: an event or a webhook error', async () => {
    const provider = createCoinspaidProvider(makeConfig('coinspaid'));
    const template = JSON.stringify(callbackFixture('callback.invoice.confirmed'));
    const bodies = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      fc.string(),
      fc.json(),
      fc
        .tuple(fc.nat({ max: template.length }), fc.string({ maxLength: 5 }))
        .map(([i, s]) => `${template.slice(0, i)}${s}${template.slice(i)}`),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const headers = {
          'X-Processing-Key': API_KEY,
          'X-Processing-Signature': signCallback(body, SECRET_KEY),
        };
        const result = await provider.parseWebhook({ headers, body })();
        if (E.isLeft(result)) expect(['MalformedWebhook', 'UnsupportedEvent']).toContain(result.left._tag);
      }),
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
