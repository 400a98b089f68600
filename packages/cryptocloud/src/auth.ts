import type { AuthHeaders } from '@invoicekit/core/adapter';
import type { CryptocloudConfig } from './config';

/** The auth header of every CryptoCloud call: `Authorization: Token <API KEY>` (not `Bearer`), whatever the body. */
export const authHeaders =
  (config: CryptocloudConfig): AuthHeaders =>
  () => ({ Authorization: `Token ${config.apiKey.reveal()}` });
