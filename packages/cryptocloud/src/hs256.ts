import { base64urlDecode, hmacSha256, isRecord, timingSafeEqual, utf8Decode } from '@invoicekit/core/adapter';

const algorithmOf = (header: string): unknown => {
  const bytes = base64urlDecode(header);
  if (bytes === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(utf8Decode(bytes));
    return isRecord(parsed) ? parsed.alg : undefined;
  } catch {
    return undefined;
  }
};

/** Why a token signed with another key is refused, naming the key to check. */
export const WRONG_KEY_REASON =
  'the token signature does not match the secret key: check secretKey (INVOICEKIT_SECRET_KEY), the SECRET KEY of the CryptoCloud project that sends these postbacks';

/**
 * Why `token` is not an HS256 JWS signed with `key`, from one HMAC over its signing input compared in
 * constant time, or null when the signature matches (jose then verifies it in full): the cheapest
 * authenticity check, so a forged token costs one HMAC, not a full verification.
 */
export const hs256Refusal =
  (key: Uint8Array) =>
  (token: string): string | null => {
    const segments = token.split('.');
    if (segments.length !== 3) return 'the token is not a valid JWS';
    const [header, payload, signature] = segments as [string, string, string];
    const given = base64urlDecode(signature);
    if (given !== null && timingSafeEqual(hmacSha256(key, `${header}.${payload}`), given)) return null;
    const alg = algorithmOf(header);
    return alg === undefined
      ? 'the token is not a valid JWS'
      : alg === 'HS256'
        ? WRONG_KEY_REASON
        : 'the token is not signed with HS256';
  };
