import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { type Invoice, type InvoiceError, type PaymentDetails } from '@invoicekit/core';
import {
  decodeResponseBody,
  parseResponseBody,
  plainJson,
  type HttpResponse,
} from '@invoicekit/core/adapter';
import { CoinspaidCreateResponse, type CoinspaidInvoice } from './codecs';
import type { CoinspaidSettings } from './config';
import { toInvoiceStatus } from './status';

/** A decoded wire body together with its plain-JSON form for `raw`. */
export interface CoinspaidDecoded<A> {
  readonly wire: A;
  readonly raw: unknown;
}

/** Pairs a decoded wire value with the plain-JSON form of the body it came from. */
export const withRaw =
  (parsed: unknown) =>
  <A>(wire: A): CoinspaidDecoded<A> => ({ wire, raw: plainJson(parsed) });

/** Parses a create answer losslessly and decodes it; a malformed amount is an `UnexpectedResponse`. */
export const decodeCreateResponse =
  (settings: CoinspaidSettings) =>
  (response: HttpResponse): E.Either<InvoiceError, CoinspaidDecoded<CoinspaidCreateResponse>> =>
    pipe(
      parseResponseBody(settings.provider, response),
      E.flatMap((parsed) =>
        pipe(
          decodeResponseBody(CoinspaidCreateResponse)(settings.provider, response)(parsed),
          E.map(withRaw(parsed)),
        ),
      ),
    );

const paymentDetails = (data: CoinspaidInvoice): PaymentDetails | null =>
  data.sender_currency === undefined || data.sender_currency === null
    ? null
    : {
        currency: data.sender_currency,
        amount: data.sender_amount ?? null,
        address: data.address ?? null,
        tag: data.tag ?? null,
        network: null,
      };

/** Normalizes a decoded create answer to the canonical `Invoice`; money is canonical, `raw` keeps the provider's text. */
export const toInvoice =
  (settings: CoinspaidSettings) =>
  ({ wire, raw }: CoinspaidDecoded<CoinspaidCreateResponse>): Invoice => ({
    provider: settings.provider,
    id: wire.data.id,
    orderId: wire.data.foreign_id ?? null,
    customerReference: wire.data.end_user_reference ?? null,
    status: toInvoiceStatus(wire.data.status),
    providerStatus: wire.data.status,
    paymentUrl: wire.data.url,
    title: wire.data.title ?? null,
    price: { amount: wire.data.amount, currency: wire.data.currency },
    payment: paymentDetails(wire.data),
    // Provider quirk: the OpenAPI calls `fixed_at` the creation time, yet it is null until a payment quote
    // is fixed; it is the rate-fix time, and the create response has no creation time of its own.
    createdAt: null,
    expiresAt: wire.data.release_at ?? null,
    testMode: settings.testMode,
    raw,
  });
