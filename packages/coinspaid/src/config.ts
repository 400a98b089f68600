import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { RedirectUrls, type ConfigError, type Secret } from '@invoicekit/core';
import {
  closedObject,
  decodeConfig,
  EmailAddress,
  HttpBaseUrl,
  PositiveInteger,
  SecretFromString,
  textOfLength,
} from '@invoicekit/core/adapter';

/** A brand of the CoinsPaid platform: one API, three hosts. */
export const CoinspaidPreset = t.keyof(
  { cryptoprocessing: null, alphapo: null, coinspaid: null },
  'CoinspaidPreset',
);
/** A brand of the CoinsPaid platform: one API, three hosts. */
export type CoinspaidPreset = t.TypeOf<typeof CoinspaidPreset>;

/** Every preset, in a stable order. */
export const COINSPAID_PRESETS: ReadonlyArray<CoinspaidPreset> = ['cryptoprocessing', 'alphapo', 'coinspaid'];

/** Which key pair and host to use: live money or testnet coins. */
export const CoinspaidEnvironment = t.keyof({ production: null, sandbox: null }, 'CoinspaidEnvironment');
/** Which key pair and host to use: live money or testnet coins. */
export type CoinspaidEnvironment = t.TypeOf<typeof CoinspaidEnvironment>;

/** API roots per preset and environment; paths such as `/invoices/create` are appended. */
export const COINSPAID_BASE_URLS: Readonly<
  Record<CoinspaidPreset, Readonly<Record<CoinspaidEnvironment, string>>>
> = {
  cryptoprocessing: {
    production: 'https://app.cryptoprocessing.com/api/v2',
    sandbox: 'https://app.sandbox.cryptoprocessing.com/api/v2',
  },
  // No sandbox host of its own is documented for AlphaPo or CoinsPaid; public integrations use this one.
  alphapo: {
    production: 'https://app.alphapo.net/api/v2',
    sandbox: 'https://app.sandbox.cryptoprocessing.com/api/v2',
  },
  coinspaid: {
    production: 'https://app.coinspaid.com/api/v2',
    sandbox: 'https://app.sandbox.cryptoprocessing.com/api/v2',
  },
};

/** Default bound on one request, in milliseconds. */
export const COINSPAID_DEFAULT_TIMEOUT_MS = 30_000;

/** Values the API requires on every invoice that a merchant usually sets once. */
export const CoinspaidDefaults = closedObject(
  t.partial(
    { title: textOfLength('Title', 1, 50), redirectUrls: RedirectUrls, email: EmailAddress },
    'CoinspaidDefaults',
  ),
);
/** Values the API requires on every invoice that a merchant usually sets once. */
export type CoinspaidDefaults = t.TypeOf<typeof CoinspaidDefaults>;

const CoinspaidConfigFields = t.intersection([
  t.type({ provider: CoinspaidPreset, apiKey: SecretFromString, secretKey: SecretFromString }),
  t.partial({
    environment: CoinspaidEnvironment,
    baseUrl: HttpBaseUrl,
    timeoutMs: PositiveInteger,
    defaults: CoinspaidDefaults,
  }),
]);

/** CoinsPaid-platform configuration; keys become `Secret`s and a misspelt field is refused, not ignored. */
export const CoinspaidConfig = closedObject(CoinspaidConfigFields);
/** Decoded CoinsPaid-platform configuration. */
export type CoinspaidConfig = t.TypeOf<typeof CoinspaidConfig>;

/** Decodes unknown input into a `CoinspaidConfig`; issues name paths, never values. */
export const decodeCoinspaidConfig: (input: unknown) => E.Either<ConfigError, CoinspaidConfig> =
  decodeConfig(CoinspaidConfig);

/** The configuration resolved once: host, timeout and test mode fixed, credentials still `Secret`. */
export interface CoinspaidSettings {
  readonly provider: CoinspaidPreset;
  readonly apiKey: Secret;
  readonly secretKey: Secret;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly testMode: boolean;
  readonly defaults: CoinspaidDefaults;
}

/** Resolves defaults: environment → host (unless `baseUrl`), 30 s timeout, sandbox → test mode. */
export const resolveSettings = (config: CoinspaidConfig): CoinspaidSettings => {
  const environment = config.environment ?? 'production';
  return {
    provider: config.provider,
    apiKey: config.apiKey,
    secretKey: config.secretKey,
    baseUrl: config.baseUrl ?? COINSPAID_BASE_URLS[config.provider][environment],
    timeoutMs: config.timeoutMs ?? COINSPAID_DEFAULT_TIMEOUT_MS,
    testMode: environment === 'sandbox',
    defaults: config.defaults ?? {},
  };
};
