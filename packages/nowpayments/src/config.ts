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
} from '@invoicekit/core/adapter';

/** Which NOWPayments account and host: live money, or the sandbox that emulates payments. */
export const NowpaymentsEnvironment = t.keyof({ production: null, sandbox: null }, 'NowpaymentsEnvironment');
/** Which NOWPayments account and host. */
export type NowpaymentsEnvironment = t.TypeOf<typeof NowpaymentsEnvironment>;

/**
 * API roots that paths such as `/invoice` are appended to. Production is every request URL of the
 * NOWPayments Postman collection; the sandbox host is `api-sandbox` as third-party code uses it ("changed
 * from https://api.sandbox.nowpayments.io/v1/"), while the official JS SDK still names `api.sandbox`.
 */
export const NOWPAYMENTS_BASE_URLS: Readonly<Record<NowpaymentsEnvironment, string>> = {
  production: 'https://api.nowpayments.io/v1',
  sandbox: 'https://api-sandbox.nowpayments.io/v1',
};

/** Default bound on each request, in milliseconds. */
export const NOWPAYMENTS_DEFAULT_TIMEOUT_MS = 30_000;

/** How long a looked-up minimum amount is reused before it is asked again, in milliseconds. */
export const NOWPAYMENTS_MINIMUM_TTL_MS = 60_000;

const NowpaymentsConfigFields = t.intersection(
  [
    t.type({
      provider: t.literal('nowpayments'),
      apiKey: SecretFromString,
      secretKey: SecretFromString,
    }),
    t.partial({
      environment: NowpaymentsEnvironment,
      baseUrl: HttpBaseUrl,
      timeoutMs: PositiveInteger,
      email: SecretFromString,
      password: SecretFromString,
      ipnCallbackUrl: HttpBaseUrl,
      fixedRate: t.boolean,
      feePaidByUser: t.boolean,
      checkMinimum: t.boolean,
    }),
  ],
  'NowpaymentsConfigFields',
);

/** The configuration as written by the user, before defaults; a misspelt field is refused, not ignored. */
export const NowpaymentsConfigInput = closedObject(NowpaymentsConfigFields);
/** The configuration as written by the user, before defaults. */
export type NowpaymentsConfigInput = t.TypeOf<typeof NowpaymentsConfigInput>;

/**
 * NOWPayments configuration: `apiKey` (the `x-api-key`), `secretKey` (the IPN secret, required: without
 * it NOWPayments sends no IPN), optional dashboard `email`/`password` for the JWT that listing payments
 * requires, and the invoice options `ipnCallbackUrl`, `fixedRate`, `feePaidByUser`; fills the host of
 * `environment` (production), a 30 s timeout, `checkMinimum` (true) and test mode in the sandbox.
 */
export const NowpaymentsConfig = configWithDefaults('NowpaymentsConfig', NowpaymentsConfigFields, (input) => {
  const environment = input.environment ?? 'production';
  return {
    provider: input.provider,
    apiKey: input.apiKey,
    secretKey: input.secretKey,
    environment,
    baseUrl: input.baseUrl ?? NOWPAYMENTS_BASE_URLS[environment],
    timeoutMs: input.timeoutMs ?? NOWPAYMENTS_DEFAULT_TIMEOUT_MS,
    email: input.email,
    password: input.password,
    ipnCallbackUrl: input.ipnCallbackUrl,
    fixedRate: input.fixedRate,
    feePaidByUser: input.feePaidByUser,
    checkMinimum: input.checkMinimum ?? true,
    testMode: environment === 'sandbox',
  };
});
/** NOWPayments configuration with defaults applied; keys, e-mail and password are `Secret`s. */
export type NowpaymentsConfig = t.TypeOf<typeof NowpaymentsConfig>;

/** Decodes unknown input into a `NowpaymentsConfig`; issues name paths, never values. */
export const decodeNowpaymentsConfig: (input: unknown) => E.Either<ConfigError, NowpaymentsConfig> =
  decodeConfig(NowpaymentsConfig);
