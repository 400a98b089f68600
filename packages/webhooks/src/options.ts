import * as E from 'fp-ts/Either';
import type * as TE from 'fp-ts/TaskEither';
import type { InvoiceEvent, InvoiceProvider, UnsupportedEvent } from '@invoicekit/core';
import type { Gateway } from '@invoicekit/gateway';
import { endpointFailed, type EndpointFailed } from './outcome';

/** Where a delivery came from: the gateway name it was routed to, or null. */
export interface DeliveryContext<N extends string> {
  readonly name: N | null;
}

/**
 * What the app's handler returns. It failed (answer 500) when it throws, returns a rejected Promise,
 * or yields a `Left`: as a TaskEither, an Either, or a Promise of either. Anything else means applied.
 */
export type HandlerResult =
  void | E.Either<unknown, unknown> | TE.TaskEither<unknown, unknown> | Promise<unknown>;

/** The app's handler for a verified invoice event: apply it once, keyed by `event.dedupeKey`. */
export type OnEvent<N extends string> = (event: InvoiceEvent, context: DeliveryContext<N>) => HandlerResult;

/** The app's handler for an authentic callback that is not an invoice event (deposits, withdrawals, …). */
export type OnUnsupported<N extends string> = (
  error: UnsupportedEvent,
  context: DeliveryContext<N>,
) => HandlerResult;

/** Receives one line per refused or failed delivery: `warn` for 4xx, 503 and aborted requests, `error` for the rest. `console` fits. */
export interface WebhookLogger {
  /** One line per delivery answered 4xx (refused) or 503 (left for the provider to retry), or aborted by its sender. */
  warn(line: string): void;
  /** One line per delivery answered 500 (the app's handler or the endpoint's set-up failed) or whose handler did not settle in time. */
  error(line: string): void;
}

/** How a gateway picks the provider: by the webhook's credentials, or by a name read from the request (e.g. the URL). */
export type RouteBy<Req> = 'credentials' | ((request: Req) => string | undefined);

/** One provider, or a gateway and how to route to one of its providers. */
export type WebhookSource<N extends string, Req> =
  | { readonly provider: InvoiceProvider; readonly gateway?: never; readonly routeBy?: never }
  | { readonly gateway: Gateway<N>; readonly routeBy: RouteBy<Req>; readonly provider?: never };

/** What every handler takes besides its source. */
export interface HandlerSettings<N extends string> {
  /** Applies a verified invoice event; its failure answers 500 so the provider retries. */
  readonly onEvent: OnEvent<N>;
  /** Opt-in: sees authentic non-invoice callbacks before they are acknowledged with 200; its failure answers 500. */
  readonly onUnsupported?: OnUnsupported<N>;
  /**
   * The largest body read, in bytes; a larger one is answered 413. Default: the provider's own
   * `maxWebhookBodyBytes` (with a gateway routed by credentials, the largest of its providers'), else 1 MiB.
   */
  readonly maxBodyBytes?: number;
  /** How long `onEvent` or `onUnsupported` may take, in ms (default 2000); past it the endpoint answers 503 so the provider retries. */
  readonly handlerTimeoutMs?: number;
  /** Where refused and failed deliveries are logged (default `console`). */
  readonly logger?: WebhookLogger;
}

/** Options of a webhook handler whose route function reads the framework's request type `Req`. */
export type WebhookOptions<N extends string, Req> = WebhookSource<N, Req> & HandlerSettings<N>;

/** The body limit when neither `maxBodyBytes` nor the provider's `maxWebhookBodyBytes` is set: far above any provider's callback. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * How long the app's handler may take when `handlerTimeoutMs` is not set: 2 s, under the 3 s NOWPayments
 * gives an endpoint to answer; every other provider waits longer (BTCPay Server 100 s) or publishes no limit.
 */
export const DEFAULT_HANDLER_TIMEOUT_MS = 2000;

/** The longest `handlerTimeoutMs`: what a Node timer can wait (longer ones fire at once). */
const MAX_TIMER_MS = 2_147_483_647;

/** Options once checked: the source, the app's handlers, the body limit (null: the provider's), the deadline and the logger. */
export interface CheckedOptions<N extends string, Req> {
  readonly source: WebhookSource<N, Req>;
  readonly onEvent: OnEvent<N>;
  readonly onUnsupported: OnUnsupported<N> | null;
  readonly maxBodyBytes: number | null;
  readonly handlerTimeoutMs: number;
  readonly logger: WebhookLogger;
}

type Fields = Readonly<Record<string, unknown>>;

const isFields = (u: unknown): u is Fields => typeof u === 'object' && u !== null;

const hasMethods = (u: unknown, names: ReadonlyArray<string>): boolean =>
  isFields(u) && names.every((name) => typeof u[name] === 'function');

const isLogger = (u: unknown): u is WebhookLogger => hasMethods(u, ['warn', 'error']);

/** The logger the options name when it is usable, else `console`: misconfigured handlers still log. */
export const loggerOf = (options: unknown): WebhookLogger => {
  try {
    const logger = isFields(options) ? options.logger : undefined;
    return isLogger(logger) ? logger : console;
  } catch {
    return console;
  }
};

const isGateway = (u: unknown): boolean =>
  hasMethods(u, ['parseWebhook', 'routeWebhook', 'has', 'provider']) && isFields(u) && Array.isArray(u.names);

const sourceProblem = (options: Fields): string | null => {
  if (options.provider !== undefined && options.gateway !== undefined) {
    return 'pass either provider or gateway, not both';
  }
  if (options.provider !== undefined) {
    return hasMethods(options.provider, ['parseWebhook'])
      ? null
      : 'provider must be an InvoiceProvider (from createProvider or providerFromEnv)';
  }
  if (!isGateway(options.gateway)) {
    return 'pass provider (an InvoiceProvider) or gateway (from createGateway)';
  }
  return options.routeBy === 'credentials' || typeof options.routeBy === 'function'
    ? null
    : "with a gateway, routeBy must be 'credentials' or a function returning the provider's name";
};

/** True for a whole number from 1 to `max`. */
export const isCount = (u: unknown, max = Number.MAX_SAFE_INTEGER): u is number =>
  typeof u === 'number' && Number.isSafeInteger(u) && u > 0 && u <= max;

const problemOf = (options: unknown): string | null => {
  if (!isFields(options)) return 'the options must be an object';
  const { onEvent, onUnsupported, maxBodyBytes, handlerTimeoutMs, logger } = options;
  return typeof onEvent !== 'function'
    ? 'onEvent must be a function'
    : onUnsupported !== undefined && typeof onUnsupported !== 'function'
      ? 'onUnsupported must be a function when set'
      : maxBodyBytes !== undefined && !isCount(maxBodyBytes)
        ? 'maxBodyBytes must be a positive integer when set'
        : handlerTimeoutMs !== undefined && !isCount(handlerTimeoutMs, MAX_TIMER_MS)
          ? `handlerTimeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS} when set`
          : logger !== undefined && !isLogger(logger)
            ? 'logger must have warn and error methods when set'
            : sourceProblem(options);
};

/** Checks handler options once, when the handler is built; a problem makes every delivery an `EndpointFailed`. */
export const readOptions = <N extends string, Req>(
  options: WebhookOptions<N, Req>,
): E.Either<EndpointFailed, CheckedOptions<N, Req>> => {
  try {
    const problem = problemOf(options);
    return problem !== null
      ? E.left(endpointFailed(`invalid webhook handler options: ${problem}`))
      : E.right({
          source: options,
          onEvent: options.onEvent,
          onUnsupported: options.onUnsupported ?? null,
          maxBodyBytes: options.maxBodyBytes ?? null,
          handlerTimeoutMs: options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS,
          logger: options.logger ?? console,
        });
  } catch {
    return E.left(endpointFailed('invalid webhook handler options: they could not be read'));
  }
};
