import { defineEmulator, oneOf, type EmulatorDescriptor } from '../emulator';
import { signHs256 } from '../jwt';
import { HEX } from '../keys';
import { BASE62 } from '../rates';
import { cryptocloudEngine } from './engine';
import {
  CRYPTOCLOUD,
  CRYPTOCLOUD_DEFAULTS,
  CRYPTOCLOUD_POSTBACK_FORMATS,
  CRYPTOCLOUD_RETRY_SCHEDULE,
  CRYPTOCLOUD_TOKEN_IDS,
  type CryptocloudCredentials,
  type CryptocloudId,
  type CryptocloudSandboxOptions,
} from './settings';

/** A JWT-shaped project API key, like CryptoCloud issues, signed with a key of its own. */
const projectApiKey = (shopId: string, signingKey: string): string =>
  signHs256({ id: shopId, sandbox: true }, signingKey);

/** CryptoCloud under `/cryptocloud`: a project with its shop id, API key and postback secret. */
export const cryptocloudEmulator: EmulatorDescriptor<
  CryptocloudId,
  CryptocloudCredentials,
  CryptocloudSandboxOptions
> = defineEmulator<CryptocloudId, CryptocloudCredentials, CryptocloudSandboxOptions>({
  ids: CRYPTOCLOUD,
  names: { cryptocloud: 'CryptoCloud' },
  prefix: (id) => `/${id}`,
  credentialFields: ['apiKey', 'shopId', 'secretKey'],
  credentials: (id, overrides, keys) => {
    const shopId = overrides.shopId ?? keys.text(`${id}.shopId`, BASE62, 16);
    const apiKey = overrides.apiKey ?? projectApiKey(shopId, keys.text(`${id}.apiKeySigner`, HEX, 64));
    const secretKey = overrides.secretKey ?? keys.text(`${id}.secretKey`, BASE62, 40);
    return (baseUrl) => ({ shopId, apiKey, secretKey, baseUrl });
  },
  config: {},
  retrySchedule: CRYPTOCLOUD_RETRY_SCHEDULE,
  pageKinds: ['full', 'partial', 'over'],
  cli: [
    {
      key: 'cryptocloudPostbackFormat',
      argument: 'format',
      description: 'CryptoCloud postback encoding: json or form',
      parse: oneOf(CRYPTOCLOUD_POSTBACK_FORMATS, 'must be json or form'),
      defaultValue: CRYPTOCLOUD_DEFAULTS.cryptocloudPostbackFormat,
    },
    {
      key: 'cryptocloudTestMode',
      description: 'mark CryptoCloud invoices test_mode: true',
      defaultValue: CRYPTOCLOUD_DEFAULTS.cryptocloudTestMode,
    },
    {
      key: 'cryptocloudTokenId',
      argument: 'form',
      description: 'the id claim of CryptoCloud postback tokens: bare, prefixed or numeric',
      parse: oneOf(CRYPTOCLOUD_TOKEN_IDS, `must be ${CRYPTOCLOUD_TOKEN_IDS.join(', ')}`),
      defaultValue: CRYPTOCLOUD_DEFAULTS.cryptocloudTokenId,
    },
  ],
  engine: cryptocloudEngine,
});
