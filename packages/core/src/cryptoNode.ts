import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ByteSource } from './bytes';
import type { CryptoPrimitives } from './cryptoPrimitives';

const hmac =
  (algorithm: 'sha256' | 'sha512') =>
  (key: ByteSource, data: ByteSource): Uint8Array =>
    createHmac(algorithm, key).update(data).digest();

// digest('hex') answers the text natively, without a Buffer that hexEncode would read again.
const hmacHex =
  (algorithm: 'sha256' | 'sha512') =>
  (key: ByteSource, data: ByteSource): string =>
    createHmac(algorithm, key).update(data).digest('hex');

/** The primitives on node:crypto, for runtimes that have it (Node, Bun, Deno: the `node` condition). */
export const primitives: CryptoPrimitives = {
  hmacSha256: hmac('sha256'),
  hmacSha256Hex: hmacHex('sha256'),
  hmacSha512: hmac('sha512'),
  hmacSha512Hex: hmacHex('sha512'),
  md5: (data) => createHash('md5').update(data).digest(),
  md5Hex: (data) => createHash('md5').update(data).digest('hex'),
  timingSafeEqual: (a, b) => a.byteLength === b.byteLength && timingSafeEqual(a, b),
};
