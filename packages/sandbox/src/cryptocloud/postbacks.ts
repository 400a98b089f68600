import { isLosslessNumber } from 'lossless-json';
import type { OutgoingWebhook } from '../delivery';
import { writeJson } from '../json';
import { signHs256 } from '../jwt';
import type { CryptocloudPostbackFormat, CryptocloudTokenId } from './settings';
import { pythonFloat } from './float';
import { cryptocloudInfoObject, type CryptocloudInvoice } from './invoice';

/** Lifetime of a postback token, as documented (docs.cryptocloud.plus/en/api-reference-v2/postback). */
export const POSTBACK_TOKEN_SECONDS = 300;

const tokenId = (inv: CryptocloudInvoice, form: CryptocloudTokenId): string | number =>
  form === 'numeric' ? inv.serial : form === 'prefixed' ? inv.uuid : inv.code;

/** The postback token: HS256 JWT `{id, exp: now + 300}` signed with the project secret key, `id` in the chosen form. */
export const postbackToken = (
  inv: CryptocloudInvoice,
  form: CryptocloudTokenId,
  secretKey: string,
  nowMs: number,
): string =>
  signHs256({ id: tokenId(inv, form), exp: Math.floor(nowMs / 1000) + POSTBACK_TOKEN_SECONDS }, secretKey);

/** How the sandbox sends CryptoCloud postbacks. */
export interface PostbackSettings {
  readonly secretKey: string;
  readonly url: string;
  readonly format: CryptocloudPostbackFormat;
  readonly tokenId: CryptocloudTokenId;
}

/** The postback's fields for the invoice's current state, before they are encoded as JSON or a form. */
export const cryptocloudPostbackFields = (
  inv: CryptocloudInvoice,
  settings: PostbackSettings,
  nowMs: number,
): Readonly<Record<string, unknown>> => ({
  status: 'success',
  invoice_id: inv.code,
  amount_crypto: pythonFloat(inv.paid),
  currency: inv.currency,
  order_id: inv.request.orderId,
  token: postbackToken(inv, settings.tokenId, settings.secretKey, nowMs),
  invoice_info: cryptocloudInfoObject(inv),
});

const formValue = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'string'
      ? value
      : isLosslessNumber(value) || typeof value !== 'object'
        ? String(value)
        : writeJson(value);

/** The postback POST of `fields`: JSON, or an urlencoded form with objects (`invoice_info`) as JSON text. */
export const encodePostback = (
  inv: CryptocloudInvoice,
  fields: Readonly<Record<string, unknown>>,
  settings: PostbackSettings,
): OutgoingWebhook => ({
  provider: 'cryptocloud',
  invoiceId: inv.uuid,
  event: inv.status,
  url: settings.url,
  contentType: settings.format === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
  body:
    settings.format === 'json'
      ? writeJson(fields)
      : new URLSearchParams(
          Object.entries(fields).map(([k, v]): [string, string] => [k, formValue(v)]),
        ).toString(),
  headers: {},
});

/**
 * The documented postback for the invoice's current state (docs.cryptocloud.plus/en/api-reference-v2/postback):
 * `status: "success"`, `invoice_id` without `INV-`, `amount_crypto` as a float, `currency`, `order_id`,
 * `token` and `invoice_info`; as JSON, or as an urlencoded form with `invoice_info` as JSON text.
 */
export const cryptocloudPostback = (
  inv: CryptocloudInvoice,
  settings: PostbackSettings,
  nowMs: number,
): OutgoingWebhook => encodePostback(inv, cryptocloudPostbackFields(inv, settings, nowMs), settings);
