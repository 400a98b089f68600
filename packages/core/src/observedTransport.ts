import * as E from 'fp-ts/Either';
import { defaultTransport } from './defaultTransport';
import type { ProviderOptions } from './descriptor';
import type { InvoiceError } from './errors';
import { callHook, type ProviderHooks, type RequestEvent } from './hooks';
import { exchangeRedactor, type ExchangeRedactor } from './redact';
import { resendReason, retrySettings, waitBeforeRetry, type RetrySettings } from './retryRules';
import type { Scrubber } from './scrub';
import {
  guardTransport,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  type RequestOperation,
} from './transport';

/** A request without an operation: reported as `request`, never re-sent once it may have arrived. */
const UNLABELLED: RequestOperation = { name: 'request', idempotent: false };

/** The status class every adapter maps the same way (docs/errors.md), for attempt events. */
const statusTag = (status: number): InvoiceError['_tag'] | null =>
  status === 429
    ? 'RateLimited'
    : status >= 500
      ? 'ProviderUnavailable'
      : status === 401 || status === 403
        ? 'Unauthorized'
        : status === 404
          ? 'NotFound'
          : status >= 400
            ? 'Rejected'
            : null;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Attempt {
  readonly request: HttpRequest;
  readonly operation: RequestOperation;
  readonly number: number;
  readonly startTime: number;
  readonly durationMs: number;
  readonly outcome: E.Either<InvoiceError, HttpResponse>;
  readonly retryInMs: number | null;
}

const attemptEvent = (redact: ExchangeRedactor, attempt: Attempt): RequestEvent => {
  const { request, outcome } = attempt;
  const answered = E.isRight(outcome) ? outcome.right : null;
  const redacted = redact(request.url, request.body, answered === null ? null : answered.body);
  return {
    provider: request.provider,
    operation: attempt.operation.name,
    method: request.method,
    url: redacted.url,
    attempt: attempt.number,
    startTime: attempt.startTime,
    durationMs: attempt.durationMs,
    status: answered === null ? null : answered.status,
    errorTag: E.isLeft(outcome) ? outcome.left._tag : statusTag(outcome.right.status),
    errorCode: E.isLeft(outcome) && outcome.left._tag === 'NetworkError' ? outcome.left.code : null,
    requestBody: redacted.requestBody,
    responseBody: redacted.responseBody,
    retryInMs: attempt.retryInMs,
  };
};

/** The least time an attempt is worth starting with: less cannot reach a provider and bring its answer back. */
export const MIN_ATTEMPT_MS = 50;

/** The wait before the next attempt, or null when this one is the last (a final outcome, no attempt or too little time left). */
const nextWait = (
  settings: RetrySettings | null,
  attempt: number,
  operation: RequestOperation,
  outcome: E.Either<InvoiceError, HttpResponse>,
  now: Date,
  remainingMs: number,
): number | null => {
  if (settings === null || attempt >= settings.attempts) return null;
  if (resendReason(outcome, operation.idempotent) === null) return null;
  const wait = waitBeforeRetry(settings, attempt, outcome, now);
  return wait === null || wait + MIN_ATTEMPT_MS > remainingMs ? null : wait;
};

/**
 * The transport an adapter sends through: the configured one (core's default when none), and, when
 * `options` has hooks or retries, each request sent as attempts — every attempt guarded and scrubbed
 * like `guardTransport`, reported to `hooks.onRequest` with its bodies redacted, and sent again only as
 * `resendReason` allows, within `attempts` and the request's deadline (each attempt's timeout cut to
 * the time left). Without hooks or retries it is the configured transport itself: nothing is added.
 */
export const observedTransport = (options: ProviderOptions, scrub: Scrubber): HttpTransport => {
  const base = options.transport ?? defaultTransport;
  const hooks: ProviderHooks | undefined = options.hooks;
  const settings = retrySettings(options.retry);
  if (hooks === undefined && settings === null) return base;
  const send = guardTransport(base, scrub);
  const redact = exchangeRedactor(scrub, options.personalFields);
  const now = options.now ?? (() => new Date());
  return (request) => async () => {
    const operation = request.operation ?? UNLABELLED;
    const deadline =
      performance.now() + (settings?.deadlineMs ?? request.timeoutMs * (settings?.attempts ?? 1));
    for (let number = 1; ; number += 1) {
      const left = Math.floor(deadline - performance.now());
      const sent = left < request.timeoutMs ? { ...request, timeoutMs: Math.max(1, left) } : request;
      const startTime = Date.now();
      const began = performance.now();
      const outcome = await send(sent)();
      const durationMs = performance.now() - began;
      const retryInMs = nextWait(settings, number, operation, outcome, now(), deadline - performance.now());
      if (hooks !== undefined) {
        const attempt = { request: sent, operation, number, startTime, durationMs, outcome, retryInMs };
        callHook(hooks, 'onRequest', attemptEvent(redact, attempt));
      }
      if (retryInMs === null) return outcome;
      await sleep(retryInMs);
    }
  };
};
