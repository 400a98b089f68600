import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { invalidConfig, ProviderId, snapshotConfig, type ConfigError } from '@invoicekit/core';
import { decodeCoinspaidConfig, type CoinspaidConfig } from '@invoicekit/coinspaid';
import { decodeCryptocloudConfig, type CryptocloudConfig } from '@invoicekit/cryptocloud';

/** Configuration of one provider, as a merchant writes it (DESIGN.md §5). */
export type ProviderConfig =
  | {
      provider: 'cryptoprocessing' | 'alphapo' | 'coinspaid';
      apiKey: string;
      secretKey: string;
      environment?: 'production' | 'sandbox';
      baseUrl?: string;
      timeoutMs?: number;
      defaults?: { title?: string; redirectUrls?: { success: string; failure: string }; email?: string };
    }
  | {
      provider: 'cryptocloud';
      apiKey: string;
      shopId: string;
      secretKey?: string;
      baseUrl?: string;
      timeoutMs?: number;
      allowTestMode?: boolean;
      /** Build each postback's event from merchant/info (default true): only the token is signed. */
      confirmPostbacks?: boolean;
    };

/** A decoded configuration: credentials held as `Secret`, ready to build a provider. */
export type DecodedProviderConfig = CoinspaidConfig | CryptocloudConfig;

const PROVIDER_NAMES = Object.keys(ProviderId.keys).join(', ');

const decodeSnapshot = (config: Record<string, unknown>): E.Either<ConfigError, DecodedProviderConfig> => {
  const { provider } = config;
  if (!ProviderId.is(provider)) {
    return E.left(invalidConfig([{ path: 'provider', message: `must be one of ${PROVIDER_NAMES}` }]));
  }
  return provider === 'cryptocloud'
    ? pipe(
        decodeCryptocloudConfig(config),
        E.map((c): DecodedProviderConfig => c),
      )
    : pipe(
        decodeCoinspaidConfig(config),
        E.map((c): DecodedProviderConfig => c),
      );
};

/** Reads any input once and decodes it as a `ProviderConfig`, choosing the adapter by its `provider` field. */
export const decodeProviderConfig = (input: unknown): E.Either<ConfigError, DecodedProviderConfig> =>
  pipe(snapshotConfig(input), E.flatMap(decodeSnapshot));
