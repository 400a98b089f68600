import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { invalidConfig, snapshotConfig, type ConfigError, type InvoiceProvider } from '@invoicekit/core';
import { createProvider, type ProviderOptions } from './createProvider';

/** The environment variable behind each configuration field. */
export const ENV_NAMES = {
  provider: 'INVOICEKIT_PROVIDER',
  apiKey: 'INVOICEKIT_API_KEY',
  secretKey: 'INVOICEKIT_SECRET_KEY',
  shopId: 'INVOICEKIT_SHOP_ID',
  environment: 'INVOICEKIT_ENVIRONMENT',
  baseUrl: 'INVOICEKIT_BASE_URL',
  timeoutMs: 'INVOICEKIT_TIMEOUT_MS',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

const present = (value: unknown): string | undefined =>
  typeof value !== 'string' || value.trim() === '' ? undefined : value;

const parseTimeout = (text: string | undefined): unknown =>
  text === undefined ? undefined : /^\d+$/.test(text) ? Number(text) : text;

/** Only the variables the named provider takes, so switching provider needs no other change. */
const configFromEnv = (env: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const provider = present(env[ENV_NAMES.provider]);
  const entries: Array<[string, unknown]> = [
    ['provider', provider],
    ['apiKey', present(env[ENV_NAMES.apiKey])],
    ['secretKey', present(env[ENV_NAMES.secretKey])],
    ['shopId', provider === 'cryptocloud' ? present(env[ENV_NAMES.shopId]) : undefined],
    ['environment', provider === 'cryptocloud' ? undefined : present(env[ENV_NAMES.environment])],
    ['baseUrl', present(env[ENV_NAMES.baseUrl])],
    ['timeoutMs', parseTimeout(present(env[ENV_NAMES.timeoutMs]))],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
};

const renameToEnv = (error: ConfigError): ConfigError =>
  invalidConfig(
    error.issues.map((issue) => {
      const field = issue.path.split('.')[0] as keyof typeof ENV_NAMES;
      return field in ENV_NAMES ? { ...issue, path: ENV_NAMES[field] } : issue;
    }),
  );

const readEnv = (env: unknown): E.Either<ConfigError, Readonly<Record<string, unknown>>> =>
  pipe(
    snapshotConfig(env),
    E.mapLeft(() => invalidConfig([{ path: '', message: 'must be an environment object like process.env' }])),
  );

/** Builds a provider from `INVOICEKIT_*` environment variables; issues name the variable at fault. */
export const providerFromEnv = (
  env: Env = process.env,
  options: ProviderOptions = {},
): E.Either<ConfigError, InvoiceProvider> =>
  pipe(
    readEnv(env),
    E.flatMap((snapshot) => pipe(createProvider(configFromEnv(snapshot), options), E.mapLeft(renameToEnv))),
  );
