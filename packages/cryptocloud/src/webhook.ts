import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { type InvoiceError, type InvoiceEvent, type Secret, type WebhookError } from '@invoicekit/core';
import {
  confirmationFailed,
  malformedWebhook,
  reportIssues,
  signatureInvalid,
  textOrNull,
  unsupportedEvent,
  withRaw,
  type WithRaw,
} from '@invoicekit/core/adapter';
import {
  CryptocloudPostback,
  invoiceUuid,
  readDateTime,
  sameInvoice,
  type CryptocloudInvoice,
} from './codecs';
import { isTestMode, orderIdOf, owedMoney, paidMoney } from './response';
import {
  readPostbackFields,
  readPostbackRequest,
  readPostbackToken,
  type PostbackFields,
} from './postbackBody';
import { readTokenClaim, verifyPostbackToken, type TokenClaim } from './signature';
import { invoiceState, toInvoiceStatus, toPostbackStatus } from './status';

/** Reads one invoice from merchant/info, for confirming a postback. */
export type ConfirmInvoice = (invoiceId: string) => TE.TaskEither<InvoiceError, WithRaw<CryptocloudInvoice>>;

/** What postback parsing needs: the secret key, the test-mode switch, a clock, and the confirming call (null: off). */
export interface PostbackDeps {
  readonly secretKey: Secret | undefined;
  readonly allowTestMode: boolean;
  readonly now: () => Date;
  readonly confirm: ConfirmInvoice | null;
}

/** A postback whose token checked out: its body fields, not yet decoded, and what the token's `id` claim names. */
export interface VerifiedPostback {
  readonly fields: PostbackFields;
  readonly claim: TokenClaim;
}

const unreadable = (reason: string): WebhookError => signatureInvalid('cryptocloud', reason);

const NO_SECRET =
  'no secretKey configured: set secretKey to the CryptoCloud project SECRET KEY to verify postbacks';

/**
 * Verifies before it parses: refuses a body over `CRYPTOCLOUD_MAX_POSTBACK_BYTES` unread, finds the
 * `token` with native parsers, verifies it (HS256 with the project secret key, `exp` required, time
 * claims bounded, an `id` claim naming an invoice), and only then reads the body losslessly. An
 * unreadable request or token is `SignatureInvalid`; a body unreadable past a valid token is `MalformedWebhook`.
 */
export const verifyWebhook = (
  deps: PostbackDeps,
): ((request: unknown) => TE.TaskEither<WebhookError, VerifiedPostback>) => {
  const verifyToken = deps.secretKey === undefined ? null : verifyPostbackToken(deps.secretKey, deps.now);
  return (request) => async () => {
    const received = readPostbackRequest(request);
    if (E.isLeft(received)) return received;
    if (verifyToken === null) return E.left(unreadable(NO_SECRET));
    const token = readPostbackToken(received.right);
    if (E.isLeft(token)) return token;
    const claims = await verifyToken(token.right)();
    const claim = E.flatMap(claims, readTokenClaim);
    if (E.isLeft(claim)) return claim;
    return pipe(
      readPostbackFields(received.right),
      E.map((fields) => ({ fields, claim: claim.right })),
    );
  };
};

const withoutToken = (fields: PostbackFields): PostbackFields => {
  const { token: _token, ...rest } = fields;
  return rest;
};

const anotherInvoice = (): WebhookError =>
  unreadable('the token was issued for another invoice than the body names');

const NUMERIC_CLAIM =
  'the token names the invoice by a number, which cannot be matched to the body: keep confirmPostbacks ' +
  'on so the invoice is read from CryptoCloud instead';

// The token binds at most the invoice id; a numeric id binds nothing we can check, so only
// confirmation through merchant/info can make such a postback trustworthy.
const checkClaim =
  (confirming: boolean, claim: TokenClaim) =>
  (decoded: WithRaw<CryptocloudPostback>): E.Either<WebhookError, WithRaw<CryptocloudPostback>> => {
    const postback = decoded.wire;
    const infoId = postback.invoice_info?.uuid;
    if (infoId !== undefined && !sameInvoice(infoId, postback.invoice_id)) return E.left(anotherInvoice());
    if (claim.kind === 'number') return confirming ? E.right(decoded) : E.left(unreadable(NUMERIC_CLAIM));
    return sameInvoice(claim.value, postback.invoice_id) ? E.right(decoded) : E.left(anotherInvoice());
  };

/**
 * Decodes the verified fields (the token left out of `raw`) and checks that the token and the body
 * name the same invoice; a numeric claim passes only when the postback will be confirmed.
 */
export const decodeWebhook =
  (deps: PostbackDeps) =>
  ({ fields, claim }: VerifiedPostback): E.Either<WebhookError, WithRaw<CryptocloudPostback>> =>
    pipe(
      withRaw(CryptocloudPostback).decode(withoutToken(fields)),
      E.mapLeft((errors) => malformedWebhook('cryptocloud', reportIssues(errors))),
      E.flatMap(checkClaim(deps.confirm !== null, claim)),
    );

const testModeRefused = (reason: string): WebhookError =>
  unsupportedEvent('cryptocloud', 'test_mode', `${reason}; set allowTestMode: true to accept test postbacks`);

/** Builds the event from the invoice as merchant/info reports it: status, paid amount, order id and test mode. */
const confirmedEvent =
  (allowTestMode: boolean, now: () => Date) =>
  (postback: WithRaw<CryptocloudPostback>) =>
  ({ wire, raw }: WithRaw<CryptocloudInvoice>): E.Either<WebhookError, InvoiceEvent> => {
    if (isTestMode(wire) && !allowTestMode) {
      return E.left(
        testModeRefused('cryptocloud reports this invoice in test mode (test_mode is not false)'),
      );
    }
    const invoiceId = invoiceUuid(wire.uuid);
    const received = paidMoney(wire);
    const expiresAt = typeof wire.expiry_date === 'string' ? readDateTime(wire.expiry_date) : null;
    const { status, failureReason } = invoiceState(wire.status, received?.amount ?? null, expiresAt, now());
    return E.right({
      provider: 'cryptocloud',
      invoiceId,
      orderId: orderIdOf(wire),
      status,
      providerStatus: wire.status,
      failureReason,
      received,
      remaining: owedMoney(wire),
      transactions: [],
      dedupeKey: `cryptocloud:${invoiceId}:${wire.status}:${received?.amount ?? ''}`,
      confirmed: true,
      testMode: isTestMode(wire),
      raw: { postback: postback.raw, invoice: raw },
    });
  };

/** Maps a verified postback to an unconfirmed event, its body fields taken as sent. */
const unconfirmedEvent =
  (allowTestMode: boolean) =>
  ({ wire: postback, raw }: WithRaw<CryptocloudPostback>): E.Either<WebhookError, InvoiceEvent> => {
    const info = postback.invoice_info ?? undefined;
    // Only invoice_info.test_mode === false says the payment is live: the dashboard's "confirm
    // without payment" sends the same postback for test invoices, and not every postback has invoice_info.
    const testMode = info?.test_mode !== false;
    if (testMode && !allowTestMode) {
      return E.left(
        testModeRefused(
          'cryptocloud postback does not say it is live (no invoice_info.test_mode: false), so it is taken for a test',
        ),
      );
    }
    const infoStatus = textOrNull(info?.status);
    const providerStatus = infoStatus ?? postback.status;
    const invoiceId = invoiceUuid(postback.invoice_id);
    const currency = textOrNull(postback.currency);
    const amount = postback.amount_crypto ?? null;
    return E.right({
      provider: 'cryptocloud',
      invoiceId,
      orderId: textOrNull(postback.order_id) ?? textOrNull(info?.order_id),
      status: infoStatus !== null ? toInvoiceStatus(infoStatus) : toPostbackStatus(postback.status),
      providerStatus,
      failureReason: null,
      received: amount !== null && currency !== null ? { amount, currency } : null,
      remaining: null,
      transactions: [],
      dedupeKey: `cryptocloud:${invoiceId}:${providerStatus}:${amount ?? ''}`,
      confirmed: false,
      testMode,
      raw,
    });
  };

const confirmPostback =
  (confirm: ConfirmInvoice, allowTestMode: boolean, now: () => Date) =>
  (postback: WithRaw<CryptocloudPostback>): TE.TaskEither<WebhookError, InvoiceEvent> =>
    pipe(
      confirm(postback.wire.invoice_id),
      TE.mapError((error): WebhookError => confirmationFailed('cryptocloud', error)),
      TE.flatMapEither(confirmedEvent(allowTestMode, now)(postback)),
    );

/**
 * Turns a decoded postback into an `InvoiceEvent`: confirmed through merchant/info when `deps.confirm`
 * is set (`raw` is `{ postback, invoice }`: the body without its token, and the invoice object
 * merchant/info sent), else from the body as sent (`raw` is that body without its token).
 */
export const toInvoiceEvent =
  (deps: PostbackDeps) =>
  (postback: WithRaw<CryptocloudPostback>): TE.TaskEither<WebhookError, InvoiceEvent> =>
    deps.confirm === null
      ? TE.fromEither(unconfirmedEvent(deps.allowTestMode)(postback))
      : confirmPostback(deps.confirm, deps.allowTestMode, deps.now)(postback);
