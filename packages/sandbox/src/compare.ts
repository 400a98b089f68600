import { timingSafeEqual } from 'node:crypto';

/** Compares two strings in constant time for equal lengths (the sandbox's own, independent of the code it checks). */
export const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
