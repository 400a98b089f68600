import { LosslessNumber, stringifyJson } from '@invoicekit/core';
import { SignJWT } from 'jose';
import type { OutgoingWebhook } from '../delivery';
import { plain } from '../rates';
import { cryptocloudInfoObject, type CryptocloudInvoice } from './invoice';

/** Lifetime of a postback token, as documented. */
export const POSTBACK_TOKEN_SECONDS = 300;

/** The postback token: HS256 JWT `{id: "INV-…", exp: now+300}` signed with the project secret key. */
export const postbackToken = (uuid: string, secretKey: string, nowMs: number): Promise<string> =>
  new SignJWT({ id: uuid })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime(Math.floor(nowMs / 1000) + POSTBACK_TOKEN_SECONDS)
    .sign(new TextEncoder().encode(secretKey));

/** The postback for the invoice's current state, as JSON or as an urlencoded form (`invoice_info` then JSON text). */
export const cryptocloudPostback = async (
  inv: CryptocloudInvoice,
  secretKey: string,
  url: string,
  format: 'json' | 'form',
  nowMs: number,
): Promise<OutgoingWebhook> => {
  const token = await postbackToken(inv.uuid, secretKey, nowMs);
  const info = cryptocloudInfoObject(inv);
  const body =
    format === 'json'
      ? stringifyJson({
          status: 'success',
          invoice_id: inv.code,
          amount_crypto: new LosslessNumber(plain(inv.paid)),
          currency: inv.currency,
          order_id: inv.request.orderId,
          token,
          invoice_info: info,
        })
      : new URLSearchParams({
          status: 'success',
          invoice_id: inv.code,
          amount_crypto: plain(inv.paid),
          currency: inv.currency,
          order_id: inv.request.orderId ?? '',
          token,
          invoice_info: stringifyJson(info),
        }).toString();
  return {
    provider: 'cryptocloud',
    invoiceId: inv.uuid,
    event: inv.status,
    url,
    contentType: format === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    body,
    headers: {},
  };
};
