import * as TE from 'fp-ts/TaskEither';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { guardTransport, type HttpTransport } from '../src';

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
    const result = await guardTransport(transport as unknown as HttpTransport)(request)();
    expect(expectLeftTag(result, 'NetworkError').code).toBe('ETRANSPORT');
  });

  it('passes a well-behaved transport through', async () => {
    const response = { status: 201, headers: {}, body: '{}' };
    const result = await guardTransport(() => TE.right(response))(request)();
    expect(expectRight(result)).toBe(response);
  });
});
