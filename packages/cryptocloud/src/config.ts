import type * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { ConfigError } from '@invoicekit/core';
import {
  closedObject,
  configWithDefaults,
  decodeConfig,
  HttpBaseUrl,
  PositiveInteger,
  SecretFromString,
  textOfLength,
} from '@invoicekit/core/adapter';

/** The CryptoCloud API root that `/v2/...` endpoint paths are appended to. */
export const CRYPTOCLOUD_BASE_URL = 'https://api.cryptocloud.plus';

/** Default bound on each request, in milliseconds. */
export const CRYPTOCLOUD_DEFAULT_TIMEOUT_MS = 30_000;

const CryptocloudConfigFields = t.intersection(
  [
    t.type({
      provider: t.literal('cryptocloud'),
      apiKey: SecretFromString,
      shopId: textOfLength('ShopId', 1, 255),
    }),
    t.partial({
      secretKey: SecretFromString,
      baseUrl: HttpBaseUrl,
      timeoutMs: PositiveInteger,
      allowTestMode: t.boolean,
      confirmPostbacks: t.boolean,
    }),
  ],
  'CryptocloudConfigInput',
);

/** The configuration as written by the user, before defaults; a misspelt field is refused, not ignored. */
export const CryptocloudConfigInput = closedObject(CryptocloudConfigFields);
/** The configuration as written by the user, before defaults. */
export type CryptocloudConfigInput = t.TypeOf<typeof CryptocloudConfigInput>;

/**
 * CryptoCloud configuration: decodes keys into `Secret`s, refuses a misspelt field, and fills
 * `baseUrl`, `timeoutMs`, `allowTestMode` (false) and `confirmPostbacks` (true).
 */
export const CryptocloudConfig = configWithDefaults(
  'CryptocloudConfig',
  CryptocloudConfigFields,
  (input) => ({
    provider: input.provider,
    apiKey: input.apiKey,
    shopId: input.shopId,
    secretKey: input.secretKey,
    baseUrl: input.baseUrl ?? CRYPTOCLOUD_BASE_URL,
    timeoutMs: input.timeoutMs ?? CRYPTOCLOUD_DEFAULT_TIMEOUT_MS,
    allowTestMode: input.allowTestMode ?? false,
    confirmPostbacks: input.confirmPostbacks ?? true,
  }),
);
/** CryptoCloud configuration with defaults applied; `apiKey` and `secretKey` are `Secret`s. */
export type CryptocloudConfig = t.TypeOf<typeof CryptocloudConfig>;

/** Decodes unknown input into a `CryptocloudConfig`; failures name paths, never values. */
export const decodeCryptocloudConfig: (input: unknown) => E.Either<ConfigError, CryptocloudConfig> =
  decodeConfig(CryptocloudConfig);
