import { describeError } from '@invoicekit/core';
import { WEBHOOK_STATUS } from './answer';
import type { WebhookLogger } from './options';
import type { WebhookOutcome } from './outcome';

/** The log line for a refused or failed delivery, or null for one the provider may stop sending (200). */
export const logLine = (outcome: WebhookOutcome): string | null =>
  outcome._tag === 'Applied' || outcome._tag === 'UnsupportedEvent'
    ? null
    : `invoicekit webhook answered ${WEBHOOK_STATUS[outcome._tag]}: ${describeError(outcome)}`;

/** Logs a refused or failed delivery: `error` for a 500 (the app or the endpoint must be fixed), `warn` otherwise. */
export const logOutcome =
  (logger: WebhookLogger) =>
  (outcome: WebhookOutcome): void => {
    const line = logLine(outcome);
    if (line === null) return;
    try {
      if (WEBHOOK_STATUS[outcome._tag] === 500) logger.error(line);
      else logger.warn(line);
    } catch {
      // A logger that throws must not turn the answer into a crash.
    }
  };
