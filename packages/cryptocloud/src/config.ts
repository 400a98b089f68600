import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { Secret, type ConfigError } from '@invoicekit/core';
import {
  closedObject,
  decodeConfig,
  HttpBaseUrl,
  isRecord,
  PositiveInteger,
  SecretFromString,
  textOfLength,
} from '@invoicekit/core/adapter';

/** The CryptoCloud API root that `/v2/...` endpoint paths are appended to. */
export const CRYPTOCLOUD_BASE_URL = 'https://api.cryptocloud.plus';

/** Default bound on each request, in milliseconds. */
export const CRYPTOCLOUD_DEFAULT_TIMEOUT_MS = 30_000;

/** The configuration as written by the user, before defaults; a misspelt field is refused, not ignored. */
export const CryptocloudConfigInput = closedObject(
  t.intersection(
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
  ),
);
/** The configuration as written by the user, before defaults. */
export type CryptocloudConfigInput = t.TypeOf<typeof CryptocloudConfigInput>;

const withDefaults = (input: CryptocloudConfigInput) => ({
  provider: input.provider,
  apiKey: input.apiKey,
  shopId: input.shopId,
  secretKey: input.secretKey as Secret | undefined,
  baseUrl: input.baseUrl ?? CRYPTOCLOUD_BASE_URL,
  timeoutMs: input.timeoutMs ?? CRYPTOCLOUD_DEFAULT_TIMEOUT_MS,
  allowTestMode: input.allowTestMode ?? false,
  confirmPostbacks: input.confirmPostbacks ?? true,
});

const isConfig = (u: unknown): u is ReturnType<typeof withDefaults> =>
  isRecord(u) &&
  u.provider === 'cryptocloud' &&
  u.apiKey instanceof Secret &&
  (u.secretKey === undefined || u.secretKey instanceof Secret) &&
  typeof u.shopId === 'string' &&
  typeof u.baseUrl === 'string' &&
  typeof u.timeoutMs === 'number' &&
  typeof u.allowTestMode === 'boolean' &&
  typeof u.confirmPostbacks === 'boolean';

/**
 * CryptoCloud configuration: decodes keys into `Secret`s and fills `baseUrl`, `timeoutMs`,
 * `allowTestMode` (false) and `confirmPostbacks` (true).
 */
export const CryptocloudConfig = new t.Type<
  ReturnType<typeof withDefaults>,
  t.OutputOf<typeof CryptocloudConfigInput>,
  unknown
>(
  'CryptocloudConfig',
  isConfig,
  (u, c) =>
    pipe(
      CryptocloudConfigInput.validate(u, t.appendContext(c, '', CryptocloudConfigInput, u)),
      E.map(withDefaults),
    ),
  (config) => CryptocloudConfigInput.encode(config),
);
/** CryptoCloud configuration with defaults applied; `apiKey` and `secretKey` are `Secret`s. */
export type CryptocloudConfig = t.TypeOf<typeof CryptocloudConfig>;

/** Decodes unknown input into a `CryptocloudConfig`; failures name paths, never values. */
export const decodeCryptocloudConfig: (input: unknown) => E.Either<ConfigError, CryptocloudConfig> =
  decodeConfig(CryptocloudConfig);
