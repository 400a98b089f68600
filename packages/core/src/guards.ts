import { utf8Encode } from './bytes';
import { timingSafeEqual } from './crypto';

/** True for a non-null, non-array object: something whose keys can be read as fields. */
export const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** The string itself when it holds more than white space; otherwise (or when it is not a string) null. */
export const textOrNull = (u: unknown): string | null =>
  typeof u === 'string' && u.trim() !== '' ? u : null;

/**
 * Compares a given string with the expected one (text, or its UTF-8 bytes) in constant time: the work
 * depends only on the expected length, and a given string of another length is compared with the
 * expected itself.
 */
export const constantTimeEquals = (given: string, expected: string | Uint8Array): boolean => {
  const theirs = utf8Encode(given);
  const ours = typeof expected === 'string' ? utf8Encode(expected) : expected;
  const sameLength = theirs.length === ours.length;
  return timingSafeEqual(sameLength ? theirs : ours, ours) && sameLength;
};

/** Sets an own enumerable property, even one named `__proto__`, which assignment would take for the prototype. */
export const setOwn = (record: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    record[key] = value;
  }
};
