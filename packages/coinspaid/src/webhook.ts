import * as E from 'fp-ts/Either';
import { flow } from 'fp-ts/function';
import type * as t from 'io-ts';
import {
  type EventTransaction,
  type InvoiceEvent,
  type Money,
  type ProviderId,
  type WebhookError,
} from '@invoicekit/core';
import {
  andThen,
  constantTimeEquals,
  isRecord,
  malformedWebhook,
  NOT_DECODED,
  parseJsonLossless,
  plainJsonInPlace,
  readBoundedWebhook,
  reportIssues,
  signatureInvalid,
  unsupportedEvent,
  utf8Encode,
  withRaw,
  type ReceivedWebhook,
  type WithRaw,
} from '@invoicekit/core/adapter';
import { KEY_HEADER, SIGNATURE_HEADER } from './auth';
import {
  CoinspaidCallbackKind,
  CoinspaidInvoiceCallback,
  type CoinspaidCallbackTransaction,
  type CoinspaidCurrencySent,
} from './codecs';
import type { CoinspaidConfig } from './config';
import { readInvoiceFields } from './webhookFields';
import { signatureMatches } from './signature';
import { callbackStatus } from './status';

/**
 * The largest callback body read, in bytes. The documented invoice callbacks are about 1 KB with two
 * transactions (a transaction adds about 250 bytes); 64 KiB leaves room for an invoice paid in a
 * couple of hundred instalments plus fees, and bounds what an unsigned body costs before its HMAC.
 */
export const COINSPAID_MAX_CALLBACK_BYTES = 64 * 1024;

/** A callback whose key and signature checked out: the text of its exact bytes, not yet parsed. */
export interface VerifiedCallback {
  readonly text: string;
}

const KEY = KEY_HEADER.toLowerCase();
const SIGNATURE = SIGNATURE_HEADER.toLowerCase();

const checkSignature = (config: CoinspaidConfig) => {
  const { provider } = config;
  const apiKey = utf8Encode(config.apiKey.reveal());
  const secretKey = utf8Encode(config.secretKey.reveal());
  return (received: ReceivedWebhook): E.Either<WebhookError, VerifiedCallback> => {
    const key = received.headers[KEY];
    const signature = received.headers[SIGNATURE];
    if (signature === undefined || signature.trim() === '') {
      return E.left(signatureInvalid(provider, `the ${SIGNATURE_HEADER} header is missing`));
    }
    if (key === undefined || !constantTimeEquals(key.trim(), apiKey)) {
      return E.left(
        signatureInvalid(
          provider,
          `the ${KEY_HEADER} header is not this merchant's API key: check apiKey (INVOICEKIT_API_KEY), the key of the account that sends these callbacks; sandbox and production keys differ`,
        ),
      );
    }
    return signatureMatches(received.bytes, signature, secretKey)
      ? E.right(received)
      : E.left(
          signatureInvalid(
            provider,
            `the ${SIGNATURE_HEADER} header does not match the body: check secretKey (INVOICEKIT_SECRET_KEY), the secret paired with apiKey, and pass the raw request bytes, never re-serialised JSON`,
          ),
        );
  };
};

/**
 * Reads the request once, refusing a body over `COINSPAID_MAX_CALLBACK_BYTES` unread, then checks the
 * key header and the signature over the raw body bytes, both in constant time, before anything parses
 * it; the body must be the unparsed request body, because re-encoded JSON no longer matches its
 * signature. An unreadable or oversized request is `SignatureInvalid`, never a throw.
 */
export const verifyWebhook = (
  config: CoinspaidConfig,
): ((request: unknown) => E.Either<WebhookError, VerifiedCallback>) =>
  flow(readBoundedWebhook(config.provider, COINSPAID_MAX_CALLBACK_BYTES), andThen(checkSignature(config)));

// `CoinspaidCallbackKind` read by name; the codec itself runs only where that read fails.
const callbackType = (parsed: unknown): E.Either<t.Errors, string> => {
  if (isRecord(parsed) && typeof parsed.type === 'string') return E.right(parsed.type);
  const kind = CoinspaidCallbackKind.decode(parsed);
  return E.isLeft(kind) ? kind : E.right(kind.right.type);
};

const readCallbackType =
  (provider: ProviderId) =>
  (parsed: unknown): E.Either<WebhookError, string> => {
    const type = callbackType(parsed);
    if (E.isLeft(type)) return E.left(malformedWebhook(provider, reportIssues(type.left)));
    return type.right.trim() === ''
      ? E.left(malformedWebhook(provider, [{ path: 'type', message: 'must name the callback type' }]))
      : type;
  };

const decodeInvoiceCallback =
  (provider: ProviderId) =>
  (parsed: unknown): E.Either<WebhookError, WithRaw<CoinspaidInvoiceCallback>> => {
    const wire = readInvoiceFields(parsed);
    if (wire !== NOT_DECODED) return E.right({ wire, raw: plainJsonInPlace(parsed) });
    const decoded = withRaw(CoinspaidInvoiceCallback).decode(parsed);
    return E.isRight(decoded) ? decoded : E.left(malformedWebhook(provider, reportIssues(decoded.left)));
  };

/**
 * Parses a verified body losslessly and reads its `type` first: an invoice callback is decoded; any
 * other type (deposits, withdrawals, exchanges, payment requests, …) is an `UnsupportedEvent` naming it.
 */
export const decodeWebhook = (
  config: CoinspaidConfig,
): ((callback: VerifiedCallback) => E.Either<WebhookError, WithRaw<CoinspaidInvoiceCallback>>) => {
  const { provider } = config;
  const readType = readCallbackType(provider);
  const readInvoice = decodeInvoiceCallback(provider);
  return ({ text }) => {
    const parsed = parseJsonLossless(text);
    if (E.isLeft(parsed)) {
      return E.left(
        malformedWebhook(provider, [{ path: '', message: `body is not readable JSON (${parsed.left})` }]),
      );
    }
    const type = readType(parsed.right);
    if (E.isLeft(type)) return type;
    return type.right === 'invoice'
      ? readInvoice(parsed.right)
      : E.left(unsupportedEvent(provider, type.right));
  };
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

/**
 * Normalizes a decoded invoice callback to the canonical `InvoiceEvent`; every field came from the
 * signed body, and `raw` is that body, numbers as their digit text.
 */
export const toInvoiceEvent =
  (config: CoinspaidConfig) =>
  ({ wire, raw }: WithRaw<CoinspaidInvoiceCallback>): InvoiceEvent => {
    const remaining = remainingMoney(wire.currency_sent);
    const { status, failureReason } = callbackStatus(wire.status, wire.error, remaining?.amount ?? null);
    return {
      provider: config.provider,
      invoiceId: wire.id,
      orderId: wire.foreign_id ?? null,
      status,
      providerStatus: wire.status,
      failureReason,
      received: receivedMoney(wire),
      remaining,
      transactions: (wire.transactions ?? []).map(toEventTransaction),
      // The docs deduplicate on root id + status; the remaining amount also tells instalments apart.
      dedupeKey: `${config.provider}:${wire.id}:${wire.status}:${remaining?.amount ?? ''}`,
      confirmed: true,
      testMode: config.testMode,
      raw,
    };
  };
