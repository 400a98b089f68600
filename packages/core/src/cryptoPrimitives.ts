import type { ByteSource } from './bytes';

/** The hashes and the comparison webhook signatures need, implemented once per kind of runtime. */
export interface CryptoPrimitives {
  /** HMAC-SHA256 of `data` keyed with `key` (32 bytes). */
  readonly hmacSha256: (key: ByteSource, data: ByteSource) => Uint8Array;
  /** HMAC-SHA256 of `data` keyed with `key`, in lower-case hex. */
  readonly hmacSha256Hex: (key: ByteSource, data: ByteSource) => string;
  /** HMAC-SHA512 of `data` keyed with `key` (64 bytes). */
  readonly hmacSha512: (key: ByteSource, data: ByteSource) => Uint8Array;
  /** HMAC-SHA512 of `data` keyed with `key`, in lower-case hex. */
  readonly hmacSha512Hex: (key: ByteSource, data: ByteSource) => string;
  /** MD5 of `data` (16 bytes), for providers whose signatures still use it. */
  readonly md5: (data: ByteSource) => Uint8Array;
  /** MD5 of `data`, in lower-case hex. */
  readonly md5Hex: (data: ByteSource) => string;
  /** True when both hold the same bytes, in time that depends only on their length; false for different lengths. */
  readonly timingSafeEqual: (a: Uint8Array, b: Uint8Array) => boolean;
}
