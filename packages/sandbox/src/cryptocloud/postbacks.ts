import type { OutgoingWebhook } from '../delivery';
import { writeJson } from '../json';
import { signHs256 } from '../jwt';
import type { CryptocloudPostbackFormat, CryptocloudTokenId } from './settings';
import { pythonFloat, pythonFloatText } from './float';
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

/**
 * The documented postback for the invoice's current state (docs.cryptocloud.plus/en/api-reference-v2/postback):
 * `status: "success"`, `invoice_id` without `INV-`, `amount_crypto` as a float, `currency`, `order_id`,
 * `token` and `invoice_info`; as JSON, or as an urlencoded form with `invoice_info` as JSON text.
 */
export const cryptocloudPostback = (
  inv: CryptocloudInvoice,
  settings: PostbackSettings,
  nowMs: number,
): OutgoingWebhook => {
  const token = postbackToken(inv, settings.tokenId, settings.secretKey, nowMs);
  const info = cryptocloudInfoObject(inv);
  const body =
    settings.format === 'json'
      ? writeJson({
          status: 'success',
          invoice_id: inv.code,
          amount_crypto: pythonFloat(inv.paid),
          currency: inv.currency,
          order_id: inv.request.orderId,
          token,
          invoice_info: info,
        })
      : new URLSearchParams({
          status: 'success',
          invoice_id: inv.code,
          amount_crypto: pythonFloatText(inv.paid),
          currency: inv.currency,
          order_id: inv.request.orderId ?? '',
          token,
          invoice_info: writeJson(info),
        }).toString();
  return {
    provider: 'cryptocloud',
    invoiceId: inv.uuid,
    event: inv.status,
    url: settings.url,
    contentType: settings.format === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    body,
    headers: {},
  };
};
