import * as E from 'fp-ts/Either';
import type {
  ConfigError,
  ConfigOf,
  InvoiceProvider,
  ProviderDescriptor,
  ProviderOptions,
  RetryPolicy,
} from '@invoicekit/core';
import { descriptorFor, retryPolicy } from '@invoicekit/core/adapter';
import { configureWith, providerIds } from './configure';
import { environmentConfig } from './env';
import { gatewayWith, type Gateway } from './gateway';

/**
 * Provider switching, environment loading, webhook routing and retry safety over one list of
 * descriptors. `Config` is the union of their configurations, so a misspelt field is a compile error;
 * every configuration is still checked at run time (`InvalidConfig`) for callers passing untyped data.
 */
export interface Registry<Config> {
  /** Every provider id the descriptors serve. */
  readonly ids: ReadonlyArray<string>;
  /** Builds a provider from configuration alone; bad configuration is an `InvalidConfig`, never a throw. */
  createProvider(config: Config, options?: ProviderOptions): E.Either<ConfigError, InvoiceProvider>;
  /** Builds a provider from `INVOICEKIT_*` environment variables; issues name the variable at fault. */
  providerFromEnv(
    env?: Readonly<Record<string, string | undefined>>,
    options?: ProviderOptions,
  ): E.Either<ConfigError, InvoiceProvider>;
  /** Builds a gateway over several named provider configurations. */
  createGateway<N extends string>(
    config: { readonly providers: Readonly<Record<N, Config>> },
    options?: ProviderOptions,
  ): E.Either<ConfigError, Gateway<N>>;
  /** True only where a retry cannot create a second invoice or is explicitly safe. */
  readonly isRetryable: RetryPolicy;
}

/** Builds the registry over a list of adapter descriptors: the gateway's own, or one extended with custom providers. */
export const createRegistry = <D extends ProviderDescriptor>(
  descriptors: ReadonlyArray<D>,
): Registry<ConfigOf<D>> => {
  const configure = configureWith(descriptors);
  const build = (config: unknown, options: ProviderOptions = {}) =>
    E.map((configured: { readonly provider: InvoiceProvider }) => configured.provider)(
      configure(config, options),
    );
  return {
    ids: providerIds(descriptors),
    createProvider: build,
    providerFromEnv: (env = process.env, options = {}) =>
      environmentConfig(descriptors)(env, (config) => build(config, options)),
    createGateway: gatewayWith(configure),
    isRetryable: retryPolicy((id) => descriptorFor(descriptors, id)?.rejectsDuplicateOrders === true),
  };
};
