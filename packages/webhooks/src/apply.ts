import * as E from 'fp-ts/Either';
import { describeError } from '@invoicekit/core';
import { within } from './deadline';
import type { CheckedOptions, HandlerResult } from './options';
import { applied, applyFailed, eventRefused, handlerTimedOut, type WebhookOutcome } from './outcome';
import type { Unverified, Verified } from './route';

const MAX_REASON_LENGTH = 300;

type Fields = Readonly<Record<string, unknown>>;

const isFields = (u: unknown): u is Fields => typeof u === 'object' && u !== null;

const isLeftValue = (u: unknown): u is E.Left<unknown> => isFields(u) && u._tag === 'Left' && 'left' in u;

const isDescribable = (u: unknown): u is { readonly _tag: string; readonly message: string } =>
  isFields(u) && typeof u._tag === 'string' && typeof u.message === 'string';

const causeText = (cause: unknown): string =>
  isDescribable(cause)
    ? describeError(cause)
    : cause instanceof Error
      ? `${cause.name}: ${cause.message}`
      : typeof cause === 'string'
        ? cause
        : `a value of type ${cause === null ? 'null' : typeof cause}`;

/** One line describing what the app's handler failed with; reading a hostile value never throws. */
export const describeCause = (cause: unknown): string => {
  try {
    const text = causeText(cause).replace(/\s+/g, ' ').trim();
    return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH)}…` : text;
  } catch {
    return 'a value that cannot be described';
  }
};

/** Why the app's handler failed, in one line, and whether a redelivery could succeed. */
export interface HandlerFailure {
  readonly reason: string;
  /** False when the handler failed with a value whose `retryable` is `false` (the ledger's `InvalidInput`). */
  readonly retryable: boolean;
}

const isFinal = (cause: unknown): boolean => {
  try {
    return isFields(cause) && cause.retryable === false;
  } catch {
    return false;
  }
};

const failure = (how: string, cause: unknown): HandlerFailure => ({
  reason: `${how}: ${describeCause(cause)}`,
  retryable: !isFinal(cause),
});

const APPLIED: E.Either<HandlerFailure, void> = E.right(undefined);

const settledWith = (value: unknown): E.Either<HandlerFailure, void> =>
  isLeftValue(value) ? E.left(failure('it returned a Left', value.left)) : APPLIED;

const settleLater = async (returned: unknown): Promise<E.Either<HandlerFailure, void>> => {
  try {
    const settled: unknown = await (typeof returned === 'function' ? returned() : returned);
    // `async (e) => ledger.apply(e)` resolves to a TaskEither that nobody ran yet.
    return settledWith(typeof settled === 'function' ? await (settled as () => unknown)() : settled);
  } catch (cause) {
    return E.left(failure('it threw', cause));
  }
};

/**
 * Calls one of the app's handlers: how it ended, at once when it threw or returned a plain value
 * (`undefined`, a string, …), else a Promise of it that never rejects; Right when it applied.
 */
export const startHandler = (
  call: () => HandlerResult,
): E.Either<HandlerFailure, void> | Promise<E.Either<HandlerFailure, void>> => {
  let returned: unknown;
  try {
    returned = call();
  } catch (cause) {
    return E.left(failure('it threw', cause));
  }
  return returned === null || (typeof returned !== 'object' && typeof returned !== 'function')
    ? APPLIED
    : settleLater(returned);
};

/**
 * Runs a handler and maps how it ended to an outcome; a handler that settles later is bounded by
 * `handlerTimeoutMs`, counted from the call, and only then does a timer run.
 */
const bounded = <N extends string>(
  timeoutMs: number,
  call: () => HandlerResult,
  outcome: (handled: E.Either<HandlerFailure, void>) => WebhookOutcome<N>,
  late: () => WebhookOutcome<N>,
): WebhookOutcome<N> | Promise<WebhookOutcome<N>> => {
  const startedAt = performance.now();
  const started = startHandler(call);
  return started instanceof Promise
    ? within(started.then(outcome), startedAt, timeoutMs, late)
    : outcome(started);
};

/**
 * Hands a verified event to `onEvent`: `Applied`, `ApplyFailed` when the app could not apply it,
 * `EventRefused` when it failed with a value that says no retry can succeed, or `HandlerTimedOut` when
 * it did not settle within `handlerTimeoutMs`.
 */
export const applyEvent = <N extends string, Req>(
  settings: CheckedOptions<N, Req>,
  { event, name }: Verified<N>,
): WebhookOutcome<N> | Promise<WebhookOutcome<N>> =>
  bounded<N>(
    settings.handlerTimeoutMs,
    () => settings.onEvent(event, { name }),
    (handled) => {
      if (E.isRight(handled)) return applied(event, name);
      const { reason, retryable } = handled.left;
      return retryable
        ? applyFailed(event.provider, event.dedupeKey, 'onEvent', reason)
        : eventRefused(event.provider, event.dedupeKey, reason);
    },
    () => handlerTimedOut(event.provider, event.dedupeKey, 'onEvent', settings.handlerTimeoutMs),
  );

/** Passes an `UnsupportedEvent` to `onUnsupported` when the app opted in; every other refusal is the outcome itself. */
export const acknowledge = <N extends string, Req>(
  settings: CheckedOptions<N, Req>,
  name: N | null,
  unverified: Unverified,
): WebhookOutcome<N> | Promise<WebhookOutcome<N>> => {
  const { onUnsupported } = settings;
  if (unverified._tag !== 'UnsupportedEvent' || onUnsupported === null) return unverified;
  return bounded<N>(
    settings.handlerTimeoutMs,
    () => onUnsupported(unverified, { name }),
    (handled) =>
      E.isRight(handled)
        ? unverified
        : applyFailed(unverified.provider, null, 'onUnsupported', handled.left.reason),
    () => handlerTimedOut(unverified.provider, null, 'onUnsupported', settings.handlerTimeoutMs),
  );
};
