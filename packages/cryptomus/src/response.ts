import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import type { Decimal, Invoice, InvoiceError, Money, PaymentDetails, ProviderId } from '@invoicekit/core';
import {
  bodyExcerpt,
  decodeResponseBody,
  textOrNull,
  unexpectedResponse,
  type HttpResponse,
  type WithRaw,
} from '@invoicekit/core/adapter';
import { CryptomusSuccess, type CryptomusInvoice } from './codecs';
import type { CryptomusConfig } from './config';
import { subtractDecimals } from './decimal';
import { canonicalStatus } from './status';

/** Decodes the `result` of a parsed success envelope with `codec`; a mismatch is an `UnexpectedResponse`. */
export const decodeResult = <C extends t.Mixed>(provider: ProviderId, codec: C) => {
  const decode = decodeResponseBody(CryptomusSuccess(codec));
  return (response: HttpResponse) =>
    (parsed: unknown): E.Either<InvoiceError, t.TypeOf<C>> => {
      const decoded = decode(provider, response)(parsed);
      return E.isRight(decoded) ? E.right(decoded.right.result) : decoded;
    };
};

/** The money figures of an invoice or a webhook that invoicekit reads. */
export interface CryptomusAmounts {
  readonly payer_currency?: string | null;
  readonly payment_amount?: Decimal | null;
  readonly payer_amount?: Decimal | null;
}

/** What the customer has paid and what is still owed, in the pay currency, as far as the body tells. */
export interface ReceivedAndRemaining {
  readonly received: Money | null;
  readonly remaining: Money | null;
}

/**
 * The one reading of the providers' money fields, for invoices and webhooks alike:
 * - `received` is `payment_amount` ("Amount actually paid by client") in `payer_currency`: what reached
 *   the merchant's invoice, before the provider's `commission`;
 * - `remaining` is `payer_amount` (the quote in the pay currency) less `payment_amount`, never below 0;
 *   null when the body has no quote (the documented webhook has none; some Cryptomus locales add `payer_amount`).
 * `merchant_amount` (credited after commission) and `commission` stay in `raw`: they are not what the
 * customer paid, so comparing them with the price would call every paid invoice underpaid.
 */
export const amountsOf = (wire: CryptomusAmounts): ReceivedAndRemaining => {
  const currency = textOrNull(wire.payer_currency);
  if (currency === null) return { received: null, remaining: null };
  const paid = wire.payment_amount ?? null;
  const quote = wire.payer_amount ?? null;
  return {
    received: paid === null ? null : { amount: paid, currency },
    remaining:
      quote === null ? null : { amount: subtractDecimals(quote, paid ?? ('0' as Decimal)), currency },
  };
};

const paymentOf = (wire: CryptomusInvoice): PaymentDetails | null => {
  const currency = textOrNull(wire.payer_currency);
  return currency === null
    ? null
    : {
        currency,
        amount: wire.payer_amount ?? null,
        address: textOrNull(wire.address),
        tag: null,
        network: textOrNull(wire.network),
      };
};

/** The status word of an invoice object: `payment_status` (create, info), else `status` (some list items). */
export const statusWordOf = (wire: CryptomusInvoice): string | null =>
  textOrNull(wire.payment_status) ?? textOrNull(wire.status);

/**
 * Normalizes a decoded invoice object to the canonical `Invoice` (`is_final` honoured); an object
 * without a status word is an `UnexpectedResponse`. `raw` is the object as sent, numbers as digit text.
 */
export const toInvoice =
  (config: CryptomusConfig, response: HttpResponse) =>
  ({ wire, raw }: WithRaw<CryptomusInvoice>): E.Either<InvoiceError, Invoice> => {
    const word = statusWordOf(wire);
    if (word === null) {
      return E.left(
        unexpectedResponse(
          config.provider,
          response.status,
          [{ path: 'result.payment_status', message: 'must name the invoice status' }],
          bodyExcerpt(response.body),
        ),
      );
    }
    const { status, failureReason } = canonicalStatus(word, wire.is_final ?? null);
    const { received, remaining } = amountsOf(wire);
    return E.right({
      provider: config.provider,
      id: wire.uuid,
      orderId: wire.order_id ?? null,
      customerReference: null,
      status,
      failureReason,
      providerStatus: word,
      paymentUrl: wire.url,
      title: null,
      price: { amount: wire.amount, currency: wire.currency },
      payment: paymentOf(wire),
      received,
      remaining,
      createdAt: wire.created_at ?? null,
      expiresAt: wire.expired_at ?? null,
      testMode: config.testMode,
      raw,
    });
  };
