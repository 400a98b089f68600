import * as E from 'fp-ts/Either';
import { storageFailed, type StorageFailed } from './errors';
import { storableText } from './text';

const withStorableKeys = (value: object): object =>
  Object.keys(value).some((key) => storableText(key) !== key)
    ? Object.fromEntries(Object.entries(value).map(([key, field]) => [storableText(key), field]))
    : value;

const storable = (_key: string, value: unknown): unknown => {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return storableText(value);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? withStorableKeys(value)
    : value;
};

// In JSON text a NUL is always the escape \u0000, never a raw character; an escaped backslash is
// matched as a pair so that a backslash written before the letters "u0000" is left alone.
const ESCAPED_NUL_OR_BACKSLASH = /\\u0000|\\\\/g;
const replaceNul = (escape: string): string => (escape === '\\\\' ? escape : '\\ufffd');

/** JSON text without a replacer: a NUL (in a string or a key) rewritten as U+FFFD in the text itself. */
const fastText = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'null';
  return text.includes('\\u0000') ? text.replace(ESCAPED_NUL_OR_BACKSLASH, replaceNul) : text;
};

/**
 * JSON text for a `jsonb` parameter (sent as text and cast in SQL, so both drivers store the same
 * value); a NUL character in a string or a key, which jsonb refuses, is stored as U+FFFD so the body
 * is still recorded. A bigint is stored as its digits.
 */
export const jsonText = (value: unknown): E.Either<StorageFailed, string> =>
  E.tryCatch(
    () => {
      try {
        return fastText(value);
      } catch {
        return JSON.stringify(value, storable) ?? 'null';
      }
    },
    (e) => storageFailed(`cannot store as JSON: ${String(e)}`),
  );
