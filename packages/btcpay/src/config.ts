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

/** Default bound on each request, in milliseconds. */
export const BTCPAY_DEFAULT_TIMEOUT_MS = 30_000;

/** `production` (mainnet), or `sandbox`: a testnet/regtest instance or the invoicekit sandbox, so every invoice is a test. */
export const BtcpayEnvironment = t.keyof({ production: null, sandbox: null }, 'BtcpayEnvironment');
/** The network the instance runs on, as invoicekit reports it in `testMode`. */
export type BtcpayEnvironment = t.TypeOf<typeof BtcpayEnvironment>;

const BtcpayConfigFields = t.intersection(
  [
    t.type({
      provider: t.literal('btcpay'),
      // Self-hosted: the instance's own address, with no default host (every path starts with /api/v1/).
      baseUrl: HttpBaseUrl,
      apiKey: SecretFromString,
      // The store id (`storeId` in every Greenfield path), named like the other adapters' shop id.
      shopId: textOfLength('StoreId', 1, 255),
      // The webhook's secret, which keys `BTCPay-Sig`.
      secretKey: SecretFromString,
    }),
    t.partial({
      timeoutMs: PositiveInteger,
      environment: BtcpayEnvironment,
    }),
  ],
  'BtcpayConfigInput',
);

/** The configuration as written by the user, before defaults; a misspelt field is refused, not ignored. */
export const BtcpayConfigInput = closedObject(BtcpayConfigFields);
/** The configuration as written by the user, before defaults. */
export type BtcpayConfigInput = t.TypeOf<typeof BtcpayConfigInput>;

/** BTCPay configuration: decodes keys into `Secret`s, refuses a misspelt field, fills `timeoutMs` and `environment`. */
export const BtcpayConfig = configWithDefaults('BtcpayConfig', BtcpayConfigFields, (input) => ({
  provider: input.provider,
  baseUrl: input.baseUrl,
  apiKey: input.apiKey,
  shopId: input.shopId,
  secretKey: input.secretKey,
  timeoutMs: input.timeoutMs ?? BTCPAY_DEFAULT_TIMEOUT_MS,
  environment: input.environment ?? 'production',
}));
/** BTCPay configuration with defaults applied; `apiKey` and `secretKey` are `Secret`s. */
export type BtcpayConfig = t.TypeOf<typeof BtcpayConfig>;

/** Decodes unknown input into a `BtcpayConfig`; failures name paths, never values. */
export const decodeBtcpayConfig: (input: unknown) => E.Either<ConfigError, BtcpayConfig> =
  decodeConfig(BtcpayConfig);
