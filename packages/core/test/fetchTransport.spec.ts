import { gzipSync } from 'node:zlib';
import nock from 'nock';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import { createFetchTransport } from '../src/adapter';
import { API_KEY, describeHttpTransport, nockRequest as request, ORIGIN } from './support/transportSuite';

const transport = createFetchTransport();

useNock();

describeHttpTransport('createFetchTransport', createFetchTransport);

describe('createFetchTransport (fetch only)', () => {
  it('sends a body that is not JSON as is, adding no content type of its own', async () => {
    const body = 'a=1&b=2';
    let received: string | undefined;
    const scope = nock(ORIGIN, { badheaders: ['content-type'] })
      .post('/form')
      .reply(200, 'ok');
    scope.on('request', (_req, _interceptor, raw: string) => {
      received = raw;
    });
    const response = expectRight(await transport(request({ url: `${ORIGIN}/form`, body, headers: {} }))());
    expect(received).toBe(body);
    expect(response.body).toBe('ok');
    scope.done();
  });

  it('keeps the status of an answer whose body exceeds the cap', async () => {
    const capped = createFetchTransport({ maxResponseBytes: 1024 });
    const scope = nock(ORIGIN).post('/api/v2/invoices/create').reply(200, 'x'.repeat(4096));
    const error = expectLeftTag(await capped(request())(), 'UnexpectedResponse');
    expect(error).toMatchObject({
      status: 200,
      issues: [{ path: '', message: 'response body exceeds the size cap' }],
      bodyExcerpt: '',
    });
    scope.done();
  });

  it('counts the cap on the decompressed body', async () => {
    const capped = createFetchTransport({ maxResponseBytes: 1024 });
    const scope = nock(ORIGIN)
      .post('/api/v2/invoices/create')
      .reply(200, gzipSync('y'.repeat(64 * 1024)), { 'Content-Encoding': 'gzip' });
    expectLeftTag(await capped(request())(), 'UnexpectedResponse');
    scope.done();
  });

  it('calls the fetch it is given', async () => {
    const calls: Array<[string, RequestInit | undefined]> = [];
    const given = createFetchTransport({
      fetch: async (input, init) => {
        calls.push([String(input), init]);
        return new Response('{"ok":true}', { status: 202, headers: { 'X-From': 'binding' } });
      },
    });
    const response = expectRight(await given(request())());
    expect(response).toEqual({
      status: 202,
      headers: expect.objectContaining({ 'x-from': 'binding' }),
      body: '{"ok":true}',
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]![1]).toMatchObject({ method: 'POST', redirect: 'manual' });
  });

  it('maps a fetch that throws synchronously or rejects with no cause to NetworkError EUNKNOWN', async () => {
    const throwing = createFetchTransport({
      fetch: () => {
        throw new TypeError(`bad ${API_KEY}`);
      },
    });
    const error = expectLeftTag(await throwing(request())(), 'NetworkError');
    expect(error.code).toBe('EUNKNOWN');
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it.each([
    [
      'Node (undici), refused',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      }),
      'ECONNREFUSED',
    ],
    [
      'Node (undici), name lookup failed for now',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo EAI_AGAIN api.example'), { code: 'EAI_AGAIN' }),
      }),
      'EAI_AGAIN',
    ],
    [
      'Node (undici), closed',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
      }),
      'ECONNRESET',
    ],
    [
      'Bun, reset',
      Object.assign(new TypeError('ECONNRESET: The socket connection was closed unexpectedly'), {
        code: 'ECONNRESET',
      }),
      'ECONNRESET',
    ],
    [
      'Deno, refused',
      new TypeError('fetch failed', {
        cause: new Error(
          `error sending request for url (${ORIGIN}/?key=${API_KEY}): client error (Connect): tcp connect error: Connection refused (os error 111)`,
        ),
      }),
      'ECONNREFUSED',
    ],
    [
      'Deno, closed',
      new TypeError('fetch failed', {
        cause: new Error(
          `error sending request for url (${ORIGIN}/): client error (SendRequest): connection closed before message completed`,
        ),
      }),
      'ECONNRESET',
    ],
    [
      'Deno, no such host',
      new TypeError('fetch failed', {
        cause: new Error(
          'client error (Connect): dns error: failed to lookup address information: Name or service not known',
        ),
      }),
      'ENOTFOUND',
    ],
    [
      'workerd, lost (its words for refused and reset alike)',
      new Error('Network connection lost.'),
      'ECONNRESET',
    ],
    [
      'workerd, no such host',
      new Error('Network connection failed: failed to lookup address information: Name or service not known'),
      'ENOTFOUND',
    ],
    ['a code that is no code', Object.assign(new Error('x'), { code: `${API_KEY} ECONNRESET` }), 'EUNKNOWN'],
    [
      'an error whose getters throw',
      {
        get code(): string {
          throw new Error(API_KEY);
        },
        get cause(): unknown {
          throw new Error(API_KEY);
        },
      },
      'EUNKNOWN',
    ],
  ])('takes the best code the runtime gives: %s', async (_runtime, failure, code) => {
    const failing = createFetchTransport({ fetch: () => Promise.reject(failure) });
    const error = expectLeftTag(await failing(request())(), 'NetworkError');
    expect(error.code).toBe(code);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    expect(error.message).not.toContain(ORIGIN);
  });
});
