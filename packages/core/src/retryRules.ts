import * as E from 'fp-ts/Either';
import type { InvoiceError, Issue } from './errors';
import { headerValue, retryAfterMs } from './http';
import { neverSent } from './retry';
import type { HttpResponse } from './transport';

/** Retries of a provider's requests (docs/errors.md#retries); off unless given. */
export interface RetryOptions {
  /** Attempts in all, the first included: 1 (no retry) to `MAX_ATTEMPTS`. */
  readonly attempts: number;
  /** The first wait's upper bound in ms (default 200); each later one doubles, up to `maxDelayMs`. */
  readonly baseDelayMs?: number;
  /** The longest wait between two attempts in ms (default 5000). */
  readonly maxDelayMs?: number;
  /**
   * The longest `Retry-After` honoured, in ms (default 10,000): a 429 or 503 asking for longer is
   * returned at once, so the caller can schedule the retry itself.
   */
  readonly maxRetryAfterMs?: number;
  /** Every attempt and wait of one request ends within this many ms (default: `attempts × timeoutMs`). */
  readonly deadlineMs?: number;
}

/** Retry options with every default filled in. */
export interface RetrySettings {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly deadlineMs: number | null;
}

/** The most attempts a request may get. */
export const MAX_ATTEMPTS = 10;

/** The defaults of `RetryOptions`. */
export const RETRY_DEFAULTS = { baseDelayMs: 200, maxDelayMs: 5000, maxRetryAfterMs: 10_000 } as const;

const isWhole = (u: unknown, min: number, max = Number.MAX_SAFE_INTEGER): u is number =>
  typeof u === 'number' && Number.isSafeInteger(u) && u >= min && u <= max;

const optionalWhole = (options: Readonly<Record<string, unknown>>, key: string, min: number): Issue[] =>
  options[key] === undefined || isWhole(options[key], min)
    ? []
    : [{ path: `retry.${key}`, message: `must be a whole number of milliseconds, ${min} or more` }];

/** What is wrong with retry options given at run time; empty when they are usable. */
export const retryOptionIssues = (retry: unknown): ReadonlyArray<Issue> => {
  if (retry === undefined) return [];
  if (typeof retry !== 'object' || retry === null) return [{ path: 'retry', message: 'must be an object' }];
  const options = retry as Readonly<Record<string, unknown>>;
  return [
    ...(isWhole(options.attempts, 1, MAX_ATTEMPTS)
      ? []
      : [{ path: 'retry.attempts', message: `must be a whole number from 1 to ${MAX_ATTEMPTS}` }]),
    ...optionalWhole(options, 'baseDelayMs', 0),
    ...optionalWhole(options, 'maxDelayMs', 0),
    ...optionalWhole(options, 'maxRetryAfterMs', 0),
    ...optionalWhole(options, 'deadlineMs', 1),
  ];
};

/** The settings of usable retry options with defaults filled in; null when absent, unusable or one attempt. */
export const retrySettings = (retry: RetryOptions | undefined): RetrySettings | null =>
  retry === undefined || retryOptionIssues(retry).length > 0 || retry.attempts < 2
    ? null
    : {
        attempts: retry.attempts,
        baseDelayMs: retry.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs,
        maxDelayMs: retry.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs,
        maxRetryAfterMs: retry.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs,
        deadlineMs: retry.deadlineMs ?? null,
      };

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): a
 * uniformly random wait below `baseDelayMs × 2^(retry - 1)`, capped at `maxDelayMs`, so clients that
 * failed together do not come back together.
 */
export const backoffMs = (
  settings: RetrySettings,
  retry: number,
  random: () => number = Math.random,
): number => Math.floor(random() * Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retry - 1)));

/** The statuses a later attempt may see answered differently. 501 (Not Implemented) and 505 never change. */
const isTransientStatus = (status: number): boolean =>
  status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);

/**
 * Whether an attempt's outcome allows sending the same request again, and why. Each rule's reason:
 * - `not-sent`: the connection was refused or the host did not resolve, so the provider never saw the
 *   request; sending it again cannot do anything twice, whatever the request does.
 * - `transient`, idempotent requests only (reads, and writes the provider deduplicates): a timeout, a
 *   reset or other connection failure, a 429 or a 5xx may have reached the provider, which is harmless
 *   for a request whose repetition changes nothing, and a later attempt may succeed.
 * - anything else is final: an answer that is not 429/5xx will be the same next time, and a create or
 *   cancel that may have reached the provider must not be sent twice (a second invoice, or a "not
 *   found" for a cancel that worked); a transport failure that is not a connection failure (a body past
 *   the size cap) will repeat.
 */
export const resendReason = (
  outcome: E.Either<InvoiceError, HttpResponse>,
  idempotent: boolean,
): 'not-sent' | 'transient' | null => {
  if (E.isLeft(outcome)) {
    if (neverSent(outcome.left)) return 'not-sent';
    return idempotent && (outcome.left._tag === 'Timeout' || outcome.left._tag === 'NetworkError')
      ? 'transient'
      : null;
  }
  return idempotent && isTransientStatus(outcome.right.status) ? 'transient' : null;
};

/**
 * How long to wait before the next attempt: the answer's `Retry-After` (429 or 503) when it gives
 * one, else `backoffMs`; null when the `Retry-After` exceeds `maxRetryAfterMs` (waiting that long
 * inside one call would hold the caller past any sensible deadline).
 */
export const waitBeforeRetry = (
  settings: RetrySettings,
  retry: number,
  outcome: E.Either<InvoiceError, HttpResponse>,
  now: Date,
  random?: () => number,
): number | null => {
  const asked = E.isRight(outcome)
    ? retryAfterMs(headerValue(outcome.right.headers, 'retry-after'), now)
    : null;
  if (asked === null) return backoffMs(settings, retry, random);
  return asked > settings.maxRetryAfterMs ? null : asked;
};
