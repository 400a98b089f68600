import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { expectRight } from '@invoicekit/testkit';
import {
  LosslessNumber,
  parseJsonLossless,
  reportIssues,
  WireDecimalNumber,
  WireDecimalString,
  WireId,
  WireInteger,
  WireUnixSeconds,
} from '../src/adapter';

const n = (digits: string) => new LosslessNumber(digits);
const messageOf = <A>(result: t.Validation<A>): string | undefined =>
  E.isLeft(result) ? reportIssues(result.left)[0]?.message : undefined;

describe('WireDecimalString', () => {
  it.each([
    ['100.00000000', '100'],
    ['0.034187', '0.034187'],
    ['007', '7'],
  ])('reads %j as %j', (text, expected) => {
    expect(WireDecimalString.decode(text)).toEqual(E.right(expected));
  });

  it.each([
    ['a double dot', '0.106.75000000'],
    ['an exponent', '1.49e-06'],
    ['a sign', '-1'],
    ['an empty string', ''],
    ['a JS number', 100],
    ['a JSON number', n('100')],
    ['null', null],
  ])('fails on %s', (_label, value) => {
    expect(E.isLeft(WireDecimalString.decode(value))).toBe(true);
  });

  it('fails a JSON number with a plain message', () => {
    expect(messageOf(WireDecimalString.decode(n('100')))).toBe('must be a decimal string');
  });

  it('names the field inside a wire shape', () => {
    const Body = t.type({ data: t.type({ amount: WireDecimalString }) });
    const result = Body.decode({ data: { amount: '0.106.75000000' } });
    expect(E.isLeft(result) && reportIssues(result.left)).toEqual([
      {
        path: 'data.amount',
        message: 'must be a decimal number like "12.50" (digits, an optional fraction, no sign or exponent)',
      },
    ]);
  });
});

describe('WireDecimalNumber', () => {
  it.each([
    ['1.49e-06', '0.00000149'],
    ['0.034187', '0.034187'],
    ['12345678.123456789', '12345678.123456789'],
    ['100.00', '100'],
  ])('reads the JSON number %s as %j', (digits, expected) => {
    expect(WireDecimalNumber.decode(n(digits))).toEqual(E.right(expected));
  });

  it('reads a number straight out of a lossless parse', () => {
    const body = expectRight(parseJsonLossless('{"amount": 1.499999996212864e-06}')) as { amount: unknown };
    expect(WireDecimalNumber.decode(body.amount)).toEqual(E.right('0.000001499999996212864'));
  });

  it('also accepts a decimal string', () => {
    expect(WireDecimalNumber.decode('25.10')).toEqual(E.right('25.1'));
  });

  it.each([
    ['a negative number', n('-1')],
    ['a JS number, which was already rounded', 0.1],
    ['a non-numeric string', 'ten'],
    ['null', null],
    ['a huge exponent', n('1e999999999')],
  ])('fails on %s', (_label, value) => {
    expect(E.isLeft(WireDecimalNumber.decode(value))).toBe(true);
  });
});

describe('WireId', () => {
  it.each([
    ['a string', 'INV-89UX09KA', 'INV-89UX09KA'],
    ['a whole JSON number', n('826900'), '826900'],
    ['a large whole number, exactly', n('12345678901234567890'), '12345678901234567890'],
  ])('reads %s', (_label, value, expected) => {
    expect(WireId.decode(value)).toEqual(E.right(expected));
  });

  it.each([
    ['an empty string', ''],
    ['a fractional number', n('1.5')],
    ['a negative number', n('-3')],
    ['null', null],
    ['a boolean', true],
  ])('fails on %s', (_label, value) => {
    expect(messageOf(WireId.decode(value))).toBe('must be a string or whole-number id');
  });
});

describe('WireInteger', () => {
  it.each([
    ['the string "2"', '2', 2],
    ['the JSON number 2', n('2'), 2],
    ['a JS number', 3, 3],
    ['zero', n('0'), 0],
  ])('reads %s', (_label, value, expected) => {
    expect(WireInteger.decode(value)).toEqual(E.right(expected));
  });

  it.each([
    ['a fraction', n('2.5')],
    ['a negative number', '-1'],
    ['an unsafe integer', n('9007199254740993')],
    ['text', 'two'],
    ['an empty string', ''],
    ['null', null],
  ])('fails on %s', (_label, value) => {
    expect(messageOf(WireInteger.decode(value))).toBe('must be a whole number');
  });
});

describe('WireUnixSeconds', () => {
  it('reads seconds as a Date', () => {
    expect(WireUnixSeconds.decode(n('1700000000'))).toEqual(E.right(new Date('2023-11-14T22:13:20.000Z')));
    expect(WireUnixSeconds.decode('0')).toEqual(E.right(new Date(0)));
  });

  it('fails on a non-integer', () => {
    expect(E.isLeft(WireUnixSeconds.decode(n('1700000000.5')))).toBe(true);
  });

  it('fails instead of producing an Invalid Date', () => {
    expect(messageOf(WireUnixSeconds.decode(n('9007199254740991')))).toBe('must be a Unix time in seconds');
  });
});
