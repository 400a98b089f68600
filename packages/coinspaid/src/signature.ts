import { createHmac, timingSafeEqual } from 'node:crypto';

/** Lower-case hex HMAC-SHA512 of exactly these bytes (a string is taken as UTF-8), keyed with the secret key. */
export const signBody = (body: string | Uint8Array, secretKey: string): string =>
  createHmac('sha512', secretKey).update(body).digest('hex');

/** Signs a callback body the way the platform does, for merchants' own webhook tests. */
export const signCallback = (body: string | Buffer, secretKey: string): string => signBody(body, secretKey);

const HEX_SIGNATURE = /^[0-9a-fA-F]{128}$/;

/** True when `given` is the hex signature of `body` (hex case ignored), compared in constant time. */
export const signatureMatches = (body: string | Uint8Array, given: string, secretKey: string): boolean => {
  const hex = given.trim();
  return (
    HEX_SIGNATURE.test(hex) &&
    timingSafeEqual(createHmac('sha512', secretKey).update(body).digest(), Buffer.from(hex, 'hex'))
  );
};
