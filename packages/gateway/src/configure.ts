import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type { ConfigError, ProviderDescriptor, ProviderOptions } from '@invoicekit/core';
import {
  descriptorFor,
  invalidConfig,
  snapshotConfig,
  type ConfiguredProvider,
} from '@invoicekit/core/adapter';

/** The ids a descriptor list serves, in order. */
export const providerIds = (descriptors: ReadonlyArray<ProviderDescriptor>): ReadonlyArray<string> =>
  descriptors.flatMap((descriptor) => descriptor.ids);

/** Reads a configuration once, picks the descriptor its `provider` names, and builds that provider. */
export const configureWith =
  (descriptors: ReadonlyArray<ProviderDescriptor>) =>
  (input: unknown, options: ProviderOptions = {}): E.Either<ConfigError, ConfiguredProvider> =>
    pipe(
      snapshotConfig(input),
      E.flatMap((config) => {
        const descriptor =
          typeof config.provider === 'string' ? descriptorFor(descriptors, config.provider) : undefined;
        return descriptor === undefined
          ? E.left(
              invalidConfig([
                { path: 'provider', message: `must be one of ${providerIds(descriptors).join(', ')}` },
              ]),
            )
          : descriptor.configure(config, options);
      }),
    );
