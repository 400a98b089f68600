import { randomBytes } from 'node:crypto';
import { defineEmulator, oneOf, type EmulatorDescriptor } from '../emulator';
import { signHs256 } from '../jwt';
import { pageCode } from '../rates';
import { cryptocloudEngine } from './engine';
import {
  CRYPTOCLOUD,
  CRYPTOCLOUD_DEFAULTS,
  CRYPTOCLOUD_POSTBACK_FORMATS,
  CRYPTOCLOUD_TOKEN_IDS,
  type CryptocloudCredentials,
  type CryptocloudId,
  type CryptocloudSandboxOptions,
} from './settings';

/** A JWT-shaped project API key, like CryptoCloud issues. */
const projectApiKey = (shopId: string): string =>
  signHs256(
    { id: shopId, sandbox: true, iat: Math.floor(Date.now() / 1000) },
    randomBytes(32).toString('hex'),
  );

/** CryptoCloud under `/cryptocloud`: a project with its shop id, API key and postback secret. */
export const cryptocloudEmulator: EmulatorDescriptor<
  CryptocloudId,
  CryptocloudCredentials,
  CryptocloudSandboxOptions
> = defineEmulator<CryptocloudId, CryptocloudCredentials, CryptocloudSandboxOptions>({
  ids: CRYPTOCLOUD,
  names: { cryptocloud: 'CryptoCloud' },
  prefix: (id) => `/${id}`,
  credentials: (_id, overrides) => {
    const shopId = overrides.shopId ?? pageCode(16);
    const apiKey = overrides.apiKey ?? projectApiKey(shopId);
    const secretKey = overrides.secretKey ?? pageCode(40);
    return (baseUrl) => ({ shopId, apiKey, secretKey, baseUrl });
  },
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
