import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import type { ConfigError } from '@invoicekit/core';
import {
  configWithDefaults,
  decodeConfig,
  HttpBaseUrl,
  invalidConfig,
  PositiveInteger,
  SecretFromString,
  textOfLength,
} from '@invoicekit/core/adapter';

/** A brand of the Cryptomus protocol: one API, two hosts. */
export const CryptomusPreset = t.keyof({ cryptomus: null, heleket: null }, 'CryptomusPreset');
/** A brand of the Cryptomus protocol: one API, two hosts. */
export type CryptomusPreset = t.TypeOf<typeof CryptomusPreset>;

/** Every preset, in a stable order. */
export const CRYPTOMUS_PRESETS: ReadonlyArray<CryptomusPreset> = ['cryptomus', 'heleket'];

/** The API root of each preset (doc.cryptomus.com and doc.heleket.com, "Request format"); paths such as `/v1/payment` are appended. */
export const CRYPTOMUS_BASE_URLS: Readonly<Record<CryptomusPreset, string>> = {
  cryptomus: 'https://api.cryptomus.com',
  heleket: 'https://api.heleket.com',
};

/** Default bound on one request, in milliseconds. */
export const CRYPTOMUS_DEFAULT_TIMEOUT_MS = 30_000;

/** Live money, or a local emulator (neither provider has a sandbox host: `sandbox` needs `baseUrl`). */
export const CryptomusEnvironment = t.keyof({ production: null, sandbox: null }, 'CryptomusEnvironment');
/** Live money, or a local emulator. */
export type CryptomusEnvironment = t.TypeOf<typeof CryptomusEnvironment>;

const isCallbackUrl = (u: unknown): u is string => {
  if (typeof u !== 'string' || u.length < 6 || u.length > 255) return false;
  try {
    const url = new URL(u);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

/** `url_callback` as documented: an http(s) URL of 6 to 255 characters. */
export const CallbackUrl = new t.Type<string, string, unknown>(
  'CallbackUrl',
  isCallbackUrl,
  (u, c) =>
    isCallbackUrl(u) ? t.success(u) : t.failure(u, c, 'must be an http(s) URL of 6 to 255 characters'),
  t.identity,
);

const CryptomusConfigFields = t.intersection(
  [
    t.type({
      provider: CryptomusPreset,
      shopId: textOfLength('MerchantUuid', 1, 64),
      apiKey: SecretFromString,
    }),
    t.partial({
      payoutKey: SecretFromString,
      environment: CryptomusEnvironment,
      baseUrl: HttpBaseUrl,
      timeoutMs: PositiveInteger,
      callbackUrl: CallbackUrl,
    }),
  ],
  'CryptomusConfigFields',
);

/**
 * Cryptomus/Heleket configuration: `shopId` is the merchant's uuid (the `merchant` header), `apiKey`
 * the payment API key, `payoutKey` the payout API key (only to verify payout webhooks). Fills the
 * preset's host, a 30 s timeout and test mode for the `sandbox` environment.
 */
export const CryptomusConfig = configWithDefaults('CryptomusConfig', CryptomusConfigFields, (input) => {
  const environment = input.environment ?? 'production';
  return {
    provider: input.provider,
    shopId: input.shopId,
    apiKey: input.apiKey,
    payoutKey: input.payoutKey,
    environment,
    baseUrl: input.baseUrl ?? CRYPTOMUS_BASE_URLS[input.provider],
    timeoutMs: input.timeoutMs ?? CRYPTOMUS_DEFAULT_TIMEOUT_MS,
    callbackUrl: input.callbackUrl,
    testMode: environment === 'sandbox',
  };
});
/** Cryptomus/Heleket configuration with defaults applied; `apiKey` and `payoutKey` are `Secret`s. */
export type CryptomusConfig = t.TypeOf<typeof CryptomusConfig>;

// Neither provider documents a test host: test mode on a live host would mark real money as test.
const checkSandboxHost = (config: CryptomusConfig): E.Either<ConfigError, CryptomusConfig> =>
  config.environment === 'sandbox' && config.baseUrl === CRYPTOMUS_BASE_URLS[config.provider]
    ? E.left(
        invalidConfig([
          {
            path: 'baseUrl',
            message:
              'must name an emulator with environment "sandbox": Cryptomus and Heleket have no test host',
          },
        ]),
      )
    : E.right(config);

/** Decodes unknown input into a `CryptomusConfig`; issues name paths, never values. */
export const decodeCryptomusConfig = (input: unknown): E.Either<ConfigError, CryptomusConfig> =>
  pipe(decodeConfig(CryptomusConfig)(input), E.flatMap(checkSandboxHost));
