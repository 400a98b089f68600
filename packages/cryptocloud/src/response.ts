import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type * as t from 'io-ts';
import {
  owedAfter,
  type Invoice,
  type InvoiceError,
  type Money,
  type PaymentDetails,
} from '@invoicekit/core';
import {
  decodeResponseBody,
  notFound,
  parseResponseBody,
  textOrNull,
  type HttpResponse,
  type WithRaw,
} from '@invoicekit/core/adapter';
import {
  bareInvoiceId,
  CryptocloudSuccess,
  invoiceUuid,
  readDateTime,
  sameInvoice,
  type CryptocloudCurrency,
  type CryptocloudInvoice,
  type CryptocloudInvoiceList,
} from './codecs';
import { invoiceState } from './status';

/** The documented form of the hosted invoice page, for invoice objects that carry no `link` (2023 info/list). */
export const CRYPTOCLOUD_PAY_URL = 'https://pay.cryptocloud.plus';

/** Decodes the `result` of a success envelope, parsed once, with `codec`; a mismatch is an `UnexpectedResponse`. */
export const decodeResult = <C extends t.Mixed>(codec: C) => {
  const decode = decodeResponseBody(CryptocloudSuccess(codec));
  return (response: HttpResponse) =>
    (parsed: unknown): E.Either<InvoiceError, t.TypeOf<C>> =>
      pipe(
        decode('cryptocloud', response)(parsed),
        E.map(({ result }) => result),
      );
};

/** Parses a success envelope losslessly and decodes its `result` with `codec`; a mismatch is an `UnexpectedResponse`. */
export const decodeResponse = <C extends t.Mixed>(codec: C) => {
  const decode = decodeResult(codec);
  return (response: HttpResponse): E.Either<InvoiceError, t.TypeOf<C>> =>
    pipe(parseResponseBody('cryptocloud', response), E.flatMap(decode(response)));
};

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

/** What is still owed in the pay currency: `amount` less what was paid; null when either is unknown. */
export const owedMoney = (wire: CryptocloudInvoice): Money | null => {
  const paid = paidMoney(wire);
  const asked = wire.amount ?? null;
  return paid === null || asked === null
    ? null
    : { amount: owedAfter(asked, paid.amount), currency: paid.currency };
};

/**
 * Maps a CryptoCloud invoice object to the canonical invoice as of `now()`; `fallbackOrderId` fills a missing
 * `order_id`, and `raw` is the invoice object as CryptoCloud sent it, numbers as their digit text.
 */
export const toInvoice =
  (now: () => Date, fallbackOrderId: string | null) =>
  ({ wire, raw }: WithRaw<CryptocloudInvoice>): Invoice => {
    const received = paidMoney(wire);
    const expiresAt = dateOrNull(wire.expiry_date);
    const { status, failureReason } = invoiceState(wire.status, received?.amount ?? null, expiresAt, now());
    return {
      provider: 'cryptocloud',
      id: invoiceUuid(wire.uuid),
      orderId: orderIdOf(wire) ?? fallbackOrderId,
      customerReference: null,
      status,
      failureReason,
      providerStatus: wire.status,
      paymentUrl: textOrNull(wire.link) ?? `${CRYPTOCLOUD_PAY_URL}/${bareInvoiceId(wire.uuid)}`,
      title: null,
      price: wire.price,
      payment: wire.currency === undefined || wire.currency === null ? null : toPayment(wire.currency, wire),
      received,
      remaining: owedMoney(wire),
      createdAt: dateOrNull(wire.created),
      expiresAt,
      testMode: isTestMode(wire),
      raw,
    };
  };

/** Picks the invoice `id` names from a merchant/info result (answered with HTTP 200); none is `NotFound`. */
export const pickInvoice =
  (id: string) =>
  (list: CryptocloudInvoiceList): E.Either<InvoiceError, WithRaw<CryptocloudInvoice>> =>
    pipe(
      list.find(({ wire }) => sameInvoice(wire.uuid, id)),
      E.fromNullable(notFound('cryptocloud', 200, invoiceUuid(id))),
    );
