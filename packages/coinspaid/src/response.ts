import * as E from 'fp-ts/Either';
import { flow, pipe } from 'fp-ts/function';
import {
  type Invoice,
  type InvoiceCancellation,
  type InvoiceError,
  type PaymentDetails,
  type ProviderId,
} from '@invoicekit/core';
import { decodeAnswer, type HttpResponse, type ResolvedRef, type WithRaw } from '@invoicekit/core/adapter';
import { CoinspaidCancelResult, CoinspaidCreateResponse, type CoinspaidInvoice } from './codecs';
import type { CoinspaidConfig } from './config';
import { toInvoiceStatus } from './status';

/** Parses a create answer losslessly and decodes its invoice; a malformed amount is an `UnexpectedResponse`. */
export const decodeResponse = (
  provider: ProviderId,
): ((response: HttpResponse) => E.Either<InvoiceError, WithRaw<CoinspaidInvoice>>) =>
  flow(
    decodeAnswer(provider, CoinspaidCreateResponse),
    E.map(({ data }) => data),
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

/**
 * Normalizes a decoded invoice to the canonical `Invoice`; money is canonical, and `raw` is the
 * invoice object (`data`) as the platform sent it, numbers as their digit text.
 */
export const toInvoice =
  (config: CoinspaidConfig) =>
  ({ wire, raw }: WithRaw<CoinspaidInvoice>): Invoice => ({
    provider: config.provider,
    id: wire.id,
    orderId: wire.foreign_id ?? null,
    customerReference: wire.end_user_reference ?? null,
    status: toInvoiceStatus(wire.status),
    providerStatus: wire.status,
    failureReason: null,
    paymentUrl: wire.url,
    title: wire.title ?? null,
    price: { amount: wire.amount, currency: wire.currency },
    payment: paymentDetails(wire),
    // A create answer is the only invoice the platform returns: nothing is paid yet, and it reports no amounts paid.
    received: null,
    remaining: null,
    // Provider quirk: the OpenAPI calls `fixed_at` the creation time, yet it is null until a payment quote
    // is fixed; it is the rate-fix time, and the create response has no creation time of its own.
    createdAt: null,
    expiresAt: wire.release_at ?? null,
    testMode: config.testMode,
    raw,
  });

/**
 * Reads a cancel answer conservatively (its success is documented only as "OK", with no body schema):
 * an empty body or the text `OK` is a success before parsing; otherwise the body must decode as
 * `CoinspaidCancelResult`, and anything else is an `UnexpectedResponse`, never a success.
 */
export const decodeCancelResponse =
  (provider: ProviderId) =>
  (response: HttpResponse): E.Either<InvoiceError, HttpResponse> => {
    const text = response.body.trim();
    return text === '' || text === 'OK'
      ? E.right(response)
      : pipe(
          decodeAnswer(provider, CoinspaidCancelResult)(response),
          E.map(() => response),
        );
  };

/** The cancellation of the invoice a ref named; the platform cannot be read, so `invoice` is null. */
export const toCancellation =
  (provider: ProviderId) =>
  (ref: ResolvedRef): InvoiceCancellation => ({ provider, id: ref.id, orderId: ref.orderId, invoice: null });
