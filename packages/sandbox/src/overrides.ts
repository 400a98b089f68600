import * as E from 'fp-ts/Either';
import { isLosslessNumber, LosslessNumber } from 'lossless-json';
import { isRecord } from './validation';

type Json = unknown;

const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

const parsed = (text: string): Json => {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
};

/** A given value read in the type of the value it replaces: `"0.5"` stays text over text, becomes a number over a number. */
export const coerce = (given: Json, current: Json): E.Either<string, Json> => {
  if (typeof given !== 'string' || typeof current === 'string') return E.right(given);
  if (isLosslessNumber(current) || typeof current === 'number')
    return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(given.trim())
      ? E.right(isLosslessNumber(current) ? new LosslessNumber(given.trim()) : Number(given))
      : E.left(`${JSON.stringify(given)} is not a number`);
  if (typeof current === 'boolean')
    return given === 'true' || given === 'false'
      ? E.right(given === 'true')
      : E.left(`${JSON.stringify(given)} is not true or false`);
  return E.right(parsed(given));
};

const setPath = (
  node: Json,
  keys: ReadonlyArray<string>,
  given: Json,
  path: string,
): E.Either<string, Json> => {
  const [key, ...rest] = keys;
  if (key === undefined) return coerce(given, node);
  if (UNSAFE_KEYS.has(key)) return E.left(`${path}: ${key} may not be set`);
  if (Array.isArray(node)) {
    const index = Number(key);
    if (!/^\d+$/.test(key) || index > node.length)
      return E.left(`${path}: ${key} is not an index of a list of ${node.length}`);
    return E.map((value: Json) =>
      node.map((item: Json, i) => (i === index ? value : item)).concat(index === node.length ? [value] : []),
    )(setPath(node[index], rest, given, path));
  }
  if (isRecord(node) || node === undefined || node === null)
    return E.map((value: Json) => ({ ...(isRecord(node) ? node : {}), [key]: value }))(
      setPath(isRecord(node) ? node[key] : undefined, rest, given, path),
    );
  return E.left(`${path}: ${key} is inside a value that is not an object`);
};

/** `body` with each dotted path of `set` replaced (or added), or what is wrong with the first path that fails. */
export const applyOverrides = (
  body: Readonly<Record<string, unknown>>,
  set: Readonly<Record<string, unknown>>,
): E.Either<string, Readonly<Record<string, unknown>>> =>
  Object.entries(set).reduce<E.Either<string, Readonly<Record<string, unknown>>>>(
    (acc, [path, given]) =>
      E.flatMap((current: Readonly<Record<string, unknown>>) =>
        path.trim() === ''
          ? E.left('an override needs a field path')
          : (setPath(current, path.split('.'), given, path) as E.Either<
              string,
              Readonly<Record<string, unknown>>
            >),
      )(acc),
    E.right(body),
  );

/** Reads `path=value` (the CLI's `--set`), or explains what is wrong with it. */
export const readOverride = (text: string): E.Either<string, readonly [string, string]> => {
  const at = text.indexOf('=');
  return at <= 0
    ? E.left(`--set ${JSON.stringify(text)}: write path=value, e.g. --set status=paid`)
    : E.right([text.slice(0, at), text.slice(at + 1)] as const);
};
