import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sameText } from '../compare';
import type { OutgoingWebhook } from '../delivery';
import type { CoinspaidKeys } from './settings';

/** The platform's documented 403 body. */
export interface CoinspaidAuthError {
  readonly error: string;
  readonly code:
    'required_header_key' | 'bad_header_key' | 'required_header_signature' | 'bad_header_signature';
}

/** The documented 403 bodies, by code, exactly as docs.cryptoprocessing.com/api-reference/errors gives them. */
export const COINSPAID_AUTH_ERRORS = {
  required_header_key: { error: 'No key header', code: 'required_header_key' },
  bad_header_key: { error: 'Bad key header', code: 'bad_header_key' },
  required_header_signature: { error: 'No signature header', code: 'required_header_signature' },
  bad_header_signature: { error: 'Bad signature header', code: 'bad_header_signature' },
} as const satisfies Record<CoinspaidAuthError['code'], CoinspaidAuthError>;

/** Lower-case hex HMAC-SHA512 of `body` keyed with `secretKey`, as the platform signs. */
export const signCoinspaid = (secretKey: string, body: string | Buffer): string =>
  createHmac('sha512', secretKey).update(body).digest('hex');

/** A callback POST of JSON text, signed as the platform signs: `X-Processing-Key` and `X-Processing-Signature`. */
export const signedCallback = (
  callback: Pick<OutgoingWebhook, 'provider' | 'invoiceId' | 'event' | 'url'>,
  body: string,
  keys: CoinspaidKeys,
): OutgoingWebhook => ({
  ...callback,
  contentType: 'application/json',
  body,
  headers: {
    'X-Processing-Key': keys.apiKey,
    'X-Processing-Signature': signCoinspaid(keys.secretKey, body),
  },
});

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined || first === '' ? undefined : first;
};

/** Checks `X-Processing-Key` and `X-Processing-Signature` over the raw body; the 403 body on failure. */
export const checkCoinspaidAuth = (
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  keys: CoinspaidKeys,
): CoinspaidAuthError | null => {
  const key = header(headers, 'x-processing-key');
  const signature = header(headers, 'x-processing-signature');
  return key === undefined
    ? COINSPAID_AUTH_ERRORS.required_header_key
    : !sameText(key, keys.apiKey)
      ? COINSPAID_AUTH_ERRORS.bad_header_key
      : signature === undefined
        ? COINSPAID_AUTH_ERRORS.required_header_signature
        : !sameText(signature, signCoinspaid(keys.secretKey, rawBody))
          ? COINSPAID_AUTH_ERRORS.bad_header_signature
          : null;
};
