import * as E from 'fp-ts/Either';
import type { WebhookRequest } from '@invoicekit/core';
import { acknowledge, applyEvent } from './apply';
import { sourceLimit } from './limits';
import { logOutcome } from './log';
import {
  DEFAULT_MAX_BODY_BYTES,
  loggerOf,
  readOptions,
  type CheckedOptions,
  type WebhookOptions,
} from './options';
import { endpointFailed, methodNotAllowed, type RequestRefused, type WebhookOutcome } from './outcome';
import { routerFor } from './route';

/** What one framework supplies to read a delivery from its request: method, headers and the exact body bytes. */
export interface RequestPorts<Req> {
  readonly method: (request: Req) => string;
  readonly headers: (request: Req) => WebhookRequest['headers'];
  /** The raw body, at most `maxBodyBytes` of it (checked against `Content-Length` before reading); never rejects. */
  readonly body: (request: Req, maxBodyBytes: number) => Promise<E.Either<RequestRefused, Uint8Array>>;
}

/** A webhook endpoint built once from its options: the request flow, and the body limit a request gets before its body is read. */
export interface Endpoint<N extends string, Req> {
  /** Runs one delivery to its outcome, logged; never rejects. */
  readonly handle: (request: Req) => Promise<WebhookOutcome<N>>;
  /** `maxBodyBytes` when set, else the routed provider's limit; a request with no route gets the source's largest. */
  readonly bodyLimit: (request: Req) => number;
}

const THREW = 'the webhook endpoint threw while handling a delivery';

/**
 * The one request flow a handler runs, composed once from its framework's ports and checked options:
 * method → route (and so the body limit) → raw body → verify → the app's handler, within its deadline.
 */
const deliverWith = <N extends string, Req>(ports: RequestPorts<Req>, settings: CheckedOptions<N, Req>) => {
  const route = routerFor(settings.source);
  const bodyLimit = (request: Req): number => {
    if (settings.maxBodyBytes !== null) return settings.maxBodyBytes;
    const routed = route(request);
    return E.isRight(routed) ? routed.right.maxBodyBytes : sourceLimit(settings.source);
  };
  const deliver = async (request: Req): Promise<WebhookOutcome<N>> => {
    const method = ports.method(request);
    if (method !== 'POST' && method.toUpperCase() !== 'POST') return methodNotAllowed(method);
    const routed = route(request);
    if (E.isLeft(routed)) return routed.left;
    const { name, maxBodyBytes, verify } = routed.right;
    const body = await ports.body(request, settings.maxBodyBytes ?? maxBodyBytes);
    if (E.isLeft(body)) return body.left;
    const verified = await verify({ headers: ports.headers(request), body: body.right });
    return E.isLeft(verified)
      ? acknowledge(settings, name, verified.left)
      : applyEvent(settings, verified.right);
  };
  return { deliver, bodyLimit };
};

/**
 * Builds a framework's endpoint from its ports: options are checked and the flow composed once, here;
 * per request it runs the flow and logs the outcome. Whatever breaks is an outcome, never a rejection.
 */
export const endpointWith =
  <Req>(ports: RequestPorts<Req>) =>
  <N extends string>(options: WebhookOptions<N, Req>): Endpoint<N, Req> => {
    const settings = readOptions(options);
    const log = logOutcome(E.isRight(settings) ? settings.right.logger : loggerOf(options));
    if (E.isLeft(settings)) {
      const failed = settings.left;
      return {
        handle: async () => {
          log(failed);
          return failed;
        },
        bodyLimit: () => DEFAULT_MAX_BODY_BYTES,
      };
    }
    const { deliver, bodyLimit } = deliverWith(ports, settings.right);
    return {
      handle: async (request) => {
        let outcome: WebhookOutcome<N>;
        try {
          outcome = await deliver(request);
        } catch {
          outcome = endpointFailed(THREW);
        }
        log(outcome);
        return outcome;
      },
      bodyLimit: (request) => {
        try {
          return bodyLimit(request);
        } catch {
          return DEFAULT_MAX_BODY_BYTES;
        }
      },
    };
  };
