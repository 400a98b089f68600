import type { WebhookRequest } from '@invoicekit/core';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { COINSPAID_MAX_CALLBACK_BYTES, createCoinspaidProvider, signCallback } from '../src';
import { API_KEY, bodyOf, captureTransport, fixtures, makeConfig, SECRET_KEY } from './support';

jest.mock('@invoicekit/core/adapter', () => {
  const actual = jest.requireActual<typeof import('@invoicekit/core/adapter')>('@invoicekit/core/adapter');
  return { ...actual, parseJsonLossless: jest.fn(actual.parseJsonLossless) };
});

jest.mock('../src/signature', () => {
  const actual = jest.requireActual<typeof import('../src/signature')>('../src/signature');
  return { ...actual, signatureMatches: jest.fn(actual.signatureMatches) };
});

const mocks = {
  parse: jest.requireMock<{ parseJsonLossless: jest.Mock }>('@invoicekit/core/adapter').parseJsonLossless,
  hmac: jest.requireMock<{ signatureMatches: jest.Mock }>('../src/signature').signatureMatches,
};

const { transport, requests } = captureTransport();
const provider = createCoinspaidProvider(makeConfig('cryptoprocessing'), { transport });

afterAll(() => expect(requests).toHaveLength(0));

/** What parseWebhook did, in order: `hmac` for each signature check, `parse` for each lossless read. */
const stepsOf = async (request: WebhookRequest) => {
  mocks.parse.mockClear();
  mocks.hmac.mockClear();
  const result = await provider.parseWebhook(request)();
  const steps = [
    ...mocks.hmac.mock.invocationCallOrder.map((order) => [order, 'hmac'] as const),
    ...mocks.parse.mock.invocationCallOrder.map((order) => [order, 'parse'] as const),
  ];
  return { result, steps: steps.sort(([a], [b]) => a - b).map(([, step]) => step) };
};

const confirmedText = bodyOf(fixtures.record('callback.invoice.confirmed'));

const request = (
  body: string | Buffer,
  { key = API_KEY, signature = signCallback(body, SECRET_KEY) }: { key?: string; signature?: string } = {},
): WebhookRequest => ({
  headers: { 'X-Processing-Key': key, 'X-Processing-Signature': signature },
  body,
});

/** The documented confirmed callback followed by JSON white space, `bytes` bytes in all. */
const paddedTo = (bytes: number): string => `${confirmedText}${' '.repeat(bytes - confirmedText.length)}`;

describe('parseWebhook checks the HMAC over the raw bytes before any lossless read', () => {
  it('checks the signature, then parses an authentic callback once', async () => {
    const { result, steps } = await stepsOf(request(confirmedText));
    expect(expectRight(result).invoiceId).toBe('588');
    expect(steps).toEqual(['hmac', 'parse']);
    expect(mocks.hmac.mock.calls[0]![0]).toEqual(Buffer.from(confirmedText));
    expect(mocks.parse.mock.calls[0]![0]).toBe(confirmedText);
  });

  it.each([
    [
      'a signature over other bytes',
      () => request(confirmedText, { signature: signCallback('{}', SECRET_KEY) }),
    ],
    [
      'a signature made with another secret',
      () => request(confirmedText, { signature: signCallback(confirmedText, 'x') }),
    ],
  ])('refuses %s without parsing it', async (_label, build) => {
    const { result, steps } = await stepsOf(build());
    expect(expectLeftTag(result, 'SignatureInvalid').message).toContain('does not match the body');
    expect(steps).toEqual(['hmac']);
  });

  it.each([
    ['a foreign key header', () => request(confirmedText, { key: 'someone-else' })],
    ['no signature header', () => ({ headers: { 'X-Processing-Key': API_KEY }, body: confirmedText })],
  ])('refuses %s before computing the HMAC or parsing', async (_label, build) => {
    const { result, steps } = await stepsOf(build());
    expectLeftTag(result, 'SignatureInvalid');
    expect(steps).toEqual([]);
  });
});

describe('parseWebhook refuses a body over COINSPAID_MAX_CALLBACK_BYTES unread', () => {
  it('states the limit on the provider: 64 KiB', () => {
    expect(COINSPAID_MAX_CALLBACK_BYTES).toBe(64 * 1024);
    expect(provider.maxWebhookBodyBytes).toBe(COINSPAID_MAX_CALLBACK_BYTES);
  });

  it('accepts a signed callback of exactly 65536 bytes', async () => {
    const { result } = await stepsOf(request(Buffer.from(paddedTo(65536))));
    expect(expectRight(result).invoiceId).toBe('588');
  });

  it.each([
    ['65537 bytes', () => paddedTo(65537)],
    ['1 MiB', () => paddedTo(1024 * 1024)],
  ])(
    'refuses a correctly signed body of %s before the HMAC and the parse, naming the limit',
    async (_l, text) => {
      for (const body of [text(), Buffer.from(text())]) {
        const { result, steps } = await stepsOf(request(body));
        expect(expectLeftTag(result, 'SignatureInvalid').message).toContain('larger than the 65536 bytes');
        expect(steps).toEqual([]);
      }
    },
  );
});
