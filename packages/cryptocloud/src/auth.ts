import type { Secret } from '@invoicekit/core';

/** The headers of every CryptoCloud call: `Authorization: Token <API KEY>` (not `Bearer`) and JSON. */
export const authHeaders = (apiKey: Secret): Readonly<Record<string, string>> => ({
  Authorization: `Token ${apiKey.reveal()}`,
  'Content-Type': 'application/json',
});
