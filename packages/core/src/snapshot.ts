import * as E from 'fp-ts/Either';
import type { Issue } from './errors';
import { Secret } from './secret';

/** How deeply caller input may nest; deeper input is refused rather than walked. */
export const MAX_INPUT_DEPTH = 32;

class Unreadable {
  constructor(readonly issue: Issue) {}
}

const readAt = <A>(path: string, read: () => A): A => {
  try {
    return read();
  } catch (error) {
    if (error instanceof Unreadable) throw error;
    throw new Unreadable({ path, message: 'could not be read: a getter or proxy threw' });
  }
};

const joinPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

const copyBytes = (view: ArrayBufferView): Buffer =>
  Buffer.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));

type Kind = 'secret' | 'date' | 'bytes' | 'array' | 'record';

const kindOf = (value: object): Kind =>
  value instanceof Secret
    ? 'secret'
    : value instanceof Date
      ? 'date'
      : ArrayBuffer.isView(value)
        ? 'bytes'
        : Array.isArray(value)
          ? 'array'
          : 'record';

const copyValue = (value: unknown, path: string, depth: number, seen: Set<object>): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_INPUT_DEPTH) {
    throw new Unreadable({ path, message: `is nested more than ${MAX_INPUT_DEPTH} levels deep` });
  }
  const kind = readAt(path, () => kindOf(value));
  if (kind === 'secret') return value;
  if (kind === 'date') return new Date((value as Date).getTime());
  if (kind === 'bytes') return copyBytes(value as ArrayBufferView);
  if (seen.has(value)) throw new Unreadable({ path, message: 'refers to itself' });
  seen.add(value);
  const copy =
    kind === 'array'
      ? copyArray(value as unknown[], path, depth, seen)
      : copyRecord(value as Record<string, unknown>, path, depth, seen);
  seen.delete(value);
  return copy;
};

const copyArray = (array: unknown[], path: string, depth: number, seen: Set<object>): unknown[] => {
  const length = readAt(path, () => array.length);
  return Array.from({ length }, (_, i) =>
    copyValue(
      readAt(joinPath(path, String(i)), () => array[i]),
      joinPath(path, String(i)),
      depth + 1,
      seen,
    ),
  );
};

const copyRecord = (
  record: Record<string, unknown>,
  path: string,
  depth: number,
  seen: Set<object>,
): Record<string, unknown> => {
  const copy: Record<string, unknown> = {};
  for (const key of readAt(path, () => Object.keys(record))) {
    const keyPath = joinPath(path, key);
    Object.defineProperty(copy, key, {
      value: copyValue(
        readAt(keyPath, () => record[key]),
        keyPath,
        depth + 1,
        seen,
      ),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
};

/**
 * Reads caller input exactly once into plain data: own enumerable keys of objects and arrays,
 * `Date`s and byte arrays copied, `Secret`s kept, a `__proto__` key kept as an ordinary key. A
 * getter or proxy that throws, a cycle or nesting beyond `MAX_INPUT_DEPTH` is an issue, never a throw.
 */
export const snapshotInput = (input: unknown): E.Either<Issue, unknown> => {
  try {
    return E.right(copyValue(input, '', 0, new Set()));
  } catch (error) {
    return E.left(
      error instanceof Unreadable ? error.issue : { path: '', message: 'could not be read as plain data' },
    );
  }
};
