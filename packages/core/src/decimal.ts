import Big from 'big.js';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';

/** Brand of a canonical decimal string: digits, optionally a fraction, no sign, no exponent. */
export interface DecimalBrand {
  readonly Decimal: unique symbol;
}

const DECIMAL_PATTERN = /^\d+(\.\d+)?$/;

/** A non-negative decimal amount as text (`"100.50"`, `"0.00000001"`), never a float. */
export const Decimal = t.brand(
  t.string,
  (s): s is t.Branded<string, DecimalBrand> => DECIMAL_PATTERN.test(s),
  'Decimal',
);
/** A non-negative decimal amount as text. */
export type Decimal = t.TypeOf<typeof Decimal>;

const stripLeadingZeros = (digits: string): string => digits.replace(/^0+(?=\d)/, '');

/** Reads decimal text (digits and an optional fraction, leading zeros dropped, trailing zeros kept). */
export const decimalFromString = (text: string): E.Either<string, Decimal> =>
  DECIMAL_PATTERN.test(text)
    ? E.right(stripLeadingZeros(text) as Decimal)
    : E.left('must be a decimal number like "12.50" (digits, an optional fraction, no sign or exponent)');

/** Converts a finite non-negative JS number to its shortest exact decimal text (`1e-7` → `"0.0000001"`). */
export const decimalFromNumber = (value: number): E.Either<string, Decimal> =>
  Number.isFinite(value) && value >= 0
    ? E.right(new Big(value).toFixed() as Decimal)
    : E.left('must be a finite, non-negative number');

const NUMBER_TEXT = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const MAX_EXPONENT = 1000;

const shiftPoint = (integer: string, fraction: string, exponent: number): string => {
  const digits = integer + fraction;
  const point = integer.length + exponent;
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return stripLeadingZeros(digits + '0'.repeat(point - digits.length));
  return `${stripLeadingZeros(digits.slice(0, point))}.${digits.slice(point)}`;
};

/**
 * Converts JSON number text, exponent notation included (`1.49e-06`), to exact decimal text with
 * every significant digit kept (`100.00000000` stays as it is); exponents beyond ±1000 are refused.
 */
export const decimalFromNumberText = (text: string): E.Either<string, Decimal> => {
  const match = NUMBER_TEXT.exec(text);
  if (match === null) return E.left('must be a non-negative number');
  const exponent = Number(match[3] ?? '0');
  return Math.abs(exponent) <= MAX_EXPONENT
    ? E.right(shiftPoint(match[1]!, match[2] ?? '', exponent) as Decimal)
    : E.left(`must be a number with an exponent of at most ${MAX_EXPONENT}`);
};

/** True when the decimal is greater than zero. */
export const isPositive = (d: Decimal): boolean => new Big(d).gt(0);

/** Compares two decimals: -1, 0 or 1. */
export const compareDecimals = (a: Decimal, b: Decimal): -1 | 0 | 1 => new Big(a).cmp(new Big(b));
