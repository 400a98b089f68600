import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type { ConfigError, HttpTransport, InvoiceProvider } from '@invoicekit/core';
import { createCoinspaidProvider } from '@invoicekit/coinspaid';
import { createCryptocloudProvider } from '@invoicekit/cryptocloud';
import { decodeProviderConfig, type DecodedProviderConfig } from './config';

/** Seams for tests and custom HTTP stacks. */
export interface ProviderOptions {
  readonly transport?: HttpTransport;
  readonly now?: () => Date;
}

/** Builds the provider a decoded configuration names. */
export const providerFor = (config: DecodedProviderConfig, options: ProviderOptions = {}): InvoiceProvider =>
  config.provider === 'cryptocloud'
    ? createCryptocloudProvider(config, options)
    : createCoinspaidProvider(config, options);

/** Builds a provider from configuration alone; bad configuration is an `InvalidConfig`, never a throw. */
export const createProvider = (
  config: unknown,
  options: ProviderOptions = {},
): E.Either<ConfigError, InvoiceProvider> =>
  pipe(
    decodeProviderConfig(config),
    E.map((decoded) => providerFor(decoded, options)),
  );
