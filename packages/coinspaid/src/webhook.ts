import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import {
  headerValue,
  malformedWebhook,
  parseJsonLossless,
  reportIssues,
  signatureInvalid,
  unsupportedEvent,
  type EventTransaction,
  type InvoiceEvent,
  type Money,
  type WebhookError,
  type WebhookRequest,
} from '@invoicekit/core';
import {
  CoinspaidCallbackEnvelope,
  CoinspaidInvoiceCallback,
  type CoinspaidCallbackTransaction,
  type CoinspaidCurrencySent,
} from './codecs';
import type { CoinspaidSettings } from './config';
import { withRaw, type CoinspaidDecoded } from './response';
import { constantTimeEquals, signatureMatches } from './signature';
import { callbackStatus } from './status';

/** The header carrying the merchant's public API key. */
export const KEY_HEADER = 'X-Processing-Key';
/** The header carrying the hex HMAC-SHA512 of the raw body. */
export const SIGNATURE_HEADER = 'X-Processing-Signature';

/** A callback whose signature and key checked out: its exact bytes, not yet parsed. */
export interface VerifiedCallback {
  readonly bytes: Buffer;
}

const readHeader = (headers: WebhookRequest['headers'], name: string): string | undefined => {
  const value: unknown = headerValue(headers, name);
  return typeof value === 'string' ? value : undefined;
};

const rawBytes = (body: unknown): Buffer | null =>
  typeof body === 'string'
    ? Buffer.from(body, 'utf8')
    : body instanceof Uint8Array
      ? Buffer.from(body)
      : null;

/**
 * Checks the key header and the signature over the raw body bytes, both in constant time; the body
 * must be the unparsed request body, because re-encoded JSON no longer matches its signature.
 */
export const verifyCallback =
  (settings: CoinspaidSettings) =>
  (request: WebhookRequest): E.Either<WebhookError, VerifiedCallback> => {
    const { provider } = settings;
    const headers = typeof request?.headers === 'object' && request.headers !== null ? request.headers : {};
    const bytes = rawBytes(request?.body);
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

/** Parses a verified body losslessly and decodes it as an invoice callback; other callback types are `UnsupportedEvent`. */
export const decodeCallback =
  (settings: CoinspaidSettings) =>
  ({ bytes }: VerifiedCallback): E.Either<WebhookError, CoinspaidDecoded<CoinspaidInvoiceCallback>> => {
    const { provider } = settings;
    const parsed = parseJsonLossless(bytes.toString('utf8'));
    if (E.isLeft(parsed)) {
      return E.left(malformedWebhook(provider, [{ path: '', message: `body is not JSON (${parsed.left})` }]));
    }
    const envelope = CoinspaidCallbackEnvelope.decode(parsed.right);
    if (E.isLeft(envelope)) return E.left(malformedWebhook(provider, reportIssues(envelope.left)));
    if (envelope.right.type !== 'invoice') return E.left(unsupportedEvent(provider, envelope.right.type));
    return pipe(
      CoinspaidInvoiceCallback.decode(parsed.right),
      E.mapLeft((errors) => malformedWebhook(provider, reportIssues(errors))),
      E.map(withRaw(parsed.right)),
    );
  };

const remainingMoney = (sent: CoinspaidCurrencySent | null | undefined): Money | null =>
  sent?.remaining_amount === undefined || sent.remaining_amount === null
    ? null
    : { amount: sent.remaining_amount, currency: sent.currency };

const toEventTransaction = (transaction: CoinspaidCallbackTransaction): EventTransaction => ({
  id: transaction.id ?? null,
  txid: transaction.txid ?? null,
  currency: transaction.currency,
  amount: transaction.amount,
  confirmations: transaction.confirmations ?? null,
});

/** Normalizes a decoded invoice callback to the canonical `InvoiceEvent`. */
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
      received: wire.currency_received
        ? { amount: wire.currency_received.amount, currency: wire.currency_received.currency }
        : null,
      remaining,
      transactions: (wire.transactions ?? []).map(toEventTransaction),
      // The docs deduplicate on root id + status; the remaining amount also tells instalments apart.
      dedupeKey: [settings.provider, wire.id, wire.status, remaining?.amount ?? ''].join(':'),
      testMode: settings.testMode,
      raw,
    };
  };
