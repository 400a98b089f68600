import * as E from 'fp-ts/Either';
import type {
  ConfigError,
  InvoiceProvider,
  ProviderDescriptor,
  ProviderOptions,
  RetryPolicy,
} from '@invoicekit/core';
import { descriptorFor, retryPolicy } from '@invoicekit/core/adapter';
import { configureWith, providerIds } from './configure';
import { environmentConfig } from './env';
import { gatewayWith, type Gateway } from './gateway';

/** Provider switching, environment loading, webhook routing and retry safety over one list of descriptors. */
export interface Registry {
  /** Every provider id the descriptors serve. */
  readonly ids: ReadonlyArray<string>;
  /** Builds a provider from configuration alone; bad configuration is an `InvalidConfig`, never a throw. */
  createProvider(config: unknown, options?: ProviderOptions): E.Either<ConfigError, InvoiceProvider>;
  /** Builds a provider from `INVOICEKIT_*` environment variables; issues name the variable at fault. */
  providerFromEnv(
    env?: Readonly<Record<string, string | undefined>>,
    options?: ProviderOptions,
  ): E.Either<ConfigError, InvoiceProvider>;
  /** Builds a gateway over several named provider configurations. */
  createGateway<N extends string>(
    config: { readonly providers: Readonly<Record<N, unknown>> },
    options?: ProviderOptions,
  ): E.Either<ConfigError, Gateway<N>>;
  /** True only where a retry cannot create a second invoice or is explicitly safe. */
  readonly isRetryable: RetryPolicy;
}

/** Builds the registry over a list of adapter descriptors: the gateway's own, or one extended with custom providers. */
export const createRegistry = (descriptors: ReadonlyArray<ProviderDescriptor>): Registry => {
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
