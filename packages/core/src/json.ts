import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { isLosslessNumber, LosslessNumber, parse, stringify } from 'lossless-json';
import type { Decimal } from './decimal';
import { scanJson } from './nativeParse';

export { isLosslessNumber, LosslessNumber };

/** The deepest nesting of objects and arrays accepted in a provider body; providers send a few levels. */
export const MAX_JSON_DEPTH = 64;

const wrapNumbers = (value: unknown): unknown => {
  if (typeof value === 'number') return new LosslessNumber(String(value));
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = wrapNumbers(record[key]);
  }
  return value;
};

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : 'invalid JSON');

const parseWithLosslessJson = (text: string): E.Either<string, unknown> =>
  E.tryCatch(() => parse(text), messageOf);

/**
 * Parses JSON text keeping every number as its exact digits (a `LosslessNumber`). Text nesting
 * deeper than `MAX_JSON_DEPTH` or holding a `__proto__` member is refused before parsing, so no
 * parsed object can take a prototype from the text and no later walk can exhaust the stack.
 * Native `JSON.parse` serves texts it reads exactly (see `nativeParseIsExact`); lossless-json parses the rest.
 */
export const parseJsonLossless = (text: string): E.Either<string, unknown> => {
  const scan = scanJson(text);
  if (scan.depth > MAX_JSON_DEPTH) return E.left(`it nests deeper than ${MAX_JSON_DEPTH} levels`);
  if (scan.protoKey) return E.left('it has a member named "__proto__"');
  return scan.nativeExact
    ? pipe(
        E.tryCatch(() => wrapNumbers(JSON.parse(text)), messageOf),
        E.orElse(() => parseWithLosslessJson(text)),
      )
    : parseWithLosslessJson(text);
};

/** Serializes a wire body once; `LosslessNumber` values are written as their exact digits. */
export const stringifyJson = (value: unknown): string => stringify(value) ?? 'null';

/** Marks a decimal to be written as a JSON number with exactly these digits (leading zeros dropped). */
export const wireNumber = (amount: Decimal): LosslessNumber =>
  new LosslessNumber(amount.replace(/^0+(?=\d)/, ''));

/** Replaces every `LosslessNumber` in a parsed value with its digit text, for logs and `raw`. */
export const plainJson = (value: unknown): unknown => {
  if (isLosslessNumber(value)) return value.toString();
  if (Array.isArray(value)) return value.map(plainJson);
  if (value === null || typeof value !== 'object') return value;
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(value)) plain[key] = plainJson((value as Record<string, unknown>)[key]);
  return plain;
};
