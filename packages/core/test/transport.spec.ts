import * as TE from 'fp-ts/TaskEither';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { credentialScrubber, guardTransport, networkError, type HttpTransport } from '../src/adapter';

describe('guardTransport', () => {
  const request = {
    provider: 'alphapo' as const,
    method: 'POST' as const,
    url: 'https://app.alphapo.net/api/v2/invoices/create',
    headers: {},
    body: '{}',
    timeoutMs: 1000,
  };

  it.each([
    [
      'throws',
      () => () => {
        throw new Error('boom');
      },
    ],
    ['rejects', () => () => Promise.reject(new Error('boom'))],
    [
      'throws before returning a task',
      () => {
        throw new Error('boom');
      },
    ],
  ])('turns a transport that %s into NetworkError ETRANSPORT', async (_label, transport) => {
    const result = await guardTransport(transport as unknown as HttpTransport, (text) => text)(request)();
    expect(expectLeftTag(result, 'NetworkError').code).toBe('ETRANSPORT');
  });

  it('passes a well-behaved transport through', async () => {
    const response = { status: 201, headers: {}, body: '{}' };
    const result = await guardTransport(
      () => TE.right(response),
      (text) => text,
    )(request)();
    expect(expectRight(result)).toEqual(response);
  });

  it('scrubs the configured credentials out of every response body and transport error', async () => {
    const scrub = credentialScrubber(['live-key-0123456789']);
    const echoed = { status: 403, headers: {}, body: '{"error":"Bad key header live-key-0123456789"}' };
    const answered = await guardTransport(() => TE.right(echoed), scrub)(request)();
    expect(expectRight(answered).body).toBe('{"error":"Bad key header [redacted]"}');
    const failing: HttpTransport = () =>
      TE.left({ ...networkError('coinspaid', 'ECONNRESET'), message: 'reset after live-key-0123456789' });
    const failed = await guardTransport(failing, scrub)(request)();
    expect(expectLeftTag(failed, 'NetworkError').message).toBe('reset after [redacted]');
  });
});
