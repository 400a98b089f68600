import * as E from 'fp-ts/Either';
import type * as TE from 'fp-ts/TaskEither';
import type { InvoiceEvent, InvoiceProvider, WebhookError, WebhookRequest } from '@invoicekit/core';
import type { NoRoute } from '@invoicekit/gateway';
import { providerLimit, sourceLimit } from './limits';
import type { WebhookSource } from './options';
import { endpointFailed, type EndpointFailed } from './outcome';

/** A verified invoice event and the gateway name it was routed to (null when there is none). */
export interface Verified<N extends string> {
  readonly event: InvoiceEvent;
  readonly name: N | null;
}

/** Why a delivery was not verified: the provider's refusal, no route, or a provider that threw. */
export type Unverified = WebhookError | NoRoute | EndpointFailed;

/** Where one request goes: the gateway name when known before parsing, its providers' body limit, and the verification to run. */
export interface Route<N extends string> {
  readonly name: N | null;
  /** The largest body the provider (or, routed by credentials, any provider of the gateway) sends. */
  readonly maxBodyBytes: number;
  /** Runs the verification; the Promise never rejects. */
  readonly verify: (webhook: WebhookRequest) => Promise<E.Either<Unverified, Verified<N>>>;
}

const noRoute = (message: string): NoRoute => ({ _tag: 'NoRoute', message });

const threw = (): EndpointFailed =>
  endpointFailed('the provider threw while parsing the webhook instead of returning a Left');

const threwLeft = (): E.Either<Unverified, never> => E.left(threw());

// parseWebhook never throws by contract; a custom provider that breaks it must not break the endpoint.
const guarded = <N extends string, A>(
  parse: (webhook: WebhookRequest) => TE.TaskEither<WebhookError | NoRoute, A>,
  verified: (parsed: A) => Verified<N>,
): Route<N>['verify'] => {
  const read = (parsed: E.Either<WebhookError | NoRoute, A>): E.Either<Unverified, Verified<N>> => {
    try {
      return E.isLeft(parsed) ? parsed : E.right(verified(parsed.right));
    } catch {
      return threwLeft();
    }
  };
  return (webhook) => {
    try {
      return Promise.resolve(parse(webhook)()).then(read, threwLeft);
    } catch {
      return Promise.resolve(threwLeft());
    }
  };
};

const toProvider = <N extends string>(provider: InvoiceProvider, name: N | null): Route<N> => ({
  name,
  maxBodyBytes: providerLimit(provider),
  verify: guarded(
    (webhook) => provider.parseWebhook(webhook),
    (event): Verified<N> => ({ event, name }),
  ),
});

/** Picks the provider a request goes to, before its body is verified; a name the gateway lacks is `NoRoute`. */
export type Router<N extends string, Req> = (request: Req) => E.Either<NoRoute | EndpointFailed, Route<N>>;

/**
 * The router of a webhook source, built once per endpoint: a provider's or the credential-routed gateway's
 * one route, or the route of each name `routeBy` gives, each made on its first request and kept.
 */
export const routerFor = <N extends string, Req>(source: WebhookSource<N, Req>): Router<N, Req> => {
  if (source.provider !== undefined) {
    const route = E.right(toProvider<N>(source.provider, null));
    return () => route;
  }
  const { gateway, routeBy } = source;
  if (routeBy === 'credentials') {
    const verify = guarded(
      (webhook) => gateway.routeWebhook(webhook),
      (routed): Verified<N> => routed,
    );
    let route: E.Either<NoRoute | EndpointFailed, Route<N>> | undefined;
    return () => (route ??= E.right({ name: null, maxBodyBytes: sourceLimit(source), verify }));
  }
  const routes = new Map<string, E.Either<NoRoute | EndpointFailed, Route<N>>>();
  const named = (name: string): E.Either<NoRoute | EndpointFailed, Route<N>> =>
    gateway.has(name)
      ? E.right(toProvider(gateway.provider(name), name))
      : E.left(noRoute(`no provider is configured under the name ${JSON.stringify(name.slice(0, 64))}`));
  return (request) => {
    let name: string | undefined;
    try {
      name = routeBy(request);
    } catch {
      return E.left(endpointFailed('routeBy threw instead of returning a provider name or undefined'));
    }
    if (typeof name !== 'string')
      return E.left(noRoute('the request names no provider (routeBy returned nothing)'));
    const known = routes.get(name);
    if (known !== undefined) return known;
    const route = named(name);
    if (E.isRight(route)) routes.set(name, route);
    return route;
  };
};
