import type { NowpaymentsConfig } from './config';

/** The header that carries the API key on every NOWPayments call. */
export const API_KEY_HEADER = 'x-api-key';

/** The headers of every call: the API key, and the JWT where one was obtained (the payment list requires it). */
export const authHeaders =
  (config: NowpaymentsConfig) =>
  (token: string | null): Readonly<Record<string, string>> =>
    token === null
      ? { [API_KEY_HEADER]: config.apiKey.reveal() }
      : { [API_KEY_HEADER]: config.apiKey.reveal(), Authorization: `Bearer ${token}` };
