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

const ZERO = 0x30;
const NINE = 0x39;
const POINT = 0x2e;

/** True when the character at `i` is an ASCII digit. */
export const isDigitAt = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c >= ZERO && c <= NINE;
};

/**
 * The canonical text of decimal text: no leading zeros, no trailing fraction zeros, no bare point
 * (`"0149.90000000"` → `"149.9"`), so equal amounts compare equal as strings. Leading zeros go where
 * a digit follows them (`/^0+(?=\d)/`); with a point in the text, trailing zeros go, and the point
 * before them (`/\.?0+$/`).
 */
export const canonicalDecimal = (text: string): Decimal => {
  let start = 0;
  while (start < text.length - 1 && text.charCodeAt(start) === ZERO && isDigitAt(text, start + 1)) start += 1;
  let end = text.length;
  if (text.indexOf('.', start) !== -1) {
    while (end > start && text.charCodeAt(end - 1) === ZERO) end -= 1;
    if (end < text.length && end > start && text.charCodeAt(end - 1) === POINT) end -= 1;
  }
  return (start === 0 && end === text.length ? text : text.slice(start, end)) as Decimal;
};

/** What `decimalFromString` says of text that is not a decimal. */
export const NOT_DECIMAL_TEXT =
  'must be a decimal number like "12.50" (digits, an optional fraction, no sign or exponent)';

/** Decimal text (digits and an optional fraction) as a canonical `Decimal`, or null for any other text. */
export const decimalOrNull = (text: string): Decimal | null =>
  DECIMAL_PATTERN.test(text) ? canonicalDecimal(text) : null;

/** Reads decimal text (digits and an optional fraction) as a canonical `Decimal`. */
export const decimalFromString = (text: string): E.Either<string, Decimal> => {
  const decimal = decimalOrNull(text);
  return decimal === null ? E.left(NOT_DECIMAL_TEXT) : E.right(decimal);
};

/** How many digits a decimal has after its point (`"0.30000000000000004"` → 17). */
export const fractionDigits = (d: Decimal): number => {
  const point = d.indexOf('.');
  return point === -1 ? 0 : d.length - point - 1;
};

/** Converts a finite non-negative JS number to the decimal of its shortest round-trip text (`1e-7` → `"0.0000001"`). */
export const decimalFromNumber = (value: number): E.Either<string, Decimal> =>
  Number.isFinite(value) && value >= 0
    ? E.right(canonicalDecimal(new Big(value).toFixed()))
    : E.left('must be a finite, non-negative number');

const NUMBER_TEXT = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
/** The largest decimal exponent read from number text (`1e1000`); larger ones are refused, never expanded. */
export const MAX_DECIMAL_EXPONENT = 1000;

const shiftPoint = (integer: string, fraction: string, exponent: number): string => {
  const digits = integer + fraction;
  const point = integer.length + exponent;
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
};

/**
 * Converts JSON number text, exponent notation included (`1.49e-06`), to its exact canonical
 * decimal (`100.00000000` → `"100"`); exponents beyond ±1000 are refused.
 */
export const decimalFromNumberText = (text: string): E.Either<string, Decimal> => {
  const match = NUMBER_TEXT.exec(text);
  if (match === null) return E.left('must be a non-negative number');
  const exponent = Number(match[3] ?? '0');
  return Math.abs(exponent) <= MAX_DECIMAL_EXPONENT
    ? E.right(canonicalDecimal(shiftPoint(match[1]!, match[2] ?? '', exponent)))
    : E.left(`must be a number with an exponent of at most ${MAX_DECIMAL_EXPONENT}`);
};

/** True when the decimal is greater than zero: when any of its digits is not zero. */
export const isPositive = (d: Decimal): boolean => /[1-9]/.test(d);

/** Compares two decimals: -1, 0 or 1. */
export const compareDecimals = (a: Decimal, b: Decimal): -1 | 0 | 1 => new Big(a).cmp(new Big(b));

/** What is still owed of `asked` once `paid` arrived, exactly: `asked − paid`, or zero when paid covers it. */
export const owedAfter = (asked: Decimal, paid: Decimal): Decimal => {
  const owed = new Big(asked).minus(new Big(paid));
  return owed.lte(0) ? ('0' as Decimal) : canonicalDecimal(owed.toFixed());
};
