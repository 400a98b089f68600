import type { InvoiceError } from '@invoicekit/core';
import type { HttpResponse } from '@invoicekit/core/adapter';
import { errorFromResponse, type CoinspaidOperation } from '../src/errors';
import { fixtures, bodyOf } from './support';

const NOW = new Date('2026-04-01T12:00:00Z');
const errorOf = (
  response: HttpResponse,
  operation: CoinspaidOperation = 'createInvoice',
): InvoiceError | null =>
  errorFromResponse(
    'cryptoprocessing',
    () => NOW,
    operation,
  )({
    request: { wire: { foreign_id: 'order-9' }, body: '{}' },
    response,
  });
const classify = (response: HttpResponse, operation: CoinspaidOperation = 'createInvoice'): InvoiceError => {
  const error = errorOf(response, operation);
  if (error === null) throw new Error(`HTTP ${response.status} was read as a success`);
  return error;
};
const reply = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: typeof body === 'string' ? body : bodyOf(body),
});
const fromFixture = (name: string, operation: CoinspaidOperation = 'createInvoice') =>
  classify({ ...fixtures.response(name), headers: {} }, operation);

describe('error bodies (DESIGN §4)', () => {
  it.each([200, 201])('reads HTTP %i as a success, whatever its body', (status) => {
    expect(errorOf(reply(status, '{"errors":{"foreign_id":"taken"}}'))).toBeNull();
  });

  it('covers every error fixture', () => {
    expect(fixtures.names('error.')).toHaveLength(14);
    for (const name of fixtures.names('error.'))
      expect(fromFixture(name)._tag).not.toBe('UnexpectedResponse');
  });

  it('maps a duplicate foreign_id to DuplicateOrder with the orderId', () => {
    expect(fromFixture('error.400.duplicate-foreign-id')).toMatchObject({
      _tag: 'DuplicateOrder',
      status: 400,
      orderId: 'order-9',
    });
  });

  it.each([
    ['error.400.invalid-currency', { currency: 'The selected currency is invalid.' }],
    ['error.400.amount-not-number', { amount: 'The amount must be a number.' }],
    ['error.400.amount-below-minimum', { amount: 'The amount must be at least 0.00010000 BTC.' }],
    ['error.400.invalid-email', { email_user: 'The email user must be a valid email address.' }],
    ['error.400.invalid-type', { type: 'The selected type is invalid.' }],
    [
      'error.400.missing-fields',
      {
        title: 'The title field is required.',
        foreign_id: 'The foreign id field is required.',
        currency: 'The currency field is required.',
        amount: 'The amount field is required.',
      },
    ],
  ])('maps %s to Rejected with fields', (name, fields) => {
    const error = fromFixture(name);
    expect(error).toMatchObject({ _tag: 'Rejected', status: 400, code: null, fields });
  });

  it('maps a missing foreign_id (not a duplicate) to Rejected, not DuplicateOrder', () => {
    expect(fromFixture('error.400.missing-fields')._tag).toBe('Rejected');
  });

  it('maps the disabled feature message to Rejected with a code', () => {
    expect(fromFixture('error.400.feature-disabled')).toMatchObject({
      _tag: 'Rejected',
      code: 'feature_disabled',
      fields: {},
      message: expect.stringContaining('invoices_enabled'),
    });
  });

  it('maps bad_content_format to Rejected with its code', () => {
    expect(fromFixture('error.400.bad-content-format')).toMatchObject({
      _tag: 'Rejected',
      code: 'bad_content_format',
      message: expect.stringContaining('Bad content format'),
    });
  });

  it.each([
    ['error.403.bad-signature', 'bad_header_signature'],
    ['error.403.no-signature', 'required_header_signature'],
    ['error.403.bad-key', 'bad_header_key'],
    ['error.403.no-key', 'required_header_key'],
  ])('maps %s to Unauthorized with code %s', (name, code) => {
    expect(fromFixture(name)).toMatchObject({ _tag: 'Unauthorized', status: 403, code });
  });

  it.each([
    [401, ''],
    [401, '{"message":"Unauthenticated."}'],
    [403, '<html>Forbidden</html>'],
    [403, '{"error":"nope"}'],
  ])('maps HTTP %i with any other body (%j) to Unauthorized', (status, body) => {
    expect(classify(reply(status, body))).toMatchObject({ _tag: 'Unauthorized', status, code: null });
  });

  it('accepts Laravel-style lists of messages per field', () => {
    expect(
      classify(reply(422, { errors: { foreign_id: ['The foreign id has already been taken.'] } }))._tag,
    ).toBe('DuplicateOrder');
    expect(classify(reply(422, { errors: { amount: ['Too small.', 'Must be a number.'] } }))).toMatchObject({
      _tag: 'Rejected',
      status: 422,
      fields: { amount: 'Too small. Must be a number.' },
    });
  });

  it('maps 429 with Retry-After in seconds or as an HTTP date', () => {
    expect(classify(reply(429, '', { 'retry-after': '7' }))).toMatchObject({
      _tag: 'RateLimited',
      retryAfterMs: 7000,
    });
    expect(classify(reply(429, '', { 'Retry-After': 'Wed, 01 Apr 2026 12:00:30 GMT' }))).toMatchObject({
      _tag: 'RateLimited',
      retryAfterMs: 30_000,
    });
    expect(classify(reply(429, ''))).toMatchObject({ _tag: 'RateLimited', retryAfterMs: null });
  });

  it.each([500, 502, 503, 504])('maps %i to ProviderUnavailable', (status) => {
    expect(classify(reply(status, '{"errors":{"x":"y"}}'))).toMatchObject({
      _tag: 'ProviderUnavailable',
      status,
    });
  });

  it.each([
    [400, 'not json at all'],
    [400, '{"errors":"flat string"}'],
    [302, ''],
    [204, ''],
  ])('maps HTTP %i with an undecodable body to UnexpectedResponse with an excerpt', (status, body) => {
    expect(classify(reply(status, body))).toMatchObject({
      _tag: 'UnexpectedResponse',
      status,
      bodyExcerpt: body,
    });
  });

  it.each([
    [400, `{"errors":${'['.repeat(5000)}${']'.repeat(5000)}}`],
    [400, '{"__proto__":{"errors":{"foreign_id":"The foreign id has already been taken."}}}'],
    [400, '{"errors":{"__proto__":{"foreign_id":"The foreign id has already been taken."}}}'],
    [422, '{"\\u005f_proto__":{"message":"Required features [invoices_enabled] not enabled."}}'],
  ])('never reads an error from deep nesting or a __proto__ member: HTTP %i %#', (status, body) => {
    const error = classify(reply(status, body));
    expect(error).toMatchObject({ _tag: 'UnexpectedResponse', status });
  });

  it.each([
    [403, `{"code":${'['.repeat(5000)}${']'.repeat(5000)}}`],
    [403, '{"__proto__":{"error":"Bad key header","code":"bad_header_key"}}'],
  ])('answers an unreadable HTTP %i body with Unauthorized without a code', (status, body) => {
    expect(classify(reply(status, body))).toMatchObject({ _tag: 'Unauthorized', status, code: null });
  });

  it.each(['createInvoice', 'cancelInvoice'] as const)(
    'maps the documented cancel refusal to Rejected with code invalid_invoice_state (%s)',
    (operation) => {
      expect(fromFixture('error.400.invalid-invoice-state', operation)).toMatchObject({
        _tag: 'Rejected',
        status: 400,
        code: 'invalid_invoice_state',
        fields: {},
        message: expect.stringContaining('Invoice cannot be failed in its current state.'),
      });
    },
  );

  it('reads a Laravel field named code as a field error, not as a coded refusal', () => {
    expect(classify(reply(400, { errors: { code: 'The code field is required.' } }))).toMatchObject({
      _tag: 'Rejected',
      code: null,
      fields: { code: 'The code field is required.' },
    });
  });

  it.each([200, 201, 202, 204, 299])('reads any 2xx of a cancel as a success: HTTP %i', (status) => {
    expect(errorOf(reply(status, ''), 'cancelInvoice')).toBeNull();
  });

  it.each([202, 204])('still reads HTTP %i of a create as no success', (status) => {
    expect(classify(reply(status, ''))._tag).toBe('UnexpectedResponse');
  });

  it('maps a 404 of a cancel to NotFound naming the order id', () => {
    expect(classify(reply(404, '{"message":"Not Found"}'), 'cancelInvoice')).toMatchObject({
      _tag: 'NotFound',
      status: 404,
      message: expect.stringContaining('"order-9"'),
    });
  });

  describe('a 404 where the platform always has an endpoint: the baseUrl is wrong', () => {
    const WRONG_BASE_URL =
      'cryptoprocessing answered HTTP 404 for an endpoint its API always has, so baseUrl does not point at ' +
      'that API: set baseUrl to the API root ending in /api/v2, like https://app.cryptoprocessing.com/api/v2 ' +
      '(sandbox: https://app.sandbox.cryptoprocessing.com/api/v2), or leave it out';
    // Fastify's own 404 (fastify lib/fourOhFour.js), as a baseUrl without /api/v2 gets from the sandbox.
    const ROUTE_MISS =
      '{"message":"Route POST:/cryptoprocessing/invoices/create not found","error":"Not Found","statusCode":404}';

    it.each([
      ['a framework route miss', ROUTE_MISS],
      ['an HTML page', '<html>Not Found</html>'],
      ['an empty body', ''],
    ])('creating, with %s', (_label, body) => {
      expect(classify(reply(404, body))).toEqual({
        _tag: 'Rejected',
        provider: 'cryptoprocessing',
        status: 404,
        code: 'wrong_base_url',
        fields: {},
        message: WRONG_BASE_URL,
      });
    });

    it('cancelling, when the answer is a framework route miss rather than the platform', () => {
      expect(classify(reply(404, ROUTE_MISS), 'cancelInvoice')).toMatchObject({
        _tag: 'Rejected',
        code: 'wrong_base_url',
        message: WRONG_BASE_URL,
      });
    });

    it('names the preset’s own host', () => {
      const error = errorFromResponse(
        'alphapo',
        () => NOW,
        'createInvoice',
      )({
        request: { wire: { foreign_id: 'order-9' }, body: '{}' },
        response: reply(404, ''),
      });
      expect(error?.message).toContain('like https://app.alphapo.net/api/v2 (sandbox:');
    });
  });

  it('says that a missing-header answer means a wrong URL (or a proxy), since both headers are always sent', () => {
    expect(fromFixture('error.403.no-key').message).toBe(
      'cryptoprocessing rejected the credentials (HTTP 403, required_header_key): No key header; invoicekit ' +
        'always sends X-Processing-Key and X-Processing-Signature, and the platform answers this for a URL it ' +
        'does not have, so baseUrl is likely wrong (or a proxy dropped the headers): set baseUrl to the API ' +
        'root ending in /api/v2, like https://app.cryptoprocessing.com/api/v2 ' +
        '(sandbox: https://app.sandbox.cryptoprocessing.com/api/v2), or leave it out',
    );
    expect(fromFixture('error.403.bad-key').message).toBe(
      'cryptoprocessing rejected the credentials (HTTP 403, bad_header_key): Bad key header',
    );
  });

  it('keeps the excerpt short', () => {
    const error = classify(reply(400, 'x'.repeat(5000)));
    expect(error._tag === 'UnexpectedResponse' && error.bodyExcerpt.length).toBeLessThanOrEqual(201);
  });
});
