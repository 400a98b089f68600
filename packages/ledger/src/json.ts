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

/**
 * JSON text for a `jsonb` parameter (sent as text and cast in SQL, so both drivers store the same
 * value); a NUL character in a string or a key, which jsonb refuses, is stored as U+FFFD so the body is still recorded.
 */
export const jsonText = (value: unknown): E.Either<StorageFailed, string> =>
  E.tryCatch(
    () => JSON.stringify(value, storable) ?? 'null',
    (e) => storageFailed(`cannot store as JSON: ${String(e)}`),
  );
