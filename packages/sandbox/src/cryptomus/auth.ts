import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sameText } from '../compare';
import type { OutgoingWebhook } from '../delivery';
import { phpEncode } from './php';
import type { CryptomusKeys } from './settings';

/** `md5(base64_encode($body) . $apiKey)`, lower-case hex, as both providers document. */
export const cryptomusSign = (body: string | Buffer, apiKey: string): string =>
  createHash('md5')
    .update(`${Buffer.from(body).toString('base64')}${apiKey}`)
    .digest('hex');

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined || first === '' ? undefined : first;
};

// The docs sign a parameterless call over '' (request-format page), yet Cryptomus' own curl example sends
// `{}` with that same signature and its PHP SDK sends and signs `[]`: every documented form is accepted.
const EMPTY_FORMS: ReadonlySet<string> = new Set(['', '{}', '[]']);

/** The bodies a signature may cover for this raw body: the body itself, and `''` for an empty form. */
const signedForms = (body: Buffer): ReadonlyArray<string | Buffer> =>
  EMPTY_FORMS.has(body.toString('utf8').trim()) ? [body, ''] : [body];

/** Why a request was not authenticated, or null when `merchant` and `sign` check out. */
export const checkCryptomusAuth = (
  headers: IncomingHttpHeaders,
  body: Buffer,
  keys: CryptomusKeys,
): string | null => {
  const merchant = header(headers, 'merchant');
  const sign = header(headers, 'sign');
  if (merchant === undefined || !sameText(merchant, keys.shopId)) return 'merchant';
  if (sign === undefined) return 'sign';
  return signedForms(body).some((form) => sameText(sign.toLowerCase(), cryptomusSign(form, keys.apiKey)))
    ? null
    : 'sign';
};

/** A webhook POST as the providers' PHP servers send it: the fields PHP-encoded, `sign` appended last. */
export const signedWebhook = (
  webhook: Pick<OutgoingWebhook, 'provider' | 'invoiceId' | 'event' | 'url'>,
  fields: Readonly<Record<string, unknown>>,
  apiKey: string,
): OutgoingWebhook => {
  const unsigned = phpEncode(fields);
  const body = `${unsigned.slice(0, -1)},"sign":"${cryptomusSign(unsigned, apiKey)}"}`;
  return { ...webhook, contentType: 'application/json', body, headers: {} };
};
