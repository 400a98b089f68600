import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
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
  readonly verify: (webhook: WebhookRequest) => TE.TaskEither<Unverified, Verified<N>>;
}

const noRoute = (message: string): NoRoute => ({ _tag: 'NoRoute', message });

// parseWebhook never throws by contract; a custom provider that breaks it must not break the endpoint.
const guarded = <N extends string>(
  parse: () => TE.TaskEither<WebhookError | NoRoute, Verified<N>>,
): TE.TaskEither<Unverified, Verified<N>> =>
  pipe(
    TE.tryCatch(
      () => parse()(),
      () => endpointFailed('the provider threw while parsing the webhook instead of returning a Left'),
    ),
    TE.flatMap(TE.fromEither),
  );

const toProvider = <N extends string>(provider: InvoiceProvider, name: N | null): Route<N> => ({
  name,
  maxBodyBytes: providerLimit(provider),
  verify: (webhook) =>
    guarded(() =>
      pipe(
        provider.parseWebhook(webhook),
        TE.map((event) => ({ event, name })),
      ),
    ),
});

const readName = <Req>(
  routeBy: (request: Req) => string | undefined,
  request: Req,
): E.Either<EndpointFailed, string | undefined> =>
  E.tryCatch(
    () => routeBy(request),
    () => endpointFailed('routeBy threw instead of returning a provider name or undefined'),
  );

/** Picks the provider a request goes to, before its body is verified; a name the gateway lacks is `NoRoute`. */
export const routeFor = <N extends string, Req>(
  source: WebhookSource<N, Req>,
  request: Req,
): E.Either<NoRoute | EndpointFailed, Route<N>> => {
  if (source.provider !== undefined) return E.right(toProvider<N>(source.provider, null));
  const { gateway, routeBy } = source;
  if (routeBy === 'credentials') {
    return E.right({
      name: null,
      maxBodyBytes: sourceLimit(source),
      verify: (webhook) => guarded(() => gateway.routeWebhook(webhook)),
    });
  }
  return pipe(
    readName(routeBy, request),
    E.flatMap((name): E.Either<NoRoute | EndpointFailed, Route<N>> =>
      typeof name !== 'string'
        ? E.left(noRoute('the request names no provider (routeBy returned nothing)'))
        : gateway.has(name)
          ? E.right(toProvider(gateway.provider(name), name))
          : E.left(noRoute(`no provider is configured under the name ${JSON.stringify(name.slice(0, 64))}`)),
    ),
  );
};
