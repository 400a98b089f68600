import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type {
  ConfigError,
  InvoiceEvent,
  InvoiceProvider,
  ProviderOptions,
  WebhookError,
  WebhookRequest,
} from '@invoicekit/core';
import {
  invalidConfig,
  isRecord,
  snapshotConfig,
  snapshotInput,
  type ConfiguredProvider,
} from '@invoicekit/core/adapter';

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

/** Builds one provider from configuration: the registry's, so the gateway names no adapter. */
export type Configure = (
  input: unknown,
  options: ProviderOptions,
) => E.Either<ConfigError, ConfiguredProvider>;

interface Entry<N extends string> extends ConfiguredProvider {
  readonly name: N;
}

const noRoute = (message: string): NoRoute => ({ _tag: 'NoRoute', message });

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

const configureEntries =
  (configure: Configure, options: ProviderOptions) =>
  <N extends string>(
    providers: Readonly<Record<N, unknown>>,
  ): E.Either<ConfigError, ReadonlyArray<Entry<N>>> =>
    pipe(
      Object.entries(providers) as Array<[N, unknown]>,
      E.traverseArray(([name, input]) =>
        pipe(
          configure(input, options),
          E.bimap(
            (error) =>
              invalidConfig(error.issues.map((i) => ({ ...i, path: `providers.${name}.${i.path}` }))),
            (configured): Entry<N> => ({ ...configured, name }),
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
    const candidates = entries.filter((entry) => entry.ownsWebhook(request));
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

const gatewayOver = <N extends string>(entries: ReadonlyArray<Entry<N>>): Gateway<N> => {
  const byName = new Map<string, Entry<N>>(entries.map((entry) => [entry.name, entry]));
  return {
    names: entries.map((entry) => entry.name),
    has: (name: string): name is N => byName.has(name),
    provider: (name) => (byName.get(name) as Entry<N>).provider,
    parseWebhook: (name, request) => {
      const entry = byName.get(String(name));
      return entry === undefined
        ? TE.left(noRoute(`no provider is configured under the name ${JSON.stringify(String(name))}`))
        : entry.provider.parseWebhook(request);
    },
    routeWebhook: routeTo(entries),
  };
};

/** Builds a gateway over several named provider configurations; any bad one is an `InvalidConfig`. */
export const gatewayWith =
  (configure: Configure) =>
  <N extends string>(
    config: { readonly providers: Readonly<Record<N, unknown>> },
    options: ProviderOptions = {},
  ): E.Either<ConfigError, Gateway<N>> =>
    pipe(
      readProviders<N>(config),
      E.flatMap(configureEntries(configure, options)),
      E.filterOrElse(
        (entries) => entries.length > 0,
        () => invalidConfig([{ path: 'providers', message: 'must configure at least one provider' }]),
      ),
      E.map(gatewayOver),
    );
