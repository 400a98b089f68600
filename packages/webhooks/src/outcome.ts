import type { InvoiceEvent, ProviderId, WebhookError } from '@invoicekit/core';
import type { NoRoute } from '@invoicekit/gateway';

/** A verified invoice event the app's `onEvent` applied. */
export interface Applied<N extends string = string> {
  readonly _tag: 'Applied';
  readonly message: string;
  readonly event: InvoiceEvent;
  /** The gateway name the delivery was routed to; null for a single provider or credential routing without a name. */
  readonly name: N | null;
}

/** The app's `onEvent` (or `onUnsupported`) threw, rejected or returned a `Left`: the provider must retry. */
export interface ApplyFailed {
  readonly _tag: 'ApplyFailed';
  readonly provider: ProviderId;
  readonly message: string;
  /** The event's `dedupeKey`; null when an `UnsupportedEvent` was being handled. */
  readonly dedupeKey: string | null;
}

/** The app's `onEvent` failed with a value whose `retryable` is false: a redelivery cannot succeed, so none is asked for. */
export interface EventRefused {
  readonly _tag: 'EventRefused';
  readonly provider: ProviderId;
  readonly message: string;
  readonly dedupeKey: string;
}

/** The app's `onEvent` (or `onUnsupported`) did not settle within `handlerTimeoutMs`: answered so the provider retries. */
export interface HandlerTimedOut {
  readonly _tag: 'HandlerTimedOut';
  readonly provider: ProviderId;
  readonly message: string;
  /** The event's `dedupeKey`; null when an `UnsupportedEvent` was being handled. */
  readonly dedupeKey: string | null;
  readonly handlerTimeoutMs: number;
}

/** The request is not a POST. */
export interface MethodNotAllowed {
  readonly _tag: 'MethodNotAllowed';
  readonly message: string;
  readonly method: string;
}

/** The body is larger than `maxBodyBytes`; it was not read to the end. */
export interface BodyTooLarge {
  readonly _tag: 'BodyTooLarge';
  readonly message: string;
  readonly maxBodyBytes: number;
}

/** The exact request bytes are gone (another middleware parsed them first) or could not be read. */
export interface RawBodyUnavailable {
  readonly _tag: 'RawBodyUnavailable';
  readonly message: string;
}

/** The sender closed the connection before the request body was complete: no answer can reach it. */
export interface RequestAborted {
  readonly _tag: 'RequestAborted';
  readonly message: string;
  /** How many bytes of the body arrived before the connection closed. */
  readonly receivedBytes: number;
}

/** The endpoint itself is broken: invalid options, or a provider, route function or framework that threw. */
export interface EndpointFailed {
  readonly _tag: 'EndpointFailed';
  readonly message: string;
}

/** What became of a request that could not be read as a delivery. */
export type RequestRefused = MethodNotAllowed | BodyTooLarge | RawBodyUnavailable | RequestAborted;

/** Everything a webhook endpoint can end with; `webhookAnswer` gives each its HTTP answer. */
export type WebhookOutcome<N extends string = string> =
  | Applied<N>
  | ApplyFailed
  | EventRefused
  | HandlerTimedOut
  | WebhookError
  | NoRoute
  | RequestRefused
  | EndpointFailed;

/** Builds an `Applied`. */
export const applied = <N extends string>(event: InvoiceEvent, name: N | null): Applied<N> => ({
  _tag: 'Applied',
  message: `applied ${event.provider} event ${event.dedupeKey}`,
  event,
  name,
});

/** Builds an `ApplyFailed`; `reason` is a one-line description of what the app's handler failed with. */
export const applyFailed = (
  provider: ProviderId,
  dedupeKey: string | null,
  handler: 'onEvent' | 'onUnsupported',
  reason: string,
): ApplyFailed => ({
  _tag: 'ApplyFailed',
  provider,
  message: `${handler} failed${dedupeKey === null ? '' : ` for event ${dedupeKey}`}: ${reason}`,
  dedupeKey,
});

/** Builds an `EventRefused`; `reason` is a one-line description of what `onEvent` failed with. */
export const eventRefused = (provider: ProviderId, dedupeKey: string, reason: string): EventRefused => ({
  _tag: 'EventRefused',
  provider,
  message: `onEvent refused event ${dedupeKey} for good (no retry can succeed; answered 200 so the provider stops): ${reason}`,
  dedupeKey,
});

/** Builds a `HandlerTimedOut`. */
export const handlerTimedOut = (
  provider: ProviderId,
  dedupeKey: string | null,
  handler: 'onEvent' | 'onUnsupported',
  handlerTimeoutMs: number,
): HandlerTimedOut => ({
  _tag: 'HandlerTimedOut',
  provider,
  message:
    `${handler} did not settle within ${handlerTimeoutMs} ms (handlerTimeoutMs)` +
    `${dedupeKey === null ? '' : ` for event ${dedupeKey}`}; answered so the provider retries`,
  dedupeKey,
  handlerTimeoutMs,
});

/** Builds a `MethodNotAllowed`. */
export const methodNotAllowed = (method: string): MethodNotAllowed => ({
  _tag: 'MethodNotAllowed',
  message: `webhooks are delivered with POST, not ${JSON.stringify(method.slice(0, 20))}`,
  method,
});

/** Builds a `BodyTooLarge`. */
export const bodyTooLarge = (maxBodyBytes: number): BodyTooLarge => ({
  _tag: 'BodyTooLarge',
  message: `the request body is larger than maxBodyBytes (${maxBodyBytes} bytes)`,
  maxBodyBytes,
});

/** Builds a `RawBodyUnavailable`. */
export const rawBodyUnavailable = (reason: string): RawBodyUnavailable => ({
  _tag: 'RawBodyUnavailable',
  message: reason,
});

/** Builds a `RequestAborted`. */
export const requestAborted = (receivedBytes: number): RequestAborted => ({
  _tag: 'RequestAborted',
  message: `the sender closed the connection after ${receivedBytes} bytes, before the request body was complete`,
  receivedBytes,
});

/** Builds an `EndpointFailed`. */
export const endpointFailed = (reason: string): EndpointFailed => ({
  _tag: 'EndpointFailed',
  message: reason,
});
