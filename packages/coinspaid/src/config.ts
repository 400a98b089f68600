import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { RedirectUrls, type ConfigError } from '@invoicekit/core';
import {
  closedObject,
  configWithDefaults,
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

const CoinspaidConfigFields = t.intersection(
  [
    t.type({ provider: CoinspaidPreset, apiKey: SecretFromString, secretKey: SecretFromString }),
    t.partial({
      environment: CoinspaidEnvironment,
      baseUrl: HttpBaseUrl,
      timeoutMs: PositiveInteger,
      defaults: CoinspaidDefaults,
    }),
  ],
  'CoinspaidConfigFields',
);

/**
 * CoinsPaid-platform configuration: decodes keys into `Secret`s, refuses a misspelt field, and fills
 * the defaults (environment `production`, its host unless `baseUrl`, a 30 s timeout, test mode in the
 * sandbox, no merchant defaults).
 */
export const CoinspaidConfig = configWithDefaults('CoinspaidConfig', CoinspaidConfigFields, (input) => {
  const environment = input.environment ?? 'production';
  return {
    provider: input.provider,
    apiKey: input.apiKey,
    secretKey: input.secretKey,
    environment,
    baseUrl: input.baseUrl ?? COINSPAID_BASE_URLS[input.provider][environment],
    timeoutMs: input.timeoutMs ?? COINSPAID_DEFAULT_TIMEOUT_MS,
    testMode: environment === 'sandbox',
    defaults: input.defaults ?? {},
  };
});
/** CoinsPaid-platform configuration with defaults applied; `apiKey` and `secretKey` are `Secret`s. */
export type CoinspaidConfig = t.TypeOf<typeof CoinspaidConfig>;

/** Decodes unknown input into a `CoinspaidConfig`; issues name paths, never values. */
export const decodeCoinspaidConfig: (input: unknown) => E.Either<ConfigError, CoinspaidConfig> =
  decodeConfig(CoinspaidConfig);
