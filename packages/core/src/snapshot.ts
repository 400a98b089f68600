import * as E from 'fp-ts/Either';
import { copyBytes } from './bytes';
import type { Issue } from './errors';
import { setOwn } from './guards';
import { Secret } from './secret';

/** How deeply caller input may nest; deeper input is refused rather than walked. */
export const MAX_INPUT_DEPTH = 32;

class Unreadable {
  constructor(readonly issue: Issue) {}
}

const UNREADABLE = 'could not be read: a getter or proxy threw';

/** The keys from the root to the value being copied; joined into a path only when an issue names it. */
type Path = string[];

const pathText = (path: Path): string => path.join('.');

const unreadableAt = (path: Path, error: unknown): Unreadable =>
  error instanceof Unreadable ? error : new Unreadable({ path: pathText(path), message: UNREADABLE });

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

const copyValue = (value: unknown, path: Path, seen: Set<object>): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  if (path.length > MAX_INPUT_DEPTH) {
    throw new Unreadable({
      path: pathText(path),
      message: `is nested more than ${MAX_INPUT_DEPTH} levels deep`,
    });
  }
  let kind: Kind;
  try {
    kind = kindOf(value);
  } catch (error) {
    throw unreadableAt(path, error);
  }
  if (kind === 'secret') return value;
  if (kind === 'date') return new Date((value as Date).getTime());
  if (kind === 'bytes') return copyBytes(value as ArrayBufferView);
  if (seen.has(value)) throw new Unreadable({ path: pathText(path), message: 'refers to itself' });
  seen.add(value);
  const copy =
    kind === 'array'
      ? copyArray(value as unknown[], path, seen)
      : copyRecord(value as Record<string, unknown>, path, seen);
  seen.delete(value);
  return copy;
};

/** Reads `container[key]` once, with `key` on the path while it is read and copied. */
const copyMember = (container: object, key: string, path: Path, seen: Set<object>): unknown => {
  path.push(key);
  let member: unknown;
  try {
    member = (container as Record<string, unknown>)[key];
  } catch (error) {
    throw unreadableAt(path, error);
  }
  const copy = copyValue(member, path, seen);
  path.pop();
  return copy;
};

const copyArray = (array: unknown[], path: Path, seen: Set<object>): unknown[] => {
  let length: number;
  try {
    length = array.length;
  } catch (error) {
    throw unreadableAt(path, error);
  }
  const copy = new Array<unknown>(length);
  for (let i = 0; i < length; i += 1) copy[i] = copyMember(array, String(i), path, seen);
  return copy;
};

const copyRecord = (
  record: Record<string, unknown>,
  path: Path,
  seen: Set<object>,
): Record<string, unknown> => {
  let keys: string[];
  try {
    keys = Object.keys(record);
  } catch (error) {
    throw unreadableAt(path, error);
  }
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    setOwn(copy, key, copyMember(record, key, path, seen));
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
    return E.right(copyValue(input, [], new Set()));
  } catch (error) {
    return E.left(
      error instanceof Unreadable ? error.issue : { path: '', message: 'could not be read as plain data' },
    );
  }
};
