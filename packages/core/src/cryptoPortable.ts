import { hmac } from '@noble/hashes/hmac';
import { md5 } from '@noble/hashes/legacy';
import { sha256, sha512 } from '@noble/hashes/sha2';
import { hexEncode, toBytes, type ByteSource } from './bytes';
import type { CryptoPrimitives } from './cryptoPrimitives';

const hmacWith =
  (hash: typeof sha256) =>
  (key: ByteSource, data: ByteSource): Uint8Array =>
    hmac(hash, toBytes(key), toBytes(data));

const hmacSha256 = hmacWith(sha256);
const hmacSha512 = hmacWith(sha512);
const md5Of = (data: ByteSource): Uint8Array => md5(toBytes(data));

/** The primitives in plain JavaScript (@noble/hashes), for runtimes without node:crypto (workerd, browsers). */
export const primitives: CryptoPrimitives = {
  hmacSha256,
  hmacSha256Hex: (key, data) => hexEncode(hmacSha256(key, data)),
  hmacSha512,
  hmacSha512Hex: (key, data) => hexEncode(hmacSha512(key, data)),
  md5: md5Of,
  md5Hex: (data) => hexEncode(md5Of(data)),
  timingSafeEqual: (a, b) => {
    if (a.byteLength !== b.byteLength) return false;
    let difference = 0;
    for (let i = 0; i < a.byteLength; i += 1) difference |= a[i]! ^ b[i]!;
    return difference === 0;
  },
};
