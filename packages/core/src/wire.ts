import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { compiledAs, NOT_DECODED } from './compiled';
import { type Decimal, decimalFromNumberText, decimalOrNull, NOT_DECIMAL_TEXT } from './decimal';
import { isLosslessNumber } from './json';

/**
 * A wire codec from its reader: `read` gives the value or `NOT_DECODED`, and `why` words the failure.
 * The compiled decoder calls `read` itself, so a value that reads allocates nothing around it.
 */
const wireCodec = <A>(
  name: string,
  is: (u: unknown) => u is A,
  read: (u: unknown) => A | typeof NOT_DECODED,
  why: (u: unknown) => string,
) =>
  compiledAs(
    new t.Type<A, unknown, unknown>(
      name,
      is,
      (u, c) => {
        const value = read(u);
        return value === NOT_DECODED ? t.failure(u, c, why(u)) : t.success(value);
      },
      t.identity,
    ),
    () => read,
  );

const fromEither = <A>(name: string, read: (u: unknown) => E.Either<string, A>, is: (u: unknown) => u is A) =>
  wireCodec(
    name,
    is,
    (u) => {
      const result = read(u);
      return E.isRight(result) ? result.right : NOT_DECODED;
    },
    (u) => {
      const result = read(u);
      return E.isLeft(result) ? result.left : '';
    },
  );

const isString = (u: unknown): u is string => typeof u === 'string';
const isDecimal = (u: unknown): u is Decimal => typeof u === 'string' && /^\d+(\.\d+)?$/.test(u);
const WHOLE = /^\d+$/;

/** Wire money given as a decimal string (`"100.00000000"`); anything else is a failure, never a guess. */
export const WireDecimalString = wireCodec(
  'WireDecimalString',
  isDecimal,
  (u) => (typeof u === 'string' ? (decimalOrNull(u) ?? NOT_DECODED) : NOT_DECODED),
  (u) => (typeof u === 'string' ? NOT_DECIMAL_TEXT : 'must be a decimal string'),
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
export const WireId = wireCodec(
  'WireId',
  isString,
  (u) =>
    typeof u === 'string' && u.length > 0
      ? u
      : isLosslessNumber(u) && WHOLE.test(u.value)
        ? u.value
        : NOT_DECODED,
  () => 'must be a string or whole-number id',
);

const integerText = (u: unknown): string =>
  isLosslessNumber(u) ? u.value : typeof u === 'string' ? u.trim() : typeof u === 'number' ? String(u) : '';

/** A whole number given as a JSON number or digit string (e.g. confirmations `"2"` or `2`). */
export const WireInteger = wireCodec(
  'WireInteger',
  (u): u is number => typeof u === 'number',
  (u) => {
    const text = integerText(u);
    return WHOLE.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : NOT_DECODED;
  },
  () => 'must be a whole number',
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
