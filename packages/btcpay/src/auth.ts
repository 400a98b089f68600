import type { BtcpayConfig } from './config';

/** The auth header of every Greenfield call: `Authorization: token <API key>` (the scheme `token`, not `Bearer`). */
export const authHeaders = (config: BtcpayConfig): Readonly<Record<string, string>> => ({
  Authorization: `token ${config.apiKey.reveal()}`,
});
