import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { type InvoiceError, type InvoiceEvent, type Secret, type WebhookError } from '@invoicekit/core';
import {
  confirmationFailed,
  isRecord,
  malformedWebhook,
  parseJsonLossless,
  readWebhookRequest,
  reportIssues,
  signatureInvalid,
  textOrNull,
  unsupportedEvent,
  withRaw,
  type ReceivedWebhook,
  type WithRaw,
} from '@invoicekit/core/adapter';
import { CryptocloudPostback, invoiceUuid, sameInvoice, type CryptocloudInvoice } from './codecs';
import { isTestMode, orderIdOf, paidMoney } from './response';
import { readTokenClaim, verifyPostbackToken, type TokenClaim } from './signature';
import { toInvoiceStatus, toPostbackStatus } from './status';

/** Reads one invoice from merchant/info, for confirming a postback. */
export type ConfirmInvoice = (invoiceId: string) => TE.TaskEither<InvoiceError, WithRaw<CryptocloudInvoice>>;

/** What postback parsing needs: the secret key, the test-mode switch, a clock, and the confirming call (null: off). */
export interface PostbackDeps {
  readonly secretKey: Secret | undefined;
  readonly allowTestMode: boolean;
  readonly now: () => Date;
  readonly confirm: ConfirmInvoice | null;
}

type Fields = Readonly<Record<string, unknown>>;

/** A postback whose token checked out: its body fields, not yet decoded, and what the token's `id` claim names. */
export interface VerifiedPostback {
  readonly fields: Fields;
  readonly claim: TokenClaim;
}

const unreadable = (reason: string): WebhookError => signatureInvalid('cryptocloud', reason);

const readForm = (text: string): E.Either<WebhookError, Fields> => {
  const fields = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(text)) if (!fields.has(key)) fields.set(key, value);
  return fields.has('__proto__')
    ? E.left(unreadable('the postback body has a member named "__proto__"'))
    : E.right(Object.fromEntries(fields));
};

const readJson = (text: string): E.Either<WebhookError, Fields> =>
  pipe(
    parseJsonLossless(text),
    E.filterOrElse(isRecord, () => 'not an object'),
    E.mapLeft((reason) =>
      unreadable(`the postback body is not a JSON object (${reason}), so no token can be read`),
    ),
  );

const isForm = ({ headers, text }: ReceivedWebhook): boolean => {
  const contentType = headers['content-type'];
  return contentType !== undefined && /application\/x-www-form-urlencoded/i.test(contentType)
    ? true
    : contentType !== undefined && /json/i.test(contentType)
      ? false
      : !text.trimStart().startsWith('{');
};

/** Reads postback fields from a JSON or form-encoded body, chosen by Content-Type, else by sniffing. */
export const readPostbackFields = (request: unknown): E.Either<WebhookError, Fields> =>
  pipe(
    readWebhookRequest('cryptocloud')(request),
    E.flatMap((received) => (isForm(received) ? readForm(received.text) : readJson(received.text))),
  );

const verifyFields =
  (deps: PostbackDeps) =>
  (fields: Fields): TE.TaskEither<WebhookError, VerifiedPostback> => {
    if (deps.secretKey === undefined) {
      return TE.left(
        unreadable(
          'no secretKey configured: set secretKey to the CryptoCloud project SECRET KEY to verify postbacks',
        ),
      );
    }
    const token = textOrNull(fields.token);
    if (token === null) return TE.left(unreadable('the postback has no token'));
    return pipe(
      verifyPostbackToken(deps.secretKey, deps.now)(token.trim()),
      TE.flatMapEither(readTokenClaim),
      TE.map((claim) => ({ fields, claim })),
    );
  };

/**
 * Reads the request once (JSON or form body) and verifies its `token`: HS256 with the project secret
 * key, `exp` required, an `id` claim naming an invoice. An unreadable request is `SignatureInvalid`.
 */
export const verifyWebhook =
  (deps: PostbackDeps) =>
  (request: unknown): TE.TaskEither<WebhookError, VerifiedPostback> =>
    pipe(TE.fromEither(readPostbackFields(request)), TE.flatMap(verifyFields(deps)));

const withoutToken = (fields: Fields): Fields => {
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
  (allowTestMode: boolean) =>
  (postback: WithRaw<CryptocloudPostback>) =>
  ({ wire, raw }: WithRaw<CryptocloudInvoice>): E.Either<WebhookError, InvoiceEvent> => {
    if (isTestMode(wire) && !allowTestMode) {
      return E.left(
        testModeRefused('cryptocloud reports this invoice in test mode (test_mode is not false)'),
      );
    }
    const invoiceId = invoiceUuid(wire.uuid);
    const received = paidMoney(wire);
    return E.right({
      provider: 'cryptocloud',
      invoiceId,
      orderId: orderIdOf(wire),
      status: toInvoiceStatus(wire.status),
      providerStatus: wire.status,
      failureReason: null,
      received,
      remaining: null,
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
  (confirm: ConfirmInvoice, allowTestMode: boolean) =>
  (postback: WithRaw<CryptocloudPostback>): TE.TaskEither<WebhookError, InvoiceEvent> =>
    pipe(
      confirm(postback.wire.invoice_id),
      TE.mapError((error): WebhookError => confirmationFailed('cryptocloud', error)),
      TE.flatMapEither(confirmedEvent(allowTestMode)(postback)),
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
      : confirmPostback(deps.confirm, deps.allowTestMode)(postback);
