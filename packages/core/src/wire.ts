import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { compiledAs, NOT_DECODED } from './compiled';
import { type Decimal, decimalFromNumberText, decimalFromString } from './decimal';
import { isLosslessNumber } from './json';

const fromEither = <A>(name: string, read: (u: unknown) => E.Either<string, A>, is: (u: unknown) => u is A) =>
  compiledAs(
    new t.Type<A, unknown, unknown>(
      name,
      is,
      (u, c) => {
        const result = read(u);
        return E.isRight(result) ? t.success(result.right) : t.failure(u, c, result.left);
      },
      t.identity,
    ),
    () => (u) => {
      const result = read(u);
      return E.isRight(result) ? result.right : NOT_DECODED;
    },
  );

const isString = (u: unknown): u is string => typeof u === 'string';
const isDecimal = (u: unknown): u is Decimal => typeof u === 'string' && /^\d+(\.\d+)?$/.test(u);

/** Wire money given as a decimal string (`"100.00000000"`); anything else is a failure, never a guess. */
export const WireDecimalString = fromEither(
  'WireDecimalString',
  (u) => (typeof u === 'string' ? decimalFromString(u) : E.left('must be a decimal string')),
  isDecimal,
);

/** Wire money given as a JSON number (parsed losslessly, exponents allowed) or a decimal string. */
export const WireDecimalNumber = fromEither(
  'WireDecimalNumber',
  (u) =>
    isLosslessNumber(u)
      ? decimalFromNumberText(u.value)
      : typeof u === 'string'
        ? decimalFromNumberText(u)
        : E.left('must be a non-negative number'),
  isDecimal,
);

/** An identifier given as a string or a whole JSON number, read as a string. */
export const WireId = fromEither(
  'WireId',
  (u) =>
    typeof u === 'string' && u.length > 0
      ? E.right(u)
      : isLosslessNumber(u) && /^\d+$/.test(u.value)
        ? E.right(u.value)
        : E.left('must be a string or whole-number id'),
  isString,
);

/** A whole number given as a JSON number or digit string (e.g. confirmations `"2"` or `2`). */
export const WireInteger = fromEither(
  'WireInteger',
  (u) => {
    const text = isLosslessNumber(u)
      ? u.value
      : typeof u === 'string'
        ? u.trim()
        : typeof u === 'number'
          ? String(u)
          : '';
    return /^\d+$/.test(text) && Number.isSafeInteger(Number(text))
      ? E.right(Number(text))
      : E.left('must be a whole number');
  },
  (u): u is number => typeof u === 'number',
);

/** A Unix time in seconds, read as a `Date`. */
export const WireUnixSeconds = new t.Type<Date, unknown, unknown>(
  'WireUnixSeconds',
  (u): u is Date => u instanceof Date,
  (u, c) => {
    const seconds = WireInteger.validate(u, c);
    if (E.isLeft(seconds)) return seconds;
    const date = new Date(seconds.right * 1000);
    return Number.isNaN(date.getTime()) ? t.failure(u, c, 'must be a Unix time in seconds') : t.success(date);
  },
  t.identity,
);
