import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as T from 'fp-ts/Task';
import * as TE from 'fp-ts/TaskEither';
import type { WebhookRequest } from '@invoicekit/core';
import { acknowledge, applyEvent } from './apply';
import { sourceLimit } from './limits';
import { logOutcome } from './log';
import { loggerOf, readOptions, type CheckedOptions, type WebhookOptions } from './options';
import {
  endpointFailed,
  methodNotAllowed,
  type MethodNotAllowed,
  type RequestRefused,
  type WebhookOutcome,
} from './outcome';
import { routeFor, type Route } from './route';

/** What one framework supplies to read a delivery from its request: method, headers and the exact body bytes. */
export interface RequestPorts<Req> {
  readonly method: (request: Req) => string;
  readonly headers: (request: Req) => WebhookRequest['headers'];
  /** The raw body, at most `maxBodyBytes` of it (checked against `Content-Length` before reading); never rejects. */
  readonly body: (request: Req, maxBodyBytes: number) => Promise<E.Either<RequestRefused, Buffer>>;
}

const postOnly = (method: string): E.Either<MethodNotAllowed, void> =>
  method.toUpperCase() === 'POST' ? E.right(undefined) : E.left(methodNotAllowed(method));

/**
 * The body limit for a request: `maxBodyBytes` when set, else its provider's (`routeBy` names it before
 * the body is read); a request with no route gets the source's largest.
 */
export const bodyLimitFor = <N extends string, Req>(settings: CheckedOptions<N, Req>, request: Req): number =>
  settings.maxBodyBytes ??
  pipe(
    routeFor(settings.source, request),
    E.match(
      () => sourceLimit(settings.source),
      (route) => route.maxBodyBytes,
    ),
  );

const limitOf = <N extends string, Req>(settings: CheckedOptions<N, Req>, route: Route<N>): number =>
  settings.maxBodyBytes ?? route.maxBodyBytes;

const deliver =
  <Req>(ports: RequestPorts<Req>) =>
  <N extends string>(settings: CheckedOptions<N, Req>) =>
  (request: Req): T.Task<WebhookOutcome<N>> =>
    pipe(
      TE.fromEither(postOnly(ports.method(request))),
      TE.flatMapEither(() => routeFor(settings.source, request)),
      TE.flatMap((route) =>
        pipe(
          () => ports.body(request, limitOf(settings, route)),
          TE.map((body) => ({ route, webhook: { headers: ports.headers(request), body } })),
        ),
      ),
      TE.matchEW(T.of<WebhookOutcome<N>>, ({ route, webhook }) =>
        pipe(route.verify(webhook), TE.matchEW(acknowledge(settings, route.name), applyEvent(settings))),
      ),
    );

const THREW = 'the webhook endpoint threw while handling a delivery';

/**
 * The one request flow every handler runs, parameterised by its framework's ports: method → route (and
 * so the body limit) → raw body → verify → the app's handler, within its deadline → outcome, logged.
 * It never rejects: whatever breaks is an outcome.
 */
export const handleWith =
  <Req>(ports: RequestPorts<Req>) =>
  <N extends string>(options: WebhookOptions<N, Req>): ((request: Req) => Promise<WebhookOutcome<N>>) => {
    const settings = readOptions(options);
    const log = logOutcome(E.isRight(settings) ? settings.right.logger : loggerOf(options));
    const run = deliver(ports);
    return (request) =>
      pipe(
        TE.tryCatch(
          () =>
            pipe(
              settings,
              E.match(
                (failed) => T.of<WebhookOutcome<N>>(failed),
                (ready) => run(ready)(request),
              ),
            )(),
          () => endpointFailed(THREW),
        ),
        TE.toUnion,
        T.tap((outcome) => T.fromIO(() => log(outcome))),
      )();
  };
