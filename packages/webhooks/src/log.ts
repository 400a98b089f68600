import { explainError } from '@invoicekit/core';
import { WEBHOOK_STATUS } from './answer';
import type { WebhookLogger } from './options';
import type { WebhookOutcome } from './outcome';

/** The log line for a refused or failed delivery, or null for one the provider may stop sending (200). */
export const logLine = (outcome: WebhookOutcome): string | null =>
  outcome._tag === 'Applied' || outcome._tag === 'UnsupportedEvent'
    ? null
    : outcome._tag === 'EventRefused'
      ? `invoicekit webhook answered 200 without applying: ${explainError(outcome)}`
      : outcome._tag === 'RequestAborted'
        ? `invoicekit webhook left unanswered: ${explainError(outcome)}`
        : `invoicekit webhook answered ${WEBHOOK_STATUS[outcome._tag]}: ${explainError(outcome)}`;

/** `error` when the app or the endpoint must be fixed or a person must look (a 500, a handler that did not settle, a refused event); `warn` otherwise. */
const levelOf = (outcome: WebhookOutcome): keyof WebhookLogger =>
  outcome._tag === 'HandlerTimedOut' ||
  outcome._tag === 'EventRefused' ||
  WEBHOOK_STATUS[outcome._tag] === 500
    ? 'error'
    : 'warn';

/** Logs a refused or failed delivery in one line, at the level `levelOf` gives it. */
export const logOutcome =
  (logger: WebhookLogger) =>
  (outcome: WebhookOutcome): void => {
    const line = logLine(outcome);
    if (line === null) return;
    try {
      logger[levelOf(outcome)](line);
    } catch {
      // A logger that throws must not turn the answer into a crash.
    }
  };
