import {
  bodyExcerpt,
  commonHttpError,
  headerValue,
  MAX_RETRY_AFTER_MS,
  retryAfterMs,
  type HttpResponse,
} from '../src/adapter';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('retryAfterMs', () => {
  it.each([
    ['7', 7000],
    [' 120 ', 120_000],
    ['0', 0],
  ])('reads %j seconds', (header, expected) => {
    expect(retryAfterMs(header, NOW)).toBe(expected);
  });

  it.each([
    ['an IMF-fixdate', 'Sun, 01 Mar 2026 12:00:30 GMT', 30_000],
    ['an RFC 850 date', 'Sunday, 01-Mar-26 12:01:00 GMT', 60_000],
    ['an asctime date, read as GMT', 'Sun Mar  1 12:00:05 2026', 5_000],
    ['a date in the past', 'Sat, 28 Feb 2026 12:00:00 GMT', 0],
  ])('reads %s', (_label, header, expected) => {
    expect(retryAfterMs(header, NOW)).toBe(expected);
  });

  it.each([
    'soon',
    '',
    '1.5',
    '-1',
    '1 2',
    '5s',
    'tomorrow 5',
    '2026-03-01T12:00:30Z',
    'sun, 01 mar 2026 12:00:30 gmt',
  ])('gives null for the garbage %j', (header) => {
    expect(retryAfterMs(header, NOW)).toBeNull();
  });

  it('gives null when the header is absent', () => {
    expect(retryAfterMs(undefined)).toBeNull();
  });

  it.each([
    ['400 digits', '9'.repeat(400)],
    ['about 3,000 years in seconds', '99999999999'],
    ['one second past a day', String(24 * 60 * 60 + 1)],
    ['a date far in the future', 'Fri, 01 Mar 2999 12:00:00 GMT'],
  ])('clamps %s to one day, never Infinity', (_label, header) => {
    expect(retryAfterMs(header, NOW)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('keeps a wait of exactly one day', () => {
    expect(retryAfterMs(String(24 * 60 * 60), NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(86_400_000);
  });
});

describe('headerValue', () => {
  const headers = { 'Content-Type': 'application/json', 'set-cookie': ['a=1', 'b=2'], 'x-empty': undefined };

  it.each(['content-type', 'Content-Type', 'CONTENT-TYPE'])('finds %j in any case', (name) => {
    expect(headerValue(headers, name)).toBe('application/json');
  });

  it('joins a repeated header', () => {
    expect(headerValue(headers, 'Set-Cookie')).toBe('a=1, b=2');
  });

  it('gives undefined for an absent or undefined header', () => {
    expect(headerValue(headers, 'x-missing')).toBeUndefined();
    expect(headerValue(headers, 'X-Empty')).toBeUndefined();
  });
});

describe('commonHttpError', () => {
  const response = (status: number, headers: Record<string, string> = {}): HttpResponse => ({
    status,
    headers,
    body: '',
  });

  it('maps 429 to RateLimited with Retry-After in milliseconds', () => {
    expect(commonHttpError('coinspaid', response(429, { 'retry-after': '7' }))).toEqual({
      _tag: 'RateLimited',
      provider: 'coinspaid',
      retryAfterMs: 7000,
      message: 'coinspaid rate-limited the request; retry after 7000 ms',
    });
  });

  it('reads Retry-After as an HTTP date against the given clock', () => {
    const error = commonHttpError(
      'alphapo',
      response(429, { 'retry-after': 'Sun, 01 Mar 2026 12:00:10 GMT' }),
      NOW,
    );
    expect(error).toMatchObject({ _tag: 'RateLimited', retryAfterMs: 10_000 });
  });

  it('finds Retry-After in a hand-built response with a capitalised name', () => {
    expect(commonHttpError('coinspaid', response(429, { 'Retry-After': '2' }))).toMatchObject({
      retryAfterMs: 2000,
    });
  });

  it('maps 429 without Retry-After to a null hint', () => {
    expect(commonHttpError('coinspaid', response(429))).toMatchObject({
      _tag: 'RateLimited',
      retryAfterMs: null,
    });
  });

  it.each([500, 502, 503, 504, 599])('maps %i to ProviderUnavailable', (status) => {
    expect(commonHttpError('cryptocloud', response(status))).toEqual({
      _tag: 'ProviderUnavailable',
      provider: 'cryptocloud',
      status,
      message: `cryptocloud is unavailable (HTTP ${status})`,
    });
  });

  it.each([200, 201, 302, 400, 401, 403, 404, 422])('leaves %i to the adapter', (status) => {
    expect(commonHttpError('cryptocloud', response(status))).toBeNull();
  });
});

describe('bodyExcerpt', () => {
  it('keeps a short body whole', () => {
    expect(bodyExcerpt('{"error":"bad"}')).toBe('{"error":"bad"}');
    expect(bodyExcerpt('x'.repeat(200))).toBe('x'.repeat(200));
  });

  it('cuts a long body at 200 characters and marks the cut', () => {
    const excerpt = bodyExcerpt('y'.repeat(5000));
    expect(excerpt).toBe(`${'y'.repeat(200)}…`);
  });
});
