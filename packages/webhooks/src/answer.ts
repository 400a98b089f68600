import type { WebhookOutcome } from './outcome';

/** The HTTP statuses a webhook endpoint answers with. */
export type WebhookStatus = 200 | 400 | 405 | 413 | 500 | 503;

/** The HTTP answer to one delivery, whatever the framework: status, headers and body (empty on a 200). */
export interface WebhookAnswer {
  readonly status: WebhookStatus;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The status each outcome is answered with. 200 tells the provider to stop; 500 and 503 make it retry;
 * 400 says the request is not a readable delivery from it (retrying cannot change that). `NoRoute` is
 * a 400: no configured provider claims the request, which is what a stray or forged request looks like;
 * the warning logged for it shows a misconfiguration. `HandlerTimedOut` is a 503, not a 500: the app's
 * handler did not fail, its outcome is unknown (it may still commit), so the answer says "try again later"
 * and the retry finds the `dedupeKey` applied. `EventRefused` is a 200: the app's handler said no retry can
 * succeed (a NUL in an id the ledger refuses), and the CoinsPaid platform retries any other answer for a
 * day; it is logged at `error` for a person to look at. `RequestAborted` has no reader: its 503 is never delivered.
 */
export const WEBHOOK_STATUS: Readonly<Record<WebhookOutcome['_tag'], WebhookStatus>> = {
  Applied: 200,
  UnsupportedEvent: 200,
  ApplyFailed: 500,
  EventRefused: 200,
  HandlerTimedOut: 503,
  ConfirmationFailed: 503,
  SignatureInvalid: 400,
  MalformedWebhook: 400,
  NoRoute: 400,
  MethodNotAllowed: 405,
  BodyTooLarge: 413,
  RawBodyUnavailable: 500,
  RequestAborted: 503,
  EndpointFailed: 500,
};

const JSON_TYPE = 'application/json; charset=utf-8';

const answerOf = (tag: WebhookOutcome['_tag']): WebhookAnswer => {
  const status = WEBHOOK_STATUS[tag];
  return status === 200
    ? { status, headers: Object.freeze({ 'cache-control': 'no-store' }), body: '' }
    : {
        status,
        headers: Object.freeze({
          'content-type': JSON_TYPE,
          'cache-control': 'no-store',
          ...(tag === 'MethodNotAllowed' ? { allow: 'POST' } : {}),
        }),
        body: JSON.stringify({ outcome: tag }),
      };
};

// An answer depends on the outcome's tag alone, so each is built once, frozen, and shared.
const ANSWERS = Object.fromEntries(
  (Object.keys(WEBHOOK_STATUS) as Array<WebhookOutcome['_tag']>).map((tag) => [
    tag,
    Object.freeze(answerOf(tag)),
  ]),
) as Readonly<Record<WebhookOutcome['_tag'], WebhookAnswer>>;

/**
 * The HTTP answer to an outcome: the one mapping every handler uses. A 200 has no body (the CoinsPaid
 * platform documents "return HTTP 200 with no body"); any other answer is JSON naming the outcome, never
 * its details. Answers are frozen and shared between requests.
 */
export const webhookAnswer = (outcome: WebhookOutcome): WebhookAnswer => ANSWERS[outcome._tag];
