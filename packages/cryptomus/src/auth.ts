import type { AuthHeaders } from '@invoicekit/core/adapter';
import type { CryptomusConfig } from './config';
import { signBody } from './signature';

/** The header naming the merchant by its uuid. */
export const MERCHANT_HEADER = 'merchant';
/** The header carrying `md5(base64(body) + payment API key)` of the exact body sent. */
export const SIGN_HEADER = 'sign';

/** The auth headers of a request: the merchant's uuid, and the exact body signed with the payment API key. */
export const authHeaders =
  (config: CryptomusConfig): AuthHeaders =>
  (body) => ({
    [MERCHANT_HEADER]: config.shopId,
    [SIGN_HEADER]: signBody(body, config.apiKey.reveal()),
  });
