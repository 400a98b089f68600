import { sameText } from '../compare';
import type { IncomingHttpHeaders } from 'node:http';

/** An auth failure: HTTP status and CryptoCloud's body for it. */
export interface CryptocloudAuthError {
  readonly status: 401 | 403;
  readonly body: unknown;
}

/** The documented body for a missing or unknown key. */
export const UNAUTHORIZED_BODY = {
  status: 'error',
  result: { authorization: 'Unauthorized request.' },
} as const;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Checks `Authorization: Token <key>`: 401 without it, 403 `{detail}` for a wrong JWT-shaped or malformed key. */
export const checkCryptocloudAuth = (
  headers: IncomingHttpHeaders,
  apiKey: string,
): CryptocloudAuthError | null => {
  const value = headers.authorization ?? '';
  const match = /^Token (.*)$/.exec(value);
  const token = match?.[1]?.trim();
  if (token === undefined || token === '') return { status: 401, body: UNAUTHORIZED_BODY };
  if (sameText(token, apiKey)) return null;
  return JWT_SHAPE.test(token)
    ? { status: 403, body: { detail: 'Signature verification failed' } }
    : { status: 403, body: { detail: 'Invalid header padding' } };
};
