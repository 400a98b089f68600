import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type * as t from 'io-ts';
import { type Invoice, type InvoiceError, type Money, type PaymentDetails } from '@invoicekit/core';
import { decodeResponseBody, notFound, textOrNull, type HttpResponse } from '@invoicekit/core/adapter';
import {
  readDateTime,
  type CryptocloudCurrency,
  type CryptocloudInvoice,
  type CryptocloudInvoiceList,
} from './codecs';
import { classifyResponse } from './errors';
import { bareInvoiceId, invoiceUuid, sameInvoice } from './ids';
import { toInvoiceStatus } from './status';

/** The documented form of the hosted invoice page, for invoice objects that carry no `link` (2023 info/list). */
export const CRYPTOCLOUD_PAY_URL = 'https://pay.cryptocloud.plus';

/** Classifies, parses losslessly and decodes the `result` of a response with `codec`. */
export const readResult =
  <A>(codec: t.Decoder<unknown, A>, now: () => Date) =>
  (response: HttpResponse): E.Either<InvoiceError, A> =>
    pipe(
      classifyResponse(now)(response),
      E.flatMap((result) => decodeResponseBody(codec)('cryptocloud', response)(result)),
    );

const dateOrNull = (text: string | null | undefined): Date | null =>
  typeof text === 'string' ? readDateTime(text) : null;

const currencyCode = (currency: CryptocloudCurrency): string =>
  textOrNull(currency.fullcode) ?? currency.code;

const toPayment = (currency: CryptocloudCurrency, wire: CryptocloudInvoice): PaymentDetails => ({
  currency: currencyCode(currency),
  amount: wire.amount ?? null,
  address: textOrNull(wire.address),
  tag: null,
  network: textOrNull(currency.network?.code),
});

/** The order id an invoice object names, if any. */
export const orderIdOf = (wire: CryptocloudInvoice): string | null => textOrNull(wire.order_id);

/** True only when CryptoCloud says `test_mode: false`; an object without it is taken for a test invoice. */
export const isTestMode = (wire: { readonly test_mode?: boolean | null }): boolean =>
  wire.test_mode !== false;

/**
 * What the customer has paid so far, in the pay currency: `amount_paid` (newer objects), else
 * `received` (the 2023 objects' "amount credited"); null when neither or no pay currency is known.
 */
export const paidMoney = (wire: CryptocloudInvoice): Money | null => {
  const amount = wire.amount_paid ?? wire.received ?? null;
  return amount === null || wire.currency === undefined || wire.currency === null
    ? null
    : { amount, currency: currencyCode(wire.currency) };
};

/** Maps a CryptoCloud invoice object to the canonical invoice; `fallbackOrderId` fills a missing `order_id`. */
export const toInvoice =
  (fallbackOrderId: string | null) =>
  (wire: CryptocloudInvoice): Invoice => ({
    provider: 'cryptocloud',
    id: invoiceUuid(wire.uuid),
    orderId: orderIdOf(wire) ?? fallbackOrderId,
    customerReference: null,
    status: toInvoiceStatus(wire.status),
    providerStatus: wire.status,
    paymentUrl: textOrNull(wire.link) ?? `${CRYPTOCLOUD_PAY_URL}/${bareInvoiceId(wire.uuid)}`,
    title: null,
    price: wire.price,
    payment: wire.currency === undefined || wire.currency === null ? null : toPayment(wire.currency, wire),
    createdAt: dateOrNull(wire.created),
    expiresAt: dateOrNull(wire.expiry_date),
    testMode: isTestMode(wire),
    raw: wire.raw,
  });

/** Picks the invoice `id` names from a merchant/info result; none is `NotFound`. */
export const pickInvoice =
  (id: string, status: number) =>
  (list: CryptocloudInvoiceList): E.Either<InvoiceError, CryptocloudInvoice> =>
    pipe(
      list.find((wire) => sameInvoice(wire.uuid, id)),
      E.fromNullable(notFound('cryptocloud', status, invoiceUuid(id))),
    );
