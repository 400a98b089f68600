import { isIP } from 'node:net';
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import {
  CountryAlpha3,
  CurrencyCode,
  EmailAddress,
  HttpBaseUrl,
  HttpsDomainUrl,
  PastCalendarDate,
  PositiveInteger,
  textOfLength,
} from '../src/adapter';

describe('field codecs', () => {
  it('textOfLength counts code points and refuses control characters', () => {
    const Name = textOfLength('Name', 1, 3);
    expect(Name.is('😀😀😀')).toBe(true);
    expect(Name.is('abcd')).toBe(false);
    expect(Name.is('a\u0000')).toBe(false);
    expect(E.isLeft(Name.decode(undefined))).toBe(true);
  });

  it('HttpBaseUrl accepts http and https roots and drops trailing slashes', () => {
    expect(HttpBaseUrl.decode('https://app.coinspaid.com/api/v2/')).toEqual(
      E.right('https://app.coinspaid.com/api/v2'),
    );
    expect(HttpBaseUrl.decode('http://127.0.0.1:4010')).toEqual(E.right('http://127.0.0.1:4010'));
  });

  it.each(['ftp://x.example', 'https://x.example/?a=1', 'https://x.example/#top', 'not a url', 42])(
    'HttpBaseUrl refuses %p',
    (value) => {
      expect(E.isLeft(HttpBaseUrl.decode(value))).toBe(true);
    },
  );

  it('the refined codecs agree between is and decode', () => {
    const samples: Array<
      [{ is: (u: unknown) => boolean; decode: (u: unknown) => E.Either<unknown, unknown> }, unknown]
    > = [
      [CurrencyCode, 'EUR'],
      [CurrencyCode, 'eur'],
      [EmailAddress, 'a@shop.example'],
      [EmailAddress, 'a@shop'],
      [HttpsDomainUrl, 'https://shop.example'],
      [HttpsDomainUrl, 'https://10.0.0.1'],
      [PastCalendarDate, '1990-01-01'],
      [PastCalendarDate, '1990-02-30'],
      [CountryAlpha3, 'USA'],
      [CountryAlpha3, 'usa'],
      [PositiveInteger, 5],
      [PositiveInteger, 0],
    ];
    for (const [codec, value] of samples) expect(codec.is(value)).toBe(E.isRight(codec.decode(value)));
  });
});

describe('field codec shortcuts (property)', () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.constantFrom(
      '😀😀😀',
      '😀😀😀😀',
      'abc',
      'a\u0000',
      ' ',
      '.a@b.example',
      'a..b@c.example',
      '@x.example',
    ),
  );

  it('textOfLength counts characters exactly as spreading the string does', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 6 }), (s, min, max) => {
        const reference = s.trim().length >= min && [...s].length <= max && !/\p{Cc}/u.test(s);
        expect(textOfLength('T', min, max).is(s)).toBe(reference);
      }),
      { numRuns: 3000 },
    );
  });

  it('EmailAddress refuses a leading dot exactly as checking the local part does', () => {
    const EMAIL =
      /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
    const address = fc.oneof(
      text,
      fc
        .tuple(
          fc.constantFrom('', '.', 'a.', '.a', 'a'),
          fc.constantFrom('@', '@@', ''),
          fc.constantFrom('shop.example', '.x', 'b.c'),
        )
        .map(([local, at, domain]) => `${local}${at}${domain}`),
    );
    fc.assert(
      fc.property(address, (s) => {
        const reference =
          s.length <= 254 && EMAIL.test(s) && !s.split('@')[0]!.startsWith('.') && !s.includes('..');
        expect(EmailAddress.is(s)).toBe(reference);
      }),
      { numRuns: 3000 },
    );
  });

  it('HttpsDomainUrl answers the same for a text seen before (memoized) as for a new one', () => {
    const isHttpsDomainUrl = (s: string): boolean => {
      try {
        const url = new URL(s);
        const host = url.hostname;
        return (
          url.protocol === 'https:' &&
          url.username === '' &&
          url.password === '' &&
          isIP(host.replace(/^\[|\]$/g, '')) === 0 &&
          host !== 'localhost' &&
          !host.endsWith('.localhost') &&
          /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/.test(host)
        );
      } catch {
        return false;
      }
    };
    const url = fc.oneof(
      fc.webUrl({ validSchemes: ['https', 'http'], withQueryParameters: true }),
      fc.constantFrom(
        'https://127.0.0.1/',
        'https://[::1]/',
        'https://localhost/a',
        'https://a.localhost',
        'https://u:p@shop.example',
        'x',
      ),
    );
    fc.assert(
      fc.property(fc.array(url, { minLength: 1, maxLength: 5 }), (urls) => {
        for (const s of [...urls, ...urls]) expect(HttpsDomainUrl.is(s)).toBe(isHttpsDomainUrl(s));
      }),
      { numRuns: 500 },
    );
  });
});

describe('PastCalendarDate across days (property)', () => {
  afterEach(() => jest.useRealTimers());

  it('compares with today exactly as reading the clock on every check does, whichever way the clock moves', () => {
    jest.useFakeTimers();
    const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(instant, fc.integer({ min: -2, max: 2 })), { minLength: 1, maxLength: 6 }),
        (steps) => {
          for (const [at, offsetDays] of steps) {
            jest.setSystemTime(at);
            const date = new Date(at + offsetDays * 86_400_000).toISOString().slice(0, 10);
            const reference = date >= '1900-01-01' && date < new Date().toISOString().slice(0, 10);
            expect(PastCalendarDate.is(date)).toBe(reference);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
