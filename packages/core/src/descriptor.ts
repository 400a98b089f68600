import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { invalidConfig, type ConfigError, type Issue } from './errors';
import type { ProviderHooks } from './hooks';
import type { ProviderId } from './ids';
import type { InvoiceProvider, WebhookRequest } from './provider';
import { retryOptionIssues, type RetryOptions } from './retryRules';
import type { HttpTransport } from './transport';

/** Seams every adapter takes: the HTTP transport, a clock, observation hooks and retries. */
export interface ProviderOptions {
  /** The HTTP seam; by default `defaultTransport`: keep-alive node:http on Node, `fetch` on other runtimes. */
  readonly transport?: HttpTransport;
  /** The clock used for `Retry-After` dates and token expiry. */
  readonly now?: () => Date;
  /** Sees every HTTP attempt, operation and webhook, redacted (docs/observability.md); none by default. */
  readonly hooks?: ProviderHooks;
  /** Retries that cannot make a second invoice (docs/errors.md, "Retries"); off by default. */
  readonly retry?: RetryOptions;
  /**
   * JSON member names the shop counts as personal data: their values are redacted from hook events
   * like the built-in ones (`DEFAULT_PERSONAL_FIELDS`: email, sender data). Case does not matter.
   */
  readonly personalFields?: ReadonlyArray<string>;
}

const HOOK_NAMES = ['onRequest', 'onOperation', 'onWebhook', 'scope'] as const;

const hookIssues = (hooks: unknown): Issue[] =>
  hooks === undefined
    ? []
    : typeof hooks !== 'object' || hooks === null
      ? [{ path: 'hooks', message: 'must be an object of hook functions' }]
      : HOOK_NAMES.filter((name) => {
          const hook = (hooks as Record<string, unknown>)[name];
          return hook !== undefined && typeof hook !== 'function';
        }).map((name) => ({ path: `hooks.${name}`, message: 'must be a function when set' }));

const personalFieldIssues = (fields: unknown): Issue[] =>
  fields === undefined ||
  (Array.isArray(fields) && fields.every((field) => typeof field === 'string' && field !== ''))
    ? []
    : [{ path: 'personalFields', message: 'must be a list of JSON member names' }];

/** Checks the options given at run time (hooks, retries, personal fields); bad ones are an `InvalidConfig`. */
export const checkOptions = (options: ProviderOptions): E.Either<ConfigError, ProviderOptions> => {
  try {
    const issues = [
      ...hookIssues(options.hooks),
      ...retryOptionIssues(options.retry),
      ...personalFieldIssues(options.personalFields),
    ];
    return issues.length === 0 ? E.right(options) : E.left(invalidConfig(issues));
  } catch {
    return E.left(invalidConfig([{ path: '', message: 'the provider options could not be read' }]));
  }
};

/** One configuration field an adapter reads from the environment, and how its text is read. */
export interface EnvField {
  readonly variable: string;
  readonly kind: 'text' | 'integer';
}

/** The `INVOICEKIT_*` variables adapters share; each adapter's descriptor lists the ones it reads. */
export const INVOICEKIT_ENV = {
  apiKey: { variable: 'INVOICEKIT_API_KEY', kind: 'text' },
  secretKey: { variable: 'INVOICEKIT_SECRET_KEY', kind: 'text' },
  shopId: { variable: 'INVOICEKIT_SHOP_ID', kind: 'text' },
  environment: { variable: 'INVOICEKIT_ENVIRONMENT', kind: 'text' },
  baseUrl: { variable: 'INVOICEKIT_BASE_URL', kind: 'text' },
  timeoutMs: { variable: 'INVOICEKIT_TIMEOUT_MS', kind: 'integer' },
} as const satisfies Readonly<Record<string, EnvField>>;

/** The variable naming the provider to build from the environment. */
export const PROVIDER_ENV_VARIABLE = 'INVOICEKIT_PROVIDER';

/** The smallest shape of a configuration as a merchant writes it: it names its provider. */
export interface NamedConfig {
  readonly provider: string;
}

/** What an adapter package defines about itself; `defineProvider` turns it into its descriptor. */
export interface ProviderDefinition<Input extends NamedConfig, Config> {
  /** The provider ids this adapter serves: the values of its configuration's `provider` field. */
  readonly ids: ReadonlyArray<Input['provider']>;
  /** Reads a configuration naming one of `ids` (a snapshot of plain data); issues name paths, never values. */
  readonly decodeConfig: (input: unknown) => E.Either<ConfigError, Config>;
  /** Builds the provider from a decoded configuration. */
  readonly create: (config: Config, options: ProviderOptions) => InvoiceProvider;
  /** The configuration fields it reads from the environment, by field name (`provider` is always read). */
  readonly env: Readonly<Record<string, EnvField>>;
  /** True when a webhook request carries this configuration's own credentials, so it is this provider's. */
  readonly ownsWebhook: (config: Config, request: WebhookRequest) => boolean;
  /** True when the provider refuses a second invoice for the same orderId, so a failed create can be retried safely. */
  readonly rejectsDuplicateOrders: boolean;
}

/** A provider built from configuration, with the routing test bound to that configuration. */
export interface ConfiguredProvider {
  readonly provider: InvoiceProvider;
  /** True when a webhook request carries this configuration's own credentials. */
  readonly ownsWebhook: (request: WebhookRequest) => boolean;
}

/**
 * The one export of an adapter package that the gateway, the environment loader, webhook routing
 * and retry safety iterate over; `Input` is the configuration as a merchant writes it.
 */
export interface ProviderDescriptor<Input extends NamedConfig = NamedConfig> {
  readonly ids: ReadonlyArray<Input['provider']>;
  readonly env: Readonly<Record<string, EnvField>>;
  readonly rejectsDuplicateOrders: boolean;
  /** Decodes a configuration naming one of `ids` and builds its provider; bad configuration is `InvalidConfig`. */
  readonly configure: (input: unknown, options: ProviderOptions) => E.Either<ConfigError, ConfiguredProvider>;
  /** Type-level witness of `Input`, so a registry can derive its configuration union; never set. */
  readonly input?: Input;
}

/** Turns an adapter's definition into its descriptor, binding decode, build and routing to one configuration. */
export const defineProvider = <Input extends NamedConfig, Config>(
  definition: ProviderDefinition<Input, Config>,
): ProviderDescriptor<Input> => ({
  ids: definition.ids,
  env: definition.env,
  rejectsDuplicateOrders: definition.rejectsDuplicateOrders,
  configure: (input, options) =>
    pipe(
      definition.decodeConfig(input),
      E.flatMap((config) => E.map(() => config)(checkOptions(options))),
      E.map((config) => ({
        provider: definition.create(config, options),
        ownsWebhook: (request: WebhookRequest) => definition.ownsWebhook(config, request),
      })),
    ),
});

/** The configuration union a list of descriptors accepts. */
export type ConfigOf<D extends ProviderDescriptor> =
  D extends ProviderDescriptor<infer Input> ? Input : never;

/** Finds the descriptor serving a provider id, if any. */
export const descriptorFor = <D extends ProviderDescriptor>(
  descriptors: ReadonlyArray<D>,
  id: ProviderId,
): D | undefined => descriptors.find((descriptor) => (descriptor.ids as ReadonlyArray<string>).includes(id));
