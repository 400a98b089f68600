import * as E from 'fp-ts/Either';
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
