import { hash, timingSafeEqual } from 'node:crypto';

/** True for a non-null, non-array object: something whose keys can be read as fields. */
export const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** The string itself when it holds more than white space; otherwise (or when it is not a string) null. */
export const textOrNull = (u: unknown): string | null =>
  typeof u === 'string' && u.trim() !== '' ? u : null;

const digest = (text: string): Buffer => hash('sha256', text, 'buffer');

/** Compares two strings in constant time; both are hashed first, so not even their lengths leak. */
export const constantTimeEquals = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

/** Sets an own enumerable property, even one named `__proto__`, which assignment would take for the prototype. */
export const setOwn = (record: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    record[key] = value;
  }
};
