import { describeError, type InvoiceKitFailure, type ProviderId } from '../src';
import {
  confirmationFailed,
  duplicateOrder,
  invalidConfig,
  invalidRequest,
  malformedWebhook,
  networkError,
  notFound,
  providerUnavailable,
  rateLimited,
  rejected,
  signatureInvalid,
  timeout,
  unauthorized,
  unexpectedResponse,
  unsupported,
  unsupportedEvent,
  retryPolicy,
  wrongBaseUrl,
} from '../src/adapter';

const issues = [
  { path: 'amount', message: 'must be greater than zero' },
  { path: '', message: 'must be an object' },
];

describe('error constructors', () => {
  it.each<[string, InvoiceKitFailure, Record<string, unknown>]>([
    [
      'invalidRequest',
      invalidRequest('coinspaid', issues),
      {
        _tag: 'InvalidRequest',
        provider: 'coinspaid',
        issues,
        message: 'Invalid request: amount: must be greater than zero; must be an object',
      },
    ],
    [
      'unsupported',
      unsupported('cryptocloud', 'cancelInvoice'),
      {
        _tag: 'Unsupported',
        provider: 'cryptocloud',
        feature: 'cancelInvoice',
        message: 'cryptocloud does not support cancelInvoice',
      },
    ],
    [
      'unsupported with advice',
      unsupported('cryptocloud', 'title', 'use description instead'),
      { _tag: 'Unsupported', feature: 'title', message: 'use description instead' },
    ],
    [
      'unauthorized',
      unauthorized('alphapo', 401, 'bad_sign', 'signature mismatch'),
      {
        _tag: 'Unauthorized',
        provider: 'alphapo',
        status: 401,
        code: 'bad_sign',
        message: 'alphapo rejected the credentials (HTTP 401, bad_sign): signature mismatch',
      },
    ],
    [
      'unauthorized without a code',
      unauthorized('alphapo', 403, null),
      {
        _tag: 'Unauthorized',
        status: 403,
        code: null,
        message: 'alphapo rejected the credentials (HTTP 403)',
      },
    ],
    [
      'duplicateOrder',
      duplicateOrder('coinspaid', 400, 'order-7'),
      {
        _tag: 'DuplicateOrder',
        status: 400,
        orderId: 'order-7',
        message: 'coinspaid already has an invoice for order "order-7"',
      },
    ],
    [
      'rejected with fields',
      rejected('coinspaid', 400, 'validation', { currency: 'not supported', amount: 'too small' }),
      {
        _tag: 'Rejected',
        status: 400,
        code: 'validation',
        fields: { currency: 'not supported', amount: 'too small' },
        message: 'coinspaid rejected the request: currency: not supported; amount: too small',
      },
    ],
    [
      'rejected with only a code',
      rejected('cryptocloud', 400, 'shop_disabled', {}),
      { _tag: 'Rejected', message: 'cryptocloud rejected the request: shop_disabled' },
    ],
    [
      'rejected with nothing',
      rejected('cryptocloud', 422, null, {}),
      {
        _tag: 'Rejected',
        code: null,
        fields: {},
        message: 'cryptocloud rejected the request: no reason given',
      },
    ],
    [
      'rejected with a detail',
      rejected('cryptocloud', 400, 'x', { a: 'b' }, 'Feature disabled'),
      { _tag: 'Rejected', message: 'cryptocloud rejected the request: Feature disabled' },
    ],
    [
      'notFound',
      notFound('coinspaid', 404, '826900'),
      { _tag: 'NotFound', status: 404, message: 'coinspaid has no invoice "826900"' },
    ],
    [
      'rateLimited',
      rateLimited('coinspaid', 7000),
      {
        _tag: 'RateLimited',
        retryAfterMs: 7000,
        message: 'coinspaid rate-limited the request; retry after 7000 ms',
      },
    ],
    [
      'rateLimited without a hint',
      rateLimited('coinspaid', null),
      { _tag: 'RateLimited', retryAfterMs: null, message: 'coinspaid rate-limited the request' },
    ],
    [
      'providerUnavailable',
      providerUnavailable('alphapo', 502),
      { _tag: 'ProviderUnavailable', status: 502, message: 'alphapo is unavailable (HTTP 502)' },
    ],
    [
      'timeout',
      timeout('cryptocloud', 400),
      { _tag: 'Timeout', timeoutMs: 400, message: 'cryptocloud did not answer within 400 ms' },
    ],
    [
      'networkError',
      networkError('coinspaid', 'ECONNRESET'),
      { _tag: 'NetworkError', code: 'ECONNRESET', message: 'Could not reach coinspaid (ECONNRESET)' },
    ],
    [
      'unexpectedResponse',
      unexpectedResponse('coinspaid', 200, [{ path: 'data.id', message: 'is required' }], '{"data":{}}'),
      {
        _tag: 'UnexpectedResponse',
        status: 200,
        issues: [{ path: 'data.id', message: 'is required' }],
        bodyExcerpt: '{"data":{}}',
        message: 'Unexpected response from coinspaid (HTTP 200): data.id: is required',
      },
    ],
    [
      'signatureInvalid',
      signatureInvalid('cryptocloud', 'token expired'),
      { _tag: 'SignatureInvalid', provider: 'cryptocloud', message: 'Webhook rejected: token expired' },
    ],
    [
      'malformedWebhook',
      malformedWebhook('coinspaid', [{ path: 'id', message: 'is required' }]),
      { _tag: 'MalformedWebhook', message: 'Webhook is authentic but malformed: id: is required' },
    ],
    [
      'unsupportedEvent',
      unsupportedEvent('coinspaid', 'withdrawal'),
      {
        _tag: 'UnsupportedEvent',
        eventType: 'withdrawal',
        message: 'coinspaid webhook of type "withdrawal" is not an invoice event',
      },
    ],
    [
      'wrongBaseUrl',
      wrongBaseUrl('cryptocloud', 404, 'set baseUrl to the API root'),
      {
        _tag: 'Rejected',
        provider: 'cryptocloud',
        status: 404,
        code: 'wrong_base_url',
        fields: {},
        message:
          'cryptocloud answered HTTP 404 for an endpoint its API always has, so baseUrl does not point at ' +
          'that API: set baseUrl to the API root',
      },
    ],
    [
      'invalidConfig',
      invalidConfig([{ path: 'apiKey', message: 'must be a non-empty string' }]),
      { _tag: 'InvalidConfig', message: 'Invalid configuration: apiKey: must be a non-empty string' },
    ],
  ])('%s builds the documented value', (_label, error, expected) => {
    expect(error).toMatchObject(expected);
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('keeps provider text that spans lines on one line', () => {
    const errors: InvoiceKitFailure[] = [
      unauthorized('alphapo', 401, null, 'Bad\nsignature'),
      rejected('coinspaid', 400, null, { amount: 'too\r\nsmall' }),
      unsupportedEvent('coinspaid', 'x', 'not\nhandled'),
      signatureInvalid('coinspaid', 'line one\nline two'),
      unexpectedResponse('coinspaid', 200, [{ path: 'a', message: 'x\ny' }], 'raw\nbody'),
    ];
    for (const error of errors) expect(error.message).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(errors[0]!.message).toBe('alphapo rejected the credentials (HTTP 401): Bad signature');
  });

  it('leaves the excerpt of the body as it was', () => {
    expect(unexpectedResponse('coinspaid', 200, [], 'raw\nbody').bodyExcerpt).toBe('raw\nbody');
  });
});

describe('retryPolicy', () => {
  const coinspaidFamily: ProviderId[] = ['cryptoprocessing', 'alphapo', 'coinspaid'];
  const isRetryable = retryPolicy((provider) => coinspaidFamily.includes(provider));

  it('always retries RateLimited', () => {
    expect(isRetryable(rateLimited('cryptocloud', null))).toBe(true);
    expect(isRetryable(rateLimited('coinspaid', 1000))).toBe(true);
  });

  it.each([500, 502, 503, 504])('retries HTTP %i on the CoinsPaid family', (status) => {
    for (const provider of coinspaidFamily)
      expect(isRetryable(providerUnavailable(provider, status))).toBe(true);
  });

  it('retries ProviderUnavailable on cryptocloud only for 503', () => {
    expect(isRetryable(providerUnavailable('cryptocloud', 503))).toBe(true);
    expect(isRetryable(providerUnavailable('cryptocloud', 500))).toBe(false);
    expect(isRetryable(providerUnavailable('cryptocloud', 502))).toBe(false);
  });

  it('retries a NetworkError when the request was never sent, or on the CoinsPaid family', () => {
    expect(isRetryable(networkError('cryptocloud', 'ECONNREFUSED'))).toBe(true);
    expect(isRetryable(networkError('cryptocloud', 'ENOTFOUND'))).toBe(true);
    expect(isRetryable(networkError('cryptocloud', 'ECONNRESET'))).toBe(false);
    for (const provider of coinspaidFamily)
      expect(isRetryable(networkError(provider, 'ECONNRESET'))).toBe(true);
  });

  it('retries a webhook whose confirmation failed: the provider will deliver it again', () => {
    expect(isRetryable(confirmationFailed('cryptocloud', timeout('cryptocloud', 1000)))).toBe(true);
  });

  it('retries a Timeout only on the CoinsPaid family', () => {
    expect(isRetryable(timeout('cryptocloud', 1000))).toBe(false);
    for (const provider of coinspaidFamily) expect(isRetryable(timeout(provider, 1000))).toBe(true);
  });

  it.each<[string, InvoiceKitFailure]>([
    ['InvalidRequest', invalidRequest('coinspaid', issues)],
    ['Unsupported', unsupported('coinspaid', 'x')],
    ['Unauthorized', unauthorized('coinspaid', 401, null)],
    ['Rejected', rejected('coinspaid', 400, null, {})],
    ['DuplicateOrder', duplicateOrder('coinspaid', 400, 'o')],
    ['NotFound', notFound('coinspaid', 404, '1')],
    ['UnexpectedResponse', unexpectedResponse('coinspaid', 200, [], '')],
    ['SignatureInvalid', signatureInvalid('coinspaid', 'x')],
    ['InvalidConfig', invalidConfig([])],
  ])('never retries %s', (_label, error) => {
    expect(isRetryable(error)).toBe(false);
  });
});

describe('confirmationFailed', () => {
  it('carries the error of the confirming call and names it in the message', () => {
    const cause = providerUnavailable('cryptocloud', 502);
    const error = confirmationFailed('cryptocloud', cause);
    expect(error).toEqual({
      _tag: 'ConfirmationFailed',
      provider: 'cryptocloud',
      message:
        'Webhook is authentic but could not be confirmed with cryptocloud: cryptocloud is unavailable (HTTP 502)',
      error: cause,
    });
  });
});

describe('describeError', () => {
  it('prefixes the provider and tag', () => {
    expect(describeError(timeout('coinspaid', 5000))).toBe(
      '[coinspaid] Timeout: coinspaid did not answer within 5000 ms',
    );
  });

  it('describes a configuration error without a provider', () => {
    expect(describeError(invalidConfig([{ path: 'provider', message: 'is required' }]))).toBe(
      'InvalidConfig: Invalid configuration: provider: is required',
    );
  });

  it('always gives one line, even for a hand-built error with line breaks', () => {
    const handMade: InvoiceKitFailure = {
      _tag: 'SignatureInvalid',
      provider: 'coinspaid',
      message: 'a\nb\r\nc',
    };
    expect(describeError(handMade)).toBe('[coinspaid] SignatureInvalid: a b c');
  });
});
