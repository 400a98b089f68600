import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { invalidConfig, ProviderId, type ConfigError } from '@invoicekit/core';
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
    };

/** A decoded configuration: credentials held as `Secret`, ready to build a provider. */
export type DecodedProviderConfig = CoinspaidConfig | CryptocloudConfig;

const PROVIDER_NAMES = Object.keys(ProviderId.keys).join(', ');

/** Decodes any input as a `ProviderConfig`, choosing the adapter by its `provider` field. */
export const decodeProviderConfig = (input: unknown): E.Either<ConfigError, DecodedProviderConfig> => {
  const provider =
    typeof input === 'object' && input !== null ? (input as { provider?: unknown }).provider : undefined;
  if (!ProviderId.is(provider)) {
    return E.left(invalidConfig([{ path: 'provider', message: `must be one of ${PROVIDER_NAMES}` }]));
  }
  return provider === 'cryptocloud'
    ? pipe(
        decodeCryptocloudConfig(input),
        E.map((c): DecodedProviderConfig => c),
      )
    : pipe(
        decodeCoinspaidConfig(input),
        E.map((c): DecodedProviderConfig => c),
      );
};
