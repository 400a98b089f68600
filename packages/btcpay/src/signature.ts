import { hexDecode, hmacSha256, hmacSha256Hex, timingSafeEqual } from '@invoicekit/core/adapter';

/** The webhook signature header (`BTCPay-Sig`; header names are case-insensitive on the wire). */
export const SIGNATURE_HEADER = 'BTCPay-Sig';

const PREFIX = 'sha256=';
const DIGEST_BYTES = 32;

/** `sha256=` and the lower-case hex HMAC-SHA256 of exactly these bytes, keyed with the UTF-8 of the secret. */
export const signWebhookBody = (body: string | Uint8Array, secret: string | Uint8Array): string =>
  `${PREFIX}${hmacSha256Hex(secret, body)}`;

/**
 * True when `header` is `sha256=<64 hex digits>` and those digits are the HMAC-SHA256 of `body`
 * (hex case ignored), compared in constant time. `body` must be the bytes as received: BTCPay sends
 * indented JSON, so a re-serialised body never matches.
 */
export const signatureMatches = (body: Uint8Array, header: string, secret: string | Uint8Array): boolean => {
  const text = header.trim();
  if (text.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return false;
  const given = hexDecode(text.slice(PREFIX.length));
  return given !== null && given.length === DIGEST_BYTES && timingSafeEqual(hmacSha256(secret, body), given);
};
