import { gzipSync } from 'node:zlib';
import { inspect } from 'node:util';
import * as E from 'fp-ts/Either';
import nock from 'nock';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { VERSION } from '../../src';
import type { HttpRequest, HttpTransport } from '../../src/adapter';

/** Builds a transport with the options both transports share. */
export type TransportFactory = (options?: { readonly maxResponseBytes?: number }) => HttpTransport;

/** The origin every nock request of the suite goes to. */
export const ORIGIN = 'https://api.provider.test';

/** A credential the request carries that no error may repeat. */
export const API_KEY = 'ak_live_4b1d9c0e7f2a';

/** A `createInvoice`-shaped POST to `ORIGIN`, with `overrides` applied. */
export const nockRequest = (overrides: Partial<HttpRequest> = {}): HttpRequest => ({
  provider: 'coinspaid',
  method: 'POST',
  url: `${ORIGIN}/api/v2/invoices/create`,
  headers: { 'Content-Type': 'application/json', 'X-Processing-Key': API_KEY },
  body: '{"amount":12.50}',
  timeoutMs: 2000,
  ...overrides,
});

/** The `HttpTransport` contract against nock, run once per transport; the spec file calls `useNock()`. */
export const describeHttpTransport = (name: string, create: TransportFactory): void =>
  describe(`${name} (nock)`, () => {
    const transport = create();
    const request = nockRequest;

    it('returns status, lower-cased headers and the body text unchanged', async () => {
      const body = '{"data":{"id":826900,"amount":0.00000001}}';
      const scope = nock(ORIGIN).post('/api/v2/invoices/create').reply(201, body, {
        'Content-Type': 'application/json',
        'X-Request-ID': 'req-7',
        'Retry-After': '3',
      });
      const response = expectRight(await transport(request())());
      expect(response.status).toBe(201);
      expect(response.body).toBe(body);
      expect(response.headers).toMatchObject({
        'content-type': 'application/json',
        'x-request-id': 'req-7',
        'retry-after': '3',
      });
      expect(Object.keys(response.headers).every((k) => k === k.toLowerCase())).toBe(true);
      scope.done();
    });

    it('sends exactly the given body string, non-ASCII included', async () => {
      const body = '{"name":"Müller","amount":12345678.123456789,"note":"größer € 😀"}';
      let received: string | undefined;
      const scope = nock(ORIGIN).post('/api/v2/invoices/create').reply(200, '{}');
      scope.on('request', (_req, _interceptor, raw: string) => {
        received = raw;
      });
      expectRight(await transport(request({ body }))());
      expect(received).toBe(body);
      scope.done();
    });

    it('sends a body that is not JSON as is, with the caller content type', async () => {
      const body = 'a=1&b=2';
      let received: string | undefined;
      const scope = nock(ORIGIN).matchHeader('content-type', 'text/plain').post('/form').reply(200, 'ok');
      scope.on('request', (_req, _interceptor, raw: string) => {
        received = raw;
      });
      const response = expectRight(
        await transport(
          request({ url: `${ORIGIN}/form`, body, headers: { 'Content-Type': 'text/plain' } }),
        )(),
      );
      expect(received).toBe(body);
      expect(response.body).toBe('ok');
      scope.done();
    });

    it('identifies itself as invoicekit/<VERSION> and forwards the caller headers', async () => {
      const scope = nock(ORIGIN)
        .matchHeader('user-agent', `invoicekit/${VERSION}`)
        .matchHeader('accept', 'application/json')
        .matchHeader('x-processing-key', API_KEY)
        .matchHeader('content-type', 'application/json')
        .post('/api/v2/invoices/create')
        .reply(200, '{}');
      expectRight(await transport(request())());
      scope.done();
    });

    it.each(['accept', 'ACCEPT'])(
      'lets a caller header override a default regardless of case: %s',
      async (header) => {
        const scope = nock(ORIGIN).matchHeader('accept', 'text/plain').get('/status').reply(200, 'up');
        const response = expectRight(
          await transport(
            request({
              method: 'GET',
              url: `${ORIGIN}/status`,
              body: '',
              headers: { [header]: 'text/plain' },
            }),
          )(),
        );
        expect(response.body).toBe('up');
        scope.done();
      },
    );

    it('does not follow a redirect: a 302 is returned as a response', async () => {
      const scope = nock(ORIGIN)
        .post('/api/v2/invoices/create')
        .reply(302, '', { Location: 'https://elsewhere.test/steal' });
      const response = expectRight(await transport(request())());
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe('https://elsewhere.test/steal');
      scope.done();
      expect(nock.pendingMocks()).toEqual([]);
    });

    it.each([400, 401, 404, 429, 500, 503])(
      'returns HTTP %i as a response for the adapter to classify',
      async (status) => {
        const scope = nock(ORIGIN).post('/api/v2/invoices/create').reply(status, '{"error":"x"}');
        const response = expectRight(await transport(request())());
        expect(response.status).toBe(status);
        expect(response.body).toBe('{"error":"x"}');
        scope.done();
      },
    );

    it('decompresses a gzip body to text', async () => {
      const scope = nock(ORIGIN)
        .post('/api/v2/invoices/create')
        .reply(200, gzipSync('{"name":"Müller"}'), { 'Content-Encoding': 'gzip' });
      expect(expectRight(await transport(request())()).body).toBe('{"name":"Müller"}');
      scope.done();
    });

    it('maps a reset connection to NetworkError without the API key in the error', async () => {
      const scope = nock(ORIGIN)
        .post('/api/v2/invoices/create')
        .replyWithError(Object.assign(new Error(`socket hang up ${API_KEY}`), { code: 'ECONNRESET' }));
      const error = expectLeftTag(await transport(request())(), 'NetworkError');
      expect(error).toEqual({
        _tag: 'NetworkError',
        provider: 'coinspaid',
        code: 'ECONNRESET',
        message: 'Could not reach coinspaid (ECONNRESET)',
      });
      expect(JSON.stringify(error)).not.toContain(API_KEY);
      expect(inspect(error, { depth: null, showHidden: true })).not.toContain(API_KEY);
      scope.done();
    });

    it('maps a body above maxResponseBytes to UnexpectedResponse', async () => {
      const capped = create({ maxResponseBytes: 1024 });
      const scope = nock(ORIGIN).post('/api/v2/invoices/create').reply(200, 'x'.repeat(4096));
      const error = expectLeftTag(await capped(request())(), 'UnexpectedResponse');
      expect(error.issues).toEqual([{ path: '', message: 'response body exceeds the size cap' }]);
      expect(error.bodyExcerpt).toBe('');
      scope.done();
    });

    it('maps a request nock refuses to a NetworkError instead of rejecting', async () => {
      const result = await transport(request({ url: 'https://unmocked.provider.test/x' }))();
      expect(E.isLeft(result) && result.left._tag).toBe('NetworkError');
      expect(JSON.stringify(result)).not.toContain(API_KEY);
    });
  });
