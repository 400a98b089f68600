import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type * as t from 'io-ts';
import {
  decodeResponseBody,
  notFound,
  plainJson,
  type HttpResponse,
  type Invoice,
  type InvoiceError,
  type PaymentDetails,
} from '@invoicekit/core';
import {
  readDateTime,
  type CryptocloudCurrency,
  type CryptocloudInvoice,
  type CryptocloudInvoiceList,
} from './codecs';
import { classifyResponse } from './errors';
import { invoiceUuid, sameInvoice } from './ids';
import { toInvoiceStatus } from './status';

/** Classifies, parses losslessly and decodes the `result` of a response with `codec`. */
export const readResult =
  <A>(codec: t.Decoder<unknown, A>, now: () => Date) =>
  (response: HttpResponse): E.Either<InvoiceError, A> =>
    pipe(
      classifyResponse(now)(response),
      E.flatMap((result) => decodeResponseBody(codec)('cryptocloud', response)(result)),
    );

const textOrNull = (text: string | null | undefined): string | null =>
  text === undefined || text === null || text.trim() === '' ? null : text;

const dateOrNull = (text: string | null | undefined): Date | null =>
  text === undefined || text === null ? null : readDateTime(text);

const toPayment = (currency: CryptocloudCurrency, wire: CryptocloudInvoice): PaymentDetails => ({
  currency: textOrNull(currency.fullcode) ?? currency.code,
  amount: wire.amount ?? null,
  address: textOrNull(wire.address),
  tag: null,
  network: textOrNull(currency.network?.code),
});

/** Maps a CryptoCloud invoice object to the canonical invoice; `fallbackOrderId` fills a missing `order_id`. */
export const toInvoice =
  (fallbackOrderId: string | null) =>
  (wire: CryptocloudInvoice): Invoice => ({
    provider: 'cryptocloud',
    id: invoiceUuid(wire.uuid),
    orderId: textOrNull(wire.order_id) ?? fallbackOrderId,
    customerReference: null,
    status: toInvoiceStatus(wire.status),
    providerStatus: wire.status,
    paymentUrl: wire.link,
    title: null,
    price: { amount: wire.amount_in_fiat, currency: wire.fiat_currency },
    payment: wire.currency === undefined || wire.currency === null ? null : toPayment(wire.currency, wire),
    createdAt: dateOrNull(wire.created),
    expiresAt: dateOrNull(wire.expiry_date),
    testMode: wire.test_mode ?? false,
    raw: plainJson(wire),
  });

/** Picks the invoice `id` names from a merchant/info result; none is `NotFound`. */
export const pickInvoice =
  (id: string, status: number) =>
  (list: CryptocloudInvoiceList): E.Either<InvoiceError, CryptocloudInvoice> =>
    pipe(
      list.find((wire) => sameInvoice(wire.uuid, id)),
      E.fromNullable(notFound('cryptocloud', status, invoiceUuid(id))),
    );
