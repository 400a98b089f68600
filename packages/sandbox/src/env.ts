import { INVOICEKIT_ENV, PROVIDER_ENV_VARIABLE } from '@invoicekit/core/adapter';
import type { ConfigField } from './emulator';
import { adapterConfig, type SandboxCredentials, type SandboxProviderId } from './emulators';

const FIELDS = Object.keys(INVOICEKIT_ENV) as ReadonlyArray<ConfigField>;

/**
 * The `INVOICEKIT_*` lines that configure one provider's adapter for this sandbox (`providerFromEnv`
 * reads them): `INVOICEKIT_PROVIDER`, then each configuration field in core's `INVOICEKIT_ENV` order.
 */
export const envLines = (
  provider: SandboxProviderId,
  credentials: SandboxCredentials,
): ReadonlyArray<string> => {
  const config = adapterConfig(provider, credentials);
  return [
    `${PROVIDER_ENV_VARIABLE}=${provider}`,
    ...FIELDS.flatMap((field) => {
      const value = config[field];
      return value === undefined ? [] : [`${INVOICEKIT_ENV[field].variable}=${value}`];
    }),
  ];
};
