import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type { ConfigError, ProviderDescriptor } from '@invoicekit/core';
import {
  descriptorFor,
  invalidConfig,
  PROVIDER_ENV_VARIABLE,
  snapshotConfig,
  type EnvField,
} from '@invoicekit/core/adapter';

type Env = Readonly<Record<string, unknown>>;

const present = (value: unknown): string | undefined =>
  typeof value !== 'string' || value.trim() === '' ? undefined : value;

const readValue = (field: EnvField, text: string): unknown =>
  field.kind === 'integer' && /^\d+$/.test(text) ? Number(text) : text;

/** The fields of the descriptor `INVOICEKIT_PROVIDER` names, read from their variables; other variables are ignored. */
const configFromEnv = (descriptors: ReadonlyArray<ProviderDescriptor>, env: Env): Record<string, unknown> => {
  const provider = present(env[PROVIDER_ENV_VARIABLE]);
  const descriptor = provider === undefined ? undefined : descriptorFor(descriptors, provider);
  const fields = Object.entries(descriptor?.env ?? {}).flatMap(([name, field]) => {
    const text = present(env[field.variable]);
    return text === undefined ? [] : [[name, readValue(field, text)] as const];
  });
  return Object.fromEntries([
    ...(provider === undefined ? [] : [['provider', provider] as const]),
    ...fields,
  ]);
};

/** Renames configuration paths in issues to the environment variables behind them. */
const renameToEnv =
  (descriptors: ReadonlyArray<ProviderDescriptor>, env: Env) =>
  (error: ConfigError): ConfigError => {
    const provider = present(env[PROVIDER_ENV_VARIABLE]);
    const fields = (provider === undefined ? undefined : descriptorFor(descriptors, provider))?.env ?? {};
    return invalidConfig(
      error.issues.map((issue) => {
        const field = issue.path.split('.')[0] ?? '';
        const variable = field === 'provider' ? PROVIDER_ENV_VARIABLE : fields[field]?.variable;
        return variable === undefined ? issue : { ...issue, path: variable };
      }),
    );
  };

/** Reads an environment once and turns it into the configuration its `INVOICEKIT_PROVIDER` names. */
export const environmentConfig =
  (descriptors: ReadonlyArray<ProviderDescriptor>) =>
  <A>(
    env: unknown,
    configure: (config: Record<string, unknown>) => E.Either<ConfigError, A>,
  ): E.Either<ConfigError, A> =>
    pipe(
      snapshotConfig(env),
      E.mapLeft(() =>
        invalidConfig([{ path: '', message: 'must be an environment object like process.env' }]),
      ),
      E.flatMap((snapshot) =>
        pipe(configure(configFromEnv(descriptors, snapshot)), E.mapLeft(renameToEnv(descriptors, snapshot))),
      ),
    );
