import { createHmac } from 'node:crypto';
import Big from 'big.js';
import type { OutgoingWebhook } from '../delivery';
import { isLosslessNumber, LosslessNumber, writeJson } from '../json';
import { convert } from '../rates';
import { nowpaymentsCoin, type NowpaymentsInvoice, type NowpaymentsPayment } from './invoice';
import type { NowpaymentsSignatureRecipe } from './settings';

/** A decimal as NOWPayments' JavaScript writes a JSON number: the shortest text of the double (`1e-7`). */
export const jsNumber = (decimal: string): LosslessNumber => new LosslessNumber(String(Number(decimal)));

const coinAsset = (ticker: string): string => nowpaymentsCoin(ticker)?.asset ?? ticker.toUpperCase();

const id = (digits: string): LosslessNumber => new LosslessNumber(digits);

/** The payment object of `GET /payment/:id` and the payment list, in the documented key order. */
export const paymentObject = (p: NowpaymentsPayment): Record<string, unknown> => ({
  payment_id: id(p.paymentId),
  invoice_id: p.invoiceId === null ? null : id(p.invoiceId),
  payment_status: p.status,
  pay_address: p.address,
  payin_extra_id: null,
  price_amount: jsNumber(p.request.priceAmount),
  price_currency: p.request.priceCurrency,
  pay_amount: jsNumber(p.payAmount),
  actually_paid: jsNumber(p.actuallyPaid),
  pay_currency: p.payCurrency,
  order_id: p.request.orderId,
  order_description: p.request.orderDescription,
  purchase_id: id(p.purchaseId),
  outcome_amount: jsNumber(new Big(p.actuallyPaid).times('0.995').toFixed(8)),
  outcome_currency: p.payCurrency,
  payout_hash: null,
  payin_hash: p.payinHash,
  created_at: new Date(p.createdAt).toISOString(),
  updated_at: new Date(p.updatedAt).toISOString(),
  type: 'crypto2crypto',
  ...(p.parentPaymentId === null
    ? { payment_extra_ids: p.childIds.length === 0 ? null : p.childIds.map(id) }
    : { parent_payment_id: id(p.parentPaymentId), origin_type: 'REPEATED' }),
});

/** The IPN body of a payment: the published "Payments" example's fields, its nested `fee` included. */
export const ipnBody = (p: NowpaymentsPayment): Record<string, unknown> => ({
  payment_id: id(p.paymentId),
  ...(p.parentPaymentId === null ? {} : { parent_payment_id: id(p.parentPaymentId) }),
  invoice_id: p.invoiceId === null ? null : id(p.invoiceId),
  payment_status: p.status,
  pay_address: p.address,
  payin_extra_id: null,
  price_amount: jsNumber(p.request.priceAmount),
  price_currency: p.request.priceCurrency,
  pay_amount: jsNumber(p.payAmount),
  actually_paid: jsNumber(p.actuallyPaid),
  actually_paid_at_fiat: jsNumber(
    convert(p.actuallyPaid, coinAsset(p.payCurrency), p.request.priceCurrency.toUpperCase(), 2),
  ),
  pay_currency: p.payCurrency,
  order_id: p.request.orderId,
  order_description: p.request.orderDescription,
  purchase_id: p.purchaseId,
  outcome_amount: jsNumber(new Big(p.actuallyPaid).times('0.995').toFixed(8)),
  outcome_currency: p.payCurrency,
  payment_extra_ids: p.childIds.length === 0 ? null : p.childIds.map(id),
  ...(p.parentPaymentId === null ? {} : { origin_type: 'REPEATED' }),
  fee: {
    currency: p.payCurrency,
    depositFee: jsNumber(new Big(p.actuallyPaid).times('0.005').toFixed(8)),
    withdrawalFee: jsNumber('0'),
    serviceFee: jsNumber('0'),
  },
});

type Json = unknown;

const numberOrString = (v: Json): string | null =>
  isLosslessNumber(v) ? v.toString() : typeof v === 'string' ? JSON.stringify(v) : null;

/** `JSON.stringify(sortObject(params))`, the current docs' Node example: keys sorted at every depth, arrays as objects. */
const sortObject = (v: Json): string => {
  const scalar = numberOrString(v);
  if (scalar !== null) return scalar;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const record = v as Record<string, Json>;
  const keys = Object.keys(record).sort();
  const indices = keys.filter((k) => /^(0|[1-9]\d*)$/.test(k)).sort((a, b) => Number(a) - Number(b));
  const ordered = [...indices, ...keys.filter((k) => !indices.includes(k))];
  return `{${ordered.map((k) => `${JSON.stringify(k)}:${sortObject(record[k])}`).join(',')}}`;
};

/** `JSON.stringify(params, Object.keys(params).sort())`, the older docs' recipe: top-level keys at every depth. */
const keyReplacer = (v: Json, list: ReadonlyArray<string>): string => {
  const scalar = numberOrString(v);
  if (scalar !== null) return scalar;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((item: Json) => keyReplacer(item, list)).join(',')}]`;
  const record = v as Record<string, Json>;
  return `{${list
    .filter((k) => Object.prototype.hasOwnProperty.call(record, k))
    .map((k) => `${JSON.stringify(k)}:${keyReplacer(record[k], list)}`)
    .join(',')}}`;
};

/** The string NOWPayments signs for a body, by `recipe`. */
export const signedString = (body: Record<string, unknown>, recipe: NowpaymentsSignatureRecipe): string =>
  recipe === 'sort-object' ? sortObject(body) : keyReplacer(body, Object.keys(body).sort());

/** `x-nowpayments-sig`: HMAC-SHA512 of the signed string with the IPN secret, lower-case hex. */
export const ipnSignature = (
  body: Record<string, unknown>,
  secret: string,
  recipe: NowpaymentsSignatureRecipe,
): string => createHmac('sha512', secret).update(signedString(body, recipe), 'utf8').digest('hex');

/** The IPN a payment's current status sends, signed as NOWPayments signs it. */
export const nowpaymentsIpn = (
  p: NowpaymentsPayment,
  inv: NowpaymentsInvoice | undefined,
  settings: { readonly url: string; readonly secret: string; readonly recipe: NowpaymentsSignatureRecipe },
): OutgoingWebhook => {
  const body = ipnBody(p);
  return {
    provider: 'nowpayments',
    invoiceId: inv?.id ?? p.paymentId,
    event: p.parentPaymentId === null ? p.status : `repeated:${p.status}`,
    url: settings.url,
    contentType: 'application/json',
    body: writeJson(body),
    headers: { 'x-nowpayments-sig': ipnSignature(body, settings.secret, settings.recipe) },
  };
};
