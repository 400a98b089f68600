import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import {
  constantTimeEquals,
  headerValue,
  invalidConfig,
  isRecord,
  snapshotConfig,
  snapshotInput,
  type ConfigError,
  type InvoiceEvent,
  type InvoiceProvider,
  type WebhookError,
  type WebhookRequest,
} from '@invoicekit/core';
import { decodeProviderConfig, type DecodedProviderConfig } from './config';
import { providerFor, type ProviderOptions } from './createProvider';

/** No configured provider claims a webhook. */
export interface NoRoute {
  readonly _tag: 'NoRoute';
  readonly message: string;
}

/** A webhook verified by the provider it was routed to. */
export interface RoutedEvent<N extends string> {
  readonly name: N;
  readonly event: InvoiceEvent;
}

/** Several named providers at once, with webhook routing. */
export interface Gateway<N extends string> {
  readonly names: ReadonlyArray<N>;
  /** True when `name` is one of the configured providers (for names from URLs). */
  has(name: string): name is N;
  /** The provider configured under `name`. */
  provider(name: N): InvoiceProvider;
  /** Verifies a webhook with the provider configured under `name` (e.g. from the webhook URL path); an unknown name is `NoRoute`. */
  parseWebhook(name: N, request: WebhookRequest): TE.TaskEither<WebhookError | NoRoute, InvoiceEvent>;
  /** Finds the provider a webhook belongs to by its credentials, then verifies it there. */
  routeWebhook(request: WebhookRequest): TE.TaskEither<WebhookError | NoRoute, RoutedEvent<N>>;
}

interface Entry<N extends string> {
  readonly name: N;
  readonly config: DecodedProviderConfig;
  readonly provider: InvoiceProvider;
}

const claims =
  (request: WebhookRequest) =>
  <N extends string>(entry: Entry<N>): boolean => {
    const key = headerValue(request.headers, 'x-processing-key');
    return entry.config.provider === 'cryptocloud'
      ? key === undefined
      : key !== undefined && constantTimeEquals(key.trim(), entry.config.apiKey.reveal());
  };

const noRoute = (message: string): NoRoute => ({ _tag: 'NoRoute', message });

const decodeEntries = <N extends string>(
  providers: Readonly<Record<N, unknown>>,
  options: ProviderOptions,
): E.Either<ConfigError, ReadonlyArray<Entry<N>>> =>
  pipe(
    Object.entries(providers) as Array<[N, unknown]>,
    E.traverseArray(([name, input]) =>
      pipe(
        decodeProviderConfig(input),
        E.bimap(
          (error) => invalidConfig(error.issues.map((i) => ({ ...i, path: `providers.${name}.${i.path}` }))),
          (config): Entry<N> => ({ name, config, provider: providerFor(config, options) }),
        ),
      ),
    ),
  );

const readRequest = (request: unknown): E.Either<NoRoute, WebhookRequest> =>
  pipe(
    snapshotInput(request),
    E.filterOrElseW(
      (snapshot): snapshot is WebhookRequest => isRecord(snapshot) && isRecord(snapshot.headers),
      () => undefined,
    ),
    E.mapLeft(() => noRoute('no provider can claim a webhook that is not { headers, body }')),
  );

const routeTo =
  <N extends string>(entries: ReadonlyArray<Entry<N>>) =>
  (input: WebhookRequest): TE.TaskEither<WebhookError | NoRoute, RoutedEvent<N>> => {
    const read = readRequest(input);
    if (E.isLeft(read)) return TE.left(read.left);
    const request = read.right;
    const candidates = entries.filter(claims(request));
    const only = candidates.length === 1 ? candidates[0] : undefined;
    return only === undefined
      ? TE.left(
          noRoute(
            candidates.length === 0
              ? 'no configured provider matches this webhook'
              : 'several configured providers could own this webhook; route it by name',
          ),
        )
      : pipe(
          only.provider.parseWebhook(request),
          TE.map((event) => ({ name: only.name, event })),
        );
  };

const readProviders = <N extends string>(
  config: unknown,
): E.Either<ConfigError, Readonly<Record<N, unknown>>> =>
  pipe(
    snapshotConfig(config),
    E.flatMap((snapshot) =>
      isRecord(snapshot.providers)
        ? E.right(snapshot.providers as Readonly<Record<N, unknown>>)
        : E.left(
            invalidConfig([{ path: 'providers', message: 'must map names to provider configurations' }]),
          ),
    ),
  );

/** Builds a gateway over several named provider configurations; any bad one is an `InvalidConfig`. */
export const createGateway = <N extends string>(
  config: { readonly providers: Readonly<Record<N, unknown>> },
  options: ProviderOptions = {},
): E.Either<ConfigError, Gateway<N>> =>
  pipe(
    readProviders<N>(config),
    E.flatMap((providers) => decodeEntries(providers, options)),
    E.filterOrElse(
      (entries) => entries.length > 0,
      () => invalidConfig([{ path: 'providers', message: 'must configure at least one provider' }]),
    ),
    E.map((entries) => {
      const byName = new Map(entries.map((entry) => [entry.name as string, entry]));
      const entryOf = (name: N) => byName.get(name) as Entry<N>;
      return {
        names: entries.map((entry) => entry.name),
        has: (name: string): name is N => byName.has(name),
        provider: (name) => entryOf(name).provider,
        parseWebhook: (name, request) => {
          const entry = byName.get(String(name));
          return entry === undefined
            ? TE.left(noRoute(`no provider is configured under the name ${JSON.stringify(String(name))}`))
            : entry.provider.parseWebhook(request);
        },
        routeWebhook: routeTo(entries),
      };
    }),
  );
