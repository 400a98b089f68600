import * as E from 'fp-ts/Either';
import { flow } from 'fp-ts/function';
import type { EventTransaction, InvoiceEvent, ProviderId, WebhookError } from '@invoicekit/core';
import {
  andThen,
  isLosslessNumber,
  isRecord,
  malformedWebhook,
  parseJsonLossless,
  readBoundedWebhook,
  reportIssues,
  signatureInvalid,
  textOrNull,
  timingSafeEqual,
  unsupportedEvent,
  utf8Encode,
  withRaw,
  type ReceivedWebhook,
  type WithRaw,
} from '@invoicekit/core/adapter';
import { CryptomusWebhook } from './codecs';
import type { CryptomusConfig } from './config';
import { topLevelMembers } from './rawMembers';
import { amountsOf } from './response';
import { matchingRecipes, type SignedBody, type WebhookRecipe } from './signature';
import { canonicalStatus } from './status';

/**
 * The largest webhook body read, in bytes. The documented payment webhook is about 1 KB (the
 * omnipay-cryptomus `paid` body is 0.7 KB) and every free member is bounded at creation (`order_id`
 * 128, `additional_data` 255, the URLs 255 characters); 16 KiB leaves room for members added since and
 * bounds what an unsigned body costs before its PHP re-encoding is compared.
 */
export const CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES = 16 * 1024;

/** A webhook whose in-body `sign` matched: its parsed body, its `type` and the recipes that matched. */
export interface VerifiedWebhook {
  readonly value: Readonly<Record<string, unknown>>;
  readonly type: string | null;
  readonly recipes: ReadonlyArray<WebhookRecipe>;
}

const refuse = (provider: ProviderId, reason: string): E.Either<WebhookError, never> =>
  E.left(signatureInvalid(provider, reason));

const typeOf = (value: Readonly<Record<string, unknown>>): string | null => textOrNull(value.type);

/** Reads the body as received into what the recipes need; anything they cannot check is `SignatureInvalid`. */
export const readSignedBody =
  (provider: ProviderId) =>
  (received: ReceivedWebhook): E.Either<WebhookError, SignedBody> => {
    if (!timingSafeEqual(utf8Encode(received.text), received.bytes)) {
      return refuse(provider, 'the body is not UTF-8 text, so it cannot be what the provider signed');
    }
    const parsed = parseJsonLossless(received.text);
    if (E.isLeft(parsed)) return refuse(provider, `the body is not JSON (${parsed.left})`);
    const value = parsed.right;
    const members = topLevelMembers(received.text);
    if (!isRecord(value) || isLosslessNumber(value) || members === null) {
      return refuse(provider, 'the body is not a JSON object');
    }
    if (new Set(members.map((member) => member.key)).size !== members.length) {
      return refuse(provider, 'the body names a member twice');
    }
    return typeof value.sign === 'string'
      ? E.right({ text: received.text, value, members, sign: value.sign })
      : refuse(provider, 'the body has no "sign" string; send the raw request body, not parsed JSON');
  };

/** The key a webhook is signed with: the payout key for `type: "payout"`, the payment key for the rest. */
const keyFor = (config: CryptomusConfig, type: string | null): string | null =>
  type === 'payout' ? (config.payoutKey?.reveal() ?? null) : config.apiKey.reveal();

const checkSign =
  (config: CryptomusConfig) =>
  (body: SignedBody): E.Either<WebhookError, VerifiedWebhook> => {
    const type = typeOf(body.value);
    const key = keyFor(config, type);
    if (key === null) {
      return refuse(
        config.provider,
        'a payout webhook is signed with the payout key: set payoutKey to verify it',
      );
    }
    const recipes = matchingRecipes(body, key);
    return recipes.length > 0
      ? E.right({ value: body.value, type, recipes })
      : refuse(
          config.provider,
          `the "sign" member does not match the body under any accepted recipe: check ${type === 'payout' ? 'payoutKey, the payout API key' : "apiKey (INVOICEKIT_API_KEY), the payment API key of this merchant's shopId"}`,
        );
  };

/**
 * Reads the request once, refusing a body over `CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES` unread, and checks the
 * in-body `sign` over the body exactly as received, under every accepted recipe (PHP re-encoding and
 * raw-member removal), each compared in constant time.
 */
export const verifyWebhook = (
  config: CryptomusConfig,
): ((request: unknown) => E.Either<WebhookError, VerifiedWebhook>) =>
  flow(
    readBoundedWebhook(config.provider, CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES),
    andThen(readSignedBody(config.provider)),
    andThen(checkSign(config)),
  );

/** Decodes a verified payment webhook; `wallet` (static wallets) and `payout` webhooks are `UnsupportedEvent`s. */
export const decodeWebhook =
  (provider: ProviderId) =>
  ({ value, type }: VerifiedWebhook): E.Either<WebhookError, WithRaw<CryptomusWebhook>> => {
    if (type === null) {
      return E.left(malformedWebhook(provider, [{ path: 'type', message: 'must name the webhook type' }]));
    }
    if (type !== 'payment') return E.left(unsupportedEvent(provider, type));
    const decoded = withRaw(CryptomusWebhook).decode(value);
    return E.isRight(decoded) ? decoded : E.left(malformedWebhook(provider, reportIssues(decoded.left)));
  };

const transactionsOf = (wire: CryptomusWebhook): EventTransaction[] => {
  const txid = textOrNull(wire.txid);
  const currency = textOrNull(wire.payer_currency);
  const amount = wire.payment_amount ?? null;
  return txid === null || currency === null || amount === null
    ? []
    : [{ id: null, txid, currency, amount, confirmations: null }];
};

/**
 * Normalizes a verified payment webhook. The dedupe key is what Heleket's SDK documents, `(uuid,
 * status)` ("A single invoice can legitimately progress through several final statuses"), plus the
 * amount paid so that two part payments that both leave `wrong_amount_waiting` stay apart.
 */
export const toInvoiceEvent =
  (config: CryptomusConfig) =>
  ({ wire, raw }: WithRaw<CryptomusWebhook>): InvoiceEvent => {
    const { status, failureReason } = canonicalStatus(wire.status, wire.is_final ?? null);
    const { received, remaining } = amountsOf(wire);
    return {
      provider: config.provider,
      invoiceId: wire.uuid,
      orderId: wire.order_id ?? null,
      status,
      providerStatus: wire.status,
      failureReason,
      received,
      remaining,
      transactions: transactionsOf(wire),
      dedupeKey: `${config.provider}:${wire.uuid}:${wire.status}:${wire.payment_amount ?? ''}`,
      confirmed: true,
      testMode: config.testMode,
      raw,
    };
  };
