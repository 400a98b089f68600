import { defineEmulator, type EmulatorDescriptor, type NoOptions } from '../emulator';
import { randomHex } from '../rates';
import { PAYMENT_KINDS } from '../types';
import { coinspaidEngine } from './engine';
import { COINSPAID_FAMILY, type CoinspaidFamilyCredentials, type CoinspaidFamilyId } from './settings';

/** The CoinsPaid platform: CryptoProcessing, AlphaPo and CoinsPaid, each under `/PROVIDER/api/v2` with its own keys. */
export const coinspaidEmulator: EmulatorDescriptor<CoinspaidFamilyId, CoinspaidFamilyCredentials, NoOptions> =
  defineEmulator<CoinspaidFamilyId, CoinspaidFamilyCredentials, NoOptions>({
    ids: COINSPAID_FAMILY,
    names: { cryptoprocessing: 'CryptoProcessing', alphapo: 'AlphaPo', coinspaid: 'CoinsPaid' },
    prefix: (id) => `/${id}/api/v2`,
    credentials: (id, overrides) => {
      const apiKey = overrides.apiKey ?? `${id}_pk_${randomHex(16)}`;
      const secretKey = overrides.secretKey ?? `${id}_sk_${randomHex(32)}`;
      return (baseUrl) => ({ apiKey, secretKey, baseUrl });
    },
    pageKinds: PAYMENT_KINDS,
    cli: [],
    engine: coinspaidEngine,
  });
