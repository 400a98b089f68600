import { primitives } from '#crypto';

/** HMAC-SHA256 of `data` keyed with `key` (32 bytes); a string is taken as its UTF-8. */
export const hmacSha256 = primitives.hmacSha256;

/** HMAC-SHA256 of `data` keyed with `key`, in lower-case hex; a string is taken as its UTF-8. */
export const hmacSha256Hex = primitives.hmacSha256Hex;

/** HMAC-SHA512 of `data` keyed with `key` (64 bytes); a string is taken as its UTF-8. */
export const hmacSha512 = primitives.hmacSha512;

/** HMAC-SHA512 of `data` keyed with `key`, in lower-case hex; a string is taken as its UTF-8. */
export const hmacSha512Hex = primitives.hmacSha512Hex;

/** MD5 of `data` (16 bytes), for providers whose signatures still use it; a string is taken as its UTF-8. */
export const md5 = primitives.md5;

/** MD5 of `data`, in lower-case hex; a string is taken as its UTF-8. */
export const md5Hex = primitives.md5Hex;

/** True when both hold the same bytes, in time that depends only on their length; false for different lengths. */
export const timingSafeEqual = primitives.timingSafeEqual;
