import Big from 'big.js';
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { expectRight } from '@invoicekit/testkit';
import { compareDecimals, Decimal, owedAfter } from '../src';
import {
  canonicalDecimal,
  decimalFromNumber,
  decimalFromNumberText,
  decimalFromString,
  isPositive,
} from '../src/adapter';

const d = (text: string): Decimal => expectRight(decimalFromString(text));

describe('decimalFromString', () => {
  it.each([
    ['12.50', '12.5'],
    ['007.50', '7.5'],
    ['0', '0'],
    ['000', '0'],
    ['00.5', '0.5'],
    ['100.000', '100'],
    ['0.000', '0'],
    ['149.90000000', '149.9'],
    ['0.00000001', '0.00000001'],
  ])('reads %j as %j', (text, expected) => {
    expect(decimalFromString(text)).toEqual(E.right(expected));
  });

  it.each(['', '1e5', '1E5', ' 1', '1 ', '1.', '.5', '-1', '+1', '0x10', '1.2.3', 'NaN', 'Infinity', '１'])(
    'refuses %j',
    (text) => {
      expect(decimalFromString(text)).toEqual(
        E.left('must be a decimal number like "12.50" (digits, an optional fraction, no sign or exponent)'),
      );
    },
  );
});

describe('decimalFromNumber', () => {
  it.each([
    [0.1, '0.1'],
    [1e-7, '0.0000001'],
    [0, '0'],
    [-0, '0'],
    [12.5, '12.5'],
    [1e21, '1000000000000000000000'],
    [12345678.123456789, '12345678.12345679'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
  ])('converts %p to %j', (value, expected) => {
    expect(decimalFromNumber(value)).toEqual(E.right(expected));
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, -1e-9])(
    'refuses %p',
    (value) => {
      expect(decimalFromNumber(value)).toEqual(E.left('must be a finite, non-negative number'));
    },
  );

  it('maps any finite positive double to a decimal that Number() reads back to the same double', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }), (value) => {
        const decimal = expectRight(decimalFromNumber(value));
        expect(decimal).toMatch(/^\d+(\.\d+)?$/);
        expect(Number(decimal)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('handles the smallest and largest doubles exactly', () => {
    for (const value of [Number.MIN_VALUE, Number.MAX_VALUE, 2 ** -1074, 1.7976931348623157e308]) {
      expect(Number(expectRight(decimalFromNumber(value)))).toBe(value);
    }
  });
});

describe('decimalFromNumberText', () => {
  it.each([
    ['1.49e-06', '0.00000149'],
    ['1.499999996212864e-06', '0.000001499999996212864'],
    ['0.034187', '0.034187'],
    ['12345678.123456789', '12345678.123456789'],
    ['100.00000000', '100'],
    ['1e5', '100000'],
    ['1E+2', '100'],
    ['2.5e1', '25'],
    ['1.50e1', '15'],
    ['1.25e1', '12.5'],
    ['123e-2', '1.23'],
    ['0e10', '0'],
    ['0.0', '0'],
    ['007', '7'],
  ])('reads %j as %j', (text, expected) => {
    expect(decimalFromNumberText(text)).toEqual(E.right(expected));
  });

  it.each(['-1', '-0', '-1e-6', '', 'abc', '1.', '.5', '1e', '0x10', ' 1', 'Infinity'])(
    'refuses %j',
    (text) => {
      expect(decimalFromNumberText(text)).toEqual(E.left('must be a non-negative number'));
    },
  );

  it.each(['1e999999999', '1e-999999999', '1e1001', '5e99999999999999999999'])(
    'refuses the absurd exponent %j without building the digits',
    (text) => {
      expect(decimalFromNumberText(text)).toEqual(
        E.left('must be a number with an exponent of at most 1000'),
      );
    },
  );

  it('agrees with Number() for any double written in exponent form', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), (value) => {
        const decimal = expectRight(decimalFromNumberText(value.toExponential()));
        expect(Number(decimal)).toBe(value);
      }),
    );
  });
});

describe('isPositive and compareDecimals', () => {
  it('tells zero from positive amounts', () => {
    expect(isPositive(d('0.000'))).toBe(false);
    expect(isPositive(d('0.00000001'))).toBe(true);
  });

  it('compares by value, not by text', () => {
    expect(compareDecimals(d('12.5'), d('12.50'))).toBe(0);
    expect(compareDecimals(d('9.99'), d('10'))).toBe(-1);
    expect(compareDecimals(d('0.10000000000000000001'), d('0.1'))).toBe(1);
  });

  it('exposes Decimal as a codec of unsigned, exponent-free text', () => {
    expect(Decimal.is('12.50')).toBe(true);
    expect(Decimal.is('1e5')).toBe(false);
    expect(Decimal.is('-1')).toBe(false);
    expect(E.isLeft(Decimal.decode(12.5))).toBe(true);
  });
});

describe('isPositive (property)', () => {
  it('agrees with big.js on any decimal text', () => {
    const digits = fc.string({
      unit: fc.constantFrom('0', '0', '0', '1', '5', '9'),
      minLength: 1,
      maxLength: 12,
    });
    const decimalText = fc
      .tuple(digits, fc.option(digits, { nil: undefined }))
      .map(([integer, fraction]) => (fraction === undefined ? integer : `${integer}.${fraction}`));
    fc.assert(
      fc.property(decimalText, (text) => {
        expect(isPositive(text as Decimal)).toBe(new Big(text).gt(0));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('canonicalDecimal (property)', () => {
  const byRegex = (text: string): string => {
    const unpadded = text.replace(/^0+(?=\d)/, '');
    return unpadded.includes('.') ? unpadded.replace(/\.?0+$/, '') : unpadded;
  };

  it('strips exactly what the two regular expressions strip, on any text', () => {
    const text = fc.string({ unit: fc.constantFrom('0', '0', '0', '1', '9', '.', 'e', '-'), maxLength: 12 });
    fc.assert(
      fc.property(text, (s) => {
        expect(canonicalDecimal(s)).toBe(byRegex(s));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('owedAfter', () => {
  it.each([
    ['0.0005', '0.0002', '0.0003'],
    ['149.9', '149.9', '0'],
    ['1', '1.5', '0'],
    ['12345678.123456789', '0.000000001', '12345678.123456788'],
  ])('%s asked, %s paid: %s owed', (asked, paid, owed) => {
    expect(owedAfter(asked as Decimal, paid as Decimal)).toBe(owed);
  });
});
