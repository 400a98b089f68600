import type { AuthHeaders } from '@invoicekit/core/adapter';
import type { CoinspaidConfig } from './config';
import { signBody } from './signature';

/** The header carrying the merchant's public API key, on requests and callbacks alike. */
export const KEY_HEADER = 'X-Processing-Key';
/** The header carrying the hex HMAC-SHA512 of the exact body bytes, on requests and callbacks alike. */
export const SIGNATURE_HEADER = 'X-Processing-Signature';

/** The auth headers of a request: the API key, and the exact body signed with the secret key. */
export const authHeaders =
  (config: CoinspaidConfig): AuthHeaders =>
  (body) => ({
    [KEY_HEADER]: config.apiKey.reveal(),
    [SIGNATURE_HEADER]: signBody(body, config.secretKey.reveal()),
  });
