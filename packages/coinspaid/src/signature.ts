import { createHmac, timingSafeEqual } from 'node:crypto';

/** Lower-case hex HMAC-SHA512 of exactly these bytes (a string is taken as UTF-8), keyed with the secret key. */
export const signBody = (body: string | Uint8Array, secretKey: string): string =>
  createHmac('sha512', secretKey).update(body).digest('hex');

/** Signs a callback body the way the platform does, for merchants' own webhook tests. */
export const signCallback = (body: string | Buffer, secretKey: string): string => signBody(body, secretKey);

const SIGNATURE_BYTES = 64;

/** True when `given` is the hex signature of `body` (hex case ignored), compared in constant time; the key as text or its UTF-8 bytes. */
export const signatureMatches = (
  body: string | Uint8Array,
  given: string,
  secretKey: string | Uint8Array,
): boolean => {
  const hex = given.trim();
  // Hex decoding stops at the first pair that is not hex, so only a 128-digit hex text decodes to 64 bytes.
  const decoded = Buffer.from(hex, 'hex');
  return (
    hex.length === 2 * SIGNATURE_BYTES &&
    decoded.length === SIGNATURE_BYTES &&
    timingSafeEqual(createHmac('sha512', secretKey).update(body).digest(), decoded)
  );
};
