import type { IncomingHttpHeaders } from 'node:http';
import { sameText } from '../compare';

/** An auth failure: HTTP status and BTCPay's `ProblemDetails` body for it. */
export interface BtcpayAuthError {
  readonly status: 401 | 403;
  readonly body: { readonly code: string; readonly message: string; readonly missingPermission?: string };
}

/** The body BTCPay answers without a valid key (btcpayserver-doc docs/VirtueMart.md shows it verbatim). */
export const UNAUTHENTICATED = {
  code: 'unauthenticated',
  message: 'Authentication is required for accessing this endpoint',
} as const;

/** GreenfieldPermissionAPIError: the key works but not for this store or operation. */
export const missingPermission = (permission: string): BtcpayAuthError['body'] => ({
  missingPermission: permission,
  code: 'missing-permission',
  message: `Insufficient API Permissions. Please use an API key with permission "${permission}". You can create an API key in your account's settings / Api Keys.`,
});

/**
 * Checks `Authorization: token <key>` and that the path's store is the key's store: 401
 * `unauthenticated` without a valid key, 403 `missing-permission` for another store.
 */
export const checkBtcpayAuth = (
  headers: IncomingHttpHeaders,
  keys: { readonly apiKey: string; readonly shopId: string },
  storeId: string | null,
  permission: string,
): BtcpayAuthError | null => {
  const match = /^token\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (match?.[1] === undefined || !sameText(match[1], keys.apiKey)) {
    return { status: 401, body: UNAUTHENTICATED };
  }
  return storeId === null || storeId === keys.shopId
    ? null
    : { status: 403, body: missingPermission(`${permission}:${storeId}`) };
};
