import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import nock from 'nock';
import { InvoiceCancellation, type Invoice, type InvoiceRef } from '@invoicekit/core';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import { COINSPAID_BASE_URLS, createCoinspaidProvider, KEY_HEADER, SIGNATURE_HEADER } from '../src';
import { API_KEY, SECRET_KEY, captureTransport, fixtures, makeConfig, recordRequests } from './support';

const NOW = new Date('2026-04-01T12:00:00Z');
const BASE = COINSPAID_BASE_URLS.cryptoprocessing.production;
const ORIGIN = new URL(BASE).origin;
const PREFIX = new URL(BASE).pathname;
const http = useNock();

const REQUEST = fixtures.entry('cancel.request');
const FOREIGN_ID = String(REQUEST.foreign_id);
const DOCUMENTED_PATH = String(REQUEST.path);
const REF = { id: '826901', orderId: FOREIGN_ID };

const cryptoprocessing = (overrides: Record<string, unknown> = {}) =>
  createCoinspaidProvider(makeConfig('cryptoprocessing', { baseUrl: undefined, ...overrides }), {
    now: () => NOW,
  });

const stub = (status: number, body: string, headers: Record<string, string> = {}) => {
  const scope = nock(ORIGIN)
    .post(`${PREFIX}${DOCUMENTED_PATH}`)
    .reply(status, body, { 'Content-Type': 'application/json', ...headers });
  return { scope, seen: recordRequests(scope) };
};

const cancel = (ref: InvoiceRef = REF, overrides: Record<string, unknown> = {}) =>
  cryptoprocessing(overrides).cancelInvoice(ref)();

describe('cryptoprocessing cancelInvoice over HTTP', () => {
  it('POSTs the documented path, trailing slash included, with {} signed and sent byte for byte', async () => {
    const { status, body } = fixtures.response('cancel.response.ok');
    const { scope, seen } = stub(status, body);
    const cancellation = expectRight(await cancel());
    scope.done();
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.body).toBe(fixtures.body('cancel.request'));
    expect(request?.body).toBe('{}');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers[KEY_HEADER.toLowerCase()]).toBe(API_KEY);
    expect(request?.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(
      createHmac('sha512', SECRET_KEY).update('{}').digest('hex'),
    );
    expect(cancellation).toEqual({
      provider: 'cryptoprocessing',
      id: REF.id,
      orderId: FOREIGN_ID,
      invoice: null,
    });
    expect(InvoiceCancellation.is(cancellation)).toBe(true);
  });

  it.each([
    ['the documented [] (HTTP 200)', 200, '[]'],
    ['an empty body (HTTP 200)', 200, ''],
    ['an empty body (HTTP 204)', 204, ''],
    ['the text OK', 200, 'OK'],
    ['the JSON string "OK"', 200, '"OK"'],
    ['{}', 200, '{}'],
    ['{} (HTTP 202)', 202, '{}'],
    ['the success envelope {"data":{…}}', 200, '{"data":{"id":826901,"status":"failed"}}'],
  ])('accepts %s as the documented "OK"', async (_label, status, body) => {
    const { scope } = stub(status, body);
    expect(expectRight(await cancel()).orderId).toBe(FOREIGN_ID);
    scope.done();
  });

  it.each([
    ['a JSON object that is no envelope', '{"status":"cancelled"}'],
    ['an error body at HTTP 200', fixtures.body('error.400.invalid-invoice-state')],
    ['a non-JSON text', 'Internal error, please retry'],
    ['data that is a number', '{"data":5}'],
    ['false', 'false'],
  ])('never reads %s as a cancellation: UnexpectedResponse', async (_label, body) => {
    const { scope } = stub(200, body);
    const error = expectLeftTag(await cancel(), 'UnexpectedResponse');
    scope.done();
    expect(error).toMatchObject({ status: 200, bodyExcerpt: body });
  });

  it('maps the documented refusal to Rejected with code invalid_invoice_state and its text', async () => {
    const { status, body } = fixtures.response('error.400.invalid-invoice-state');
    const { scope } = stub(status, body);
    const error = expectLeftTag(await cancel(), 'Rejected');
    scope.done();
    expect(error).toMatchObject({ status: 400, code: 'invalid_invoice_state', fields: {} });
    expect(error.message).toContain('Invoice cannot be failed in its current state.');
  });

  it.each(fixtures.names('error.403.'))('maps %s to Unauthorized with its code', async (name) => {
    const { status, body } = fixtures.response(name);
    const { scope } = stub(status, body);
    const error = expectLeftTag(await cancel(), 'Unauthorized');
    scope.done();
    expect(error).toMatchObject({ status: 403, code: fixtures.record(name).code });
  });

  it('maps a 404 to NotFound naming the order id', async () => {
    const { scope } = stub(404, '{"message":"Not Found"}');
    const error = expectLeftTag(await cancel(), 'NotFound');
    scope.done();
    expect(error).toMatchObject({ status: 404, message: expect.stringContaining(FOREIGN_ID) });
  });

  it.each([500, 502, 503])('maps HTTP %i to ProviderUnavailable', async (status) => {
    const { scope } = stub(status, '<html>down</html>', { 'Content-Type': 'text/html' });
    expect(expectLeftTag(await cancel(), 'ProviderUnavailable').status).toBe(status);
    scope.done();
  });

  it('maps 429 with Retry-After to RateLimited', async () => {
    const { scope } = stub(429, '', { 'Retry-After': '7' });
    expect(expectLeftTag(await cancel(), 'RateLimited').retryAfterMs).toBe(7000);
    scope.done();
  });

  it('maps a server that never answers to Timeout', async () => {
    const scope = nock(ORIGIN).post(`${PREFIX}${DOCUMENTED_PATH}`).delay(1000).reply(200, '[]');
    expect(expectLeftTag(await cancel(REF, { timeoutMs: 100 }), 'Timeout').timeoutMs).toBe(100);
    scope.done();
  });

  it('maps a reset socket to NetworkError', async () => {
    const scope = nock(ORIGIN)
      .post(`${PREFIX}${DOCUMENTED_PATH}`)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    expect(expectLeftTag(await cancel(), 'NetworkError').code).toBe('ECONNRESET');
    scope.done();
  });

  it('cancels by the created Invoice, reading its orderId', async () => {
    const { scope } = stub(200, '[]');
    const invoice = { id: '826901', orderId: FOREIGN_ID, provider: 'cryptoprocessing' } as Invoice;
    expect(expectRight(await cancel(invoice))).toMatchObject({ id: '826901', orderId: FOREIGN_ID });
    scope.done();
  });

  it('refuses a bare id without a request, saying to pass the Invoice or { id, orderId }', async () => {
    const error = expectLeftTag(await cancel('826901'), 'InvalidRequest');
    expect(error.issues).toEqual([
      {
        path: 'ref.orderId',
        message: expect.stringMatching(/order id \(foreign_id\).*the Invoice.*\{ id, orderId \}/),
      },
    ]);
    expect(http.unmatched()).toBe(0);
  });

  it.each([null, undefined, '', { orderId: FOREIGN_ID }, { id: '1', orderId: '   ' }])(
    'refuses the ref %j without a request',
    async (ref) => {
      expectLeftTag(await cryptoprocessing().cancelInvoice(ref as InvoiceRef)(), 'InvalidRequest');
      expect(http.unmatched()).toBe(0);
    },
  );

  it.each(['.', '..'])(
    'refuses the order id %j, which a URL parser would resolve away, without a request',
    async (orderId) => {
      const error = expectLeftTag(await cancel({ id: '1', orderId }), 'InvalidRequest');
      expect(error.issues[0]?.path).toBe('ref.orderId');
      expect(http.unmatched()).toBe(0);
    },
  );

  it('sends any order id as one encoded path segment and signs {} for it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !/^\.{1,2}$/.test(s)),
        async (orderId) => {
          const { transport, requests } = captureTransport(() => ({ status: 200, headers: {}, body: '[]' }));
          const provider = createCoinspaidProvider(makeConfig('cryptoprocessing'), { transport });
          expect(expectRight(await provider.cancelInvoice({ id: '7', orderId })()).orderId).toBe(orderId);
          const [request] = requests;
          const url = new URL(request?.url ?? '');
          const [segment, ...rest] = url.pathname.split('/').slice(-3);
          expect([decodeURIComponent(segment ?? ''), ...rest]).toEqual([orderId, 'cancel', '']);
          expect(url.pathname.startsWith('/api/v2/invoices/')).toBe(true);
          expect(request?.body).toBe('{}');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe.each(['alphapo', 'coinspaid'] as const)('%s cancelInvoice', (preset) => {
  it('is Unsupported without a request, naming where the endpoint is documented', async () => {
    const provider = createCoinspaidProvider(makeConfig(preset));
    const error = expectLeftTag(await provider.cancelInvoice(REF)(), 'Unsupported');
    expect(error).toMatchObject({ provider: preset, feature: 'cancelInvoice' });
    expect(error.message).toContain(
      'docs.cryptoprocessing.com/api-reference/endpoints/invoices-foreign_id-cancel',
    );
    expect(http.unmatched()).toBe(0);
  });
});
