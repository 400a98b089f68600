import * as E from 'fp-ts/Either';
import { isLosslessNumber, LosslessNumber, parse, stringify } from 'lossless-json';
import type { Decimal } from './decimal';

export { isLosslessNumber, LosslessNumber };

/** Parses JSON text keeping every number as its exact digits (a `LosslessNumber`). */
export const parseJsonLossless = (text: string): E.Either<string, unknown> =>
  E.tryCatch(
    () => parse(text),
    (e) => (e instanceof Error ? e.message : 'invalid JSON'),
  );

/** Serializes a wire body once; `LosslessNumber` values are written as their exact digits. */
export const stringifyJson = (value: unknown): string => stringify(value) ?? 'null';

/** Marks a decimal to be written as a JSON number with exactly these digits (leading zeros dropped). */
export const wireNumber = (amount: Decimal): LosslessNumber =>
  new LosslessNumber(amount.replace(/^0+(?=\d)/, ''));

/** Replaces every `LosslessNumber` in a parsed value with its digit text, for logs and `raw`. */
export const plainJson = (value: unknown): unknown =>
  isLosslessNumber(value)
    ? value.toString()
    : Array.isArray(value)
      ? value.map(plainJson)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainJson(v)]))
        : value;
