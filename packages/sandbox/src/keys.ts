import { createHmac, randomInt } from 'node:crypto';

/** Lower-case hexadecimal digits. */
export const HEX = '0123456789abcdef';

/** Where generated keys come from: fresh randomness, or a seed that gives the same keys on every start. */
export interface KeySource {
  /** `length` characters of `alphabet` for the key named `label` (a seeded source gives one text per label). */
  text(label: string, alphabet: string, length: number): string;
}

/** Keys drawn from the system's cryptographic randomness, new on every start. */
export const randomKeys: KeySource = {
  text: (_label, alphabet, length) =>
    Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join(''),
};

/**
 * Keys derived from `seed` with HMAC-SHA256 (the seed keys the MAC, the label and a block counter are
 * the message): the same seed and label always give the same key, different labels unrelated ones.
 */
export const seededKeys = (seed: string): KeySource => ({
  text: (label, alphabet, length) => {
    const bytes: number[] = [];
    for (let block = 0; bytes.length < length; block += 1)
      bytes.push(...createHmac('sha256', seed).update(`${label}\n${block}`).digest());
    return bytes
      .slice(0, length)
      .map((byte) => alphabet[byte % alphabet.length])
      .join('');
  },
});
