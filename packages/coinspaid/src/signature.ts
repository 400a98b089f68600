import { hexDecode, hmacSha512, hmacSha512Hex, timingSafeEqual } from '@invoicekit/core/adapter';

/** Lower-case hex HMAC-SHA512 of exactly these bytes (a string is taken as UTF-8), keyed with the secret key. */
export const signBody = (body: string | Uint8Array, secretKey: string): string =>
  hmacSha512Hex(secretKey, body);

/** Signs a callback body the way the platform does, for merchants' own webhook tests. */
export const signCallback = (body: string | Uint8Array, secretKey: string): string =>
  signBody(body, secretKey);

const SIGNATURE_BYTES = 64;

/** True when `given` is the hex signature of `body` (hex case ignored), compared in constant time; the key as text or its UTF-8 bytes. */
export const signatureMatches = (
  body: string | Uint8Array,
  given: string,
  secretKey: string | Uint8Array,
): boolean => {
  const decoded = hexDecode(given.trim());
  return (
    decoded !== null &&
    decoded.length === SIGNATURE_BYTES &&
    timingSafeEqual(hmacSha512(secretKey, body), decoded)
  );
};
