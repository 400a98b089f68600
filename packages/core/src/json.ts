import * as E from 'fp-ts/Either';
import {
  isLosslessNumber as isLosslessNumberOfAnyCopy,
  LosslessNumber,
  parse,
  stringify,
} from 'lossless-json';
import type { Decimal } from './decimal';
import { setOwn } from './guards';
import { parseNatively, scanJson } from './nativeParse';

export { LosslessNumber };

/** True for a `LosslessNumber`, also one made by another copy of lossless-json. */
export const isLosslessNumber = (value: unknown): value is LosslessNumber =>
  value instanceof LosslessNumber || isLosslessNumberOfAnyCopy(value);

/** The deepest nesting of objects and arrays accepted in a provider body; providers send a few levels. */
export const MAX_JSON_DEPTH = 64;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : 'invalid JSON');

/**
 * Parses JSON text keeping every number as its exact digits (a `LosslessNumber`). Text nesting
 * deeper than `MAX_JSON_DEPTH` or holding a `__proto__` member is refused before parsing, so no
 * parsed object can take a prototype from the text and no later walk can exhaust the stack.
 * Native `JSON.parse` reads the text and one scan puts back each number's own digits; lossless-json
 * parses what that cannot read exactly (repeated keys, member names of digits, invalid text).
 */
export const parseJsonLossless = (text: string): E.Either<string, unknown> => {
  const scan = scanJson(text, MAX_JSON_DEPTH);
  if (scan.depth > MAX_JSON_DEPTH) return E.left(`it nests deeper than ${MAX_JSON_DEPTH} levels`);
  if (scan.protoKey) return E.left('it has a member named "__proto__"');
  const native = parseNatively(text, scan);
  if (native !== undefined) return E.right(native);
  try {
    return E.right(parse(text));
  } catch (e) {
    return E.left(messageOf(e));
  }
};

const MAX_NATIVE_DEPTH = 64;
const NOT_NATIVE: unique symbol = Symbol('NOT_NATIVE');

/**
 * The value with each `LosslessNumber` whose digits a double writes back unchanged (`149.9`, not
 * `0.00000001`) replaced by that double, copying only what changes; `NOT_NATIVE` where native
 * `JSON.stringify` could write something else than lossless-json: other `LosslessNumber`s, bigints,
 * `toJSON` methods (lossless-json calls them without a key), or nesting too deep to walk.
 */
const nativeForm = (value: unknown, depth: number): unknown => {
  if (typeof value === 'bigint') return NOT_NATIVE;
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_NATIVE_DEPTH) return NOT_NATIVE;
  if (isLosslessNumber(value)) {
    const double = Number(value.value);
    return String(double) === value.value ? double : NOT_NATIVE;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return NOT_NATIVE;
  if (Array.isArray(value)) {
    let copy: unknown[] = value;
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      const native = nativeForm(item, depth + 1);
      if (native === NOT_NATIVE) return NOT_NATIVE;
      if (native !== item) {
        if (copy === value) copy = value.slice();
        copy[i] = native;
      }
    }
    return copy;
  }
  const record = value as Record<string, unknown>;
  let copy = record;
  for (const key of Object.keys(record)) {
    const member = record[key];
    const native = nativeForm(member, depth + 1);
    if (native === NOT_NATIVE) return NOT_NATIVE;
    if (native !== member) {
      if (copy === record) copy = { ...record };
      setOwn(copy, key, native);
    }
  }
  return copy;
};

/**
 * Serializes a wire body once; `LosslessNumber` values are written as their exact digits. Native
 * `JSON.stringify` writes bodies whose numbers a double keeps exactly; lossless-json writes the rest.
 */
export const stringifyJson = (value: unknown): string => {
  const native = nativeForm(value, 0);
  return (native === NOT_NATIVE ? stringify(value) : JSON.stringify(native)) ?? 'null';
};

/** Marks a decimal to be written as a JSON number with exactly these digits (leading zeros dropped). */
export const wireNumber = (amount: Decimal): LosslessNumber =>
  new LosslessNumber(amount.replace(/^0+(?=\d)/, ''));

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Replaces every `LosslessNumber` in a parsed value with its digit text, for logs and `raw`; objects
 * and arrays holding none are shared, not copied.
 */
export const plainJson = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let plain: unknown[] = value;
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      const text = plainJson(item);
      if (text !== item) {
        if (plain === value) plain = value.slice();
        plain[i] = text;
      }
    }
    return plain;
  }
  if (isLosslessNumber(value)) return value.toString();
  const record = value as Record<string, unknown>;
  let plain = record;
  // for-in with an own-key check walks the keys Object.keys lists, in its order, without building the list.
  for (const key in record) {
    if (!hasOwn.call(record, key)) continue;
    const member = record[key];
    if (member === null || typeof member !== 'object') continue;
    const text = plainJson(member);
    if (text !== member) {
      if (plain === record) plain = { ...record };
      setOwn(plain, key, text);
    }
  }
  return plain;
};

/**
 * `plainJson` of a parsed value that only its caller holds (as `parseJsonLossless` returns it): each
 * `LosslessNumber` is replaced by its digit text where it stands, so nothing is copied.
 */
export const plainJsonInPlace = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object') return value;
  if (isLosslessNumber(value)) return value.toString();
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') value[i] = plainJsonInPlace(item);
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!hasOwn.call(record, key)) continue;
    const member = record[key];
    if (member === null || typeof member !== 'object') continue;
    const plain = plainJsonInPlace(member);
    if (plain !== member) setOwn(record, key, plain);
  }
  return value;
};
