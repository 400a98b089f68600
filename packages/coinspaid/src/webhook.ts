import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { type EventTransaction, type InvoiceEvent, type Money, type WebhookError } from '@invoicekit/core';
import {
  constantTimeEquals,
  isRecord,
  malformedWebhook,
  parseJsonLossless,
  reportIssues,
  signatureInvalid,
  snapshotInput,
  unsupportedEvent,
} from '@invoicekit/core/adapter';
import {
  CoinspaidCallbackKind,
  CoinspaidInvoiceCallback,
  type CoinspaidCallbackTransaction,
  type CoinspaidCurrencySent,
} from './codecs';
import type { CoinspaidPreset, CoinspaidSettings } from './config';
import { withRaw, type CoinspaidDecoded } from './response';
import { signatureMatches } from './signature';
import { callbackStatus } from './status';

/** The header carrying the merchant's public API key. */
export const KEY_HEADER = 'X-Processing-Key';
/** The header carrying the hex HMAC-SHA512 of the raw body. */
export const SIGNATURE_HEADER = 'X-Processing-Signature';

/** A callback whose signature and key checked out: its exact bytes, not yet parsed. */
export interface VerifiedCallback {
  readonly bytes: Buffer;
}

const isText = (value: unknown): value is string => typeof value === 'string';

const readHeader = (headers: unknown, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  const value = isRecord(headers)
    ? Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1]
    : undefined;
  return isText(value) ? value : Array.isArray(value) && value.every(isText) ? value.join(', ') : undefined;
};

const rawBytes = (body: unknown): Buffer | null =>
  typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.isBuffer(body) ? body : null;

interface ReceivedCallback {
  readonly headers: unknown;
  readonly body: unknown;
}

const readRequest = (provider: CoinspaidPreset, request: unknown): E.Either<WebhookError, ReceivedCallback> =>
  pipe(
    snapshotInput(request),
    E.mapLeft((issue) =>
      signatureInvalid(provider, `the webhook request ${issue.path || 'itself'} ${issue.message}`),
    ),
    E.filterOrElseW(isRecord, () =>
      signatureInvalid(provider, 'expected { headers, body } with the raw request body'),
    ),
    E.map((snapshot) => ({ headers: snapshot.headers, body: snapshot.body })),
  );

const checkSignature =
  (settings: CoinspaidSettings) =>
  ({ headers, body }: ReceivedCallback): E.Either<WebhookError, VerifiedCallback> => {
    const { provider } = settings;
    const bytes = rawBytes(body);
    const key = readHeader(headers, KEY_HEADER);
    const signature = readHeader(headers, SIGNATURE_HEADER);
    if (bytes === null) {
      return E.left(
        signatureInvalid(
          provider,
          'the body must be the raw request body (string or Buffer), not parsed JSON',
        ),
      );
    }
    if (signature === undefined || signature.trim() === '') {
      return E.left(signatureInvalid(provider, `the ${SIGNATURE_HEADER} header is missing`));
    }
    if (key === undefined || !constantTimeEquals(key.trim(), settings.apiKey.reveal())) {
      return E.left(signatureInvalid(provider, `the ${KEY_HEADER} header is not this merchant's API key`));
    }
    return signatureMatches(bytes, signature, settings.secretKey.reveal())
      ? E.right({ bytes })
      : E.left(signatureInvalid(provider, `the ${SIGNATURE_HEADER} header does not match the body`));
  };

/**
 * Reads the request once, then checks the key header and the signature over the raw body bytes,
 * both in constant time; the body must be the unparsed request body, because re-encoded JSON no
 * longer matches its signature. An unreadable request is `SignatureInvalid`, never a throw.
 */
export const verifyCallback =
  (settings: CoinspaidSettings) =>
  (request: unknown): E.Either<WebhookError, VerifiedCallback> =>
    pipe(readRequest(settings.provider, request), E.flatMap(checkSignature(settings)));

const readCallbackType =
  (provider: CoinspaidPreset) =>
  (parsed: unknown): E.Either<WebhookError, string> =>
    pipe(
      CoinspaidCallbackKind.decode(parsed),
      E.mapLeft((errors) => malformedWebhook(provider, reportIssues(errors))),
      E.filterOrElse(
        ({ type }) => type.trim() !== '',
        () => malformedWebhook(provider, [{ path: 'type', message: 'must name the callback type' }]),
      ),
      E.map(({ type }) => type),
    );

const decodeInvoiceCallback =
  (provider: CoinspaidPreset) =>
  (parsed: unknown): E.Either<WebhookError, CoinspaidDecoded<CoinspaidInvoiceCallback>> =>
    pipe(
      CoinspaidInvoiceCallback.decode(parsed),
      E.mapLeft((errors) => malformedWebhook(provider, reportIssues(errors))),
      E.map(withRaw(parsed)),
    );

/**
 * Parses a verified body losslessly and reads its `type` first: an invoice callback is decoded; any
 * other type (deposits, withdrawals, exchanges, payment requests, …) is an `UnsupportedEvent` naming it.
 */
export const decodeCallback =
  (settings: CoinspaidSettings) =>
  ({ bytes }: VerifiedCallback): E.Either<WebhookError, CoinspaidDecoded<CoinspaidInvoiceCallback>> => {
    const { provider } = settings;
    return pipe(
      parseJsonLossless(bytes.toString('utf8')),
      E.mapLeft((reason) =>
        malformedWebhook(provider, [{ path: '', message: `body is not readable JSON (${reason})` }]),
      ),
      E.flatMap((parsed) =>
        pipe(
          readCallbackType(provider)(parsed),
          E.flatMap((type) =>
            type === 'invoice'
              ? decodeInvoiceCallback(provider)(parsed)
              : E.left(unsupportedEvent(provider, type)),
          ),
        ),
      ),
    );
  };

const remainingMoney = (sent: CoinspaidCurrencySent | null | undefined): Money | null =>
  sent?.remaining_amount === undefined || sent.remaining_amount === null
    ? null
    : { amount: sent.remaining_amount, currency: sent.currency };

// Provider quirk: every published invoice callback carries the invoice's full amount in
// currency_received, even "Timer expired. User not paid." with everything still owed; it is the
// merchant's credit only once the invoice is confirmed, so before that nothing counts as received.
const receivedMoney = (wire: CoinspaidInvoiceCallback): Money | null =>
  wire.status === 'confirmed' && wire.currency_received
    ? { amount: wire.currency_received.amount, currency: wire.currency_received.currency }
    : null;

const toEventTransaction = (transaction: CoinspaidCallbackTransaction): EventTransaction => ({
  id: transaction.id ?? null,
  txid: transaction.txid ?? null,
  currency: transaction.currency,
  amount: transaction.amount,
  confirmations: transaction.confirmations ?? null,
});

/** Normalizes a decoded invoice callback to the canonical `InvoiceEvent`; every field came from the signed body. */
export const toInvoiceEvent =
  (settings: CoinspaidSettings) =>
  ({ wire, raw }: CoinspaidDecoded<CoinspaidInvoiceCallback>): InvoiceEvent => {
    const remaining = remainingMoney(wire.currency_sent);
    const { status, failureReason } = callbackStatus(wire.status, wire.error, remaining?.amount ?? null);
    return {
      provider: settings.provider,
      invoiceId: wire.id,
      orderId: wire.foreign_id ?? null,
      status,
      providerStatus: wire.status,
      failureReason,
      received: receivedMoney(wire),
      remaining,
      transactions: (wire.transactions ?? []).map(toEventTransaction),
      // The docs deduplicate on root id + status; the remaining amount also tells instalments apart.
      dedupeKey: [settings.provider, wire.id, wire.status, remaining?.amount ?? ''].join(':'),
      confirmed: true,
      testMode: settings.testMode,
      raw,
    };
  };
