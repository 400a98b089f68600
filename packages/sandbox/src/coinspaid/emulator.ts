import { defineEmulator, type EmulatorDescriptor, type NoOptions } from '../emulator';
import { HEX } from '../keys';
import { PAYMENT_KINDS } from '../types';
import { coinspaidEngine } from './engine';
import {
  COINSPAID_FAMILY,
  COINSPAID_RETRY_SCHEDULE,
  type CoinspaidFamilyCredentials,
  type CoinspaidFamilyId,
} from './settings';

/** The CoinsPaid platform: CryptoProcessing, AlphaPo and CoinsPaid, each under `/PROVIDER/api/v2` with its own keys. */
export const coinspaidEmulator: EmulatorDescriptor<CoinspaidFamilyId, CoinspaidFamilyCredentials, NoOptions> =
  defineEmulator<CoinspaidFamilyId, CoinspaidFamilyCredentials, NoOptions>({
    ids: COINSPAID_FAMILY,
    names: { cryptoprocessing: 'CryptoProcessing', alphapo: 'AlphaPo', coinspaid: 'CoinsPaid' },
    prefix: (id) => `/${id}/api/v2`,
    credentialFields: ['apiKey', 'secretKey'],
    credentials: (id, overrides, keys) => {
      const apiKey = overrides.apiKey ?? `${id}_pk_${keys.text(`${id}.apiKey`, HEX, 32)}`;
      const secretKey = overrides.secretKey ?? `${id}_sk_${keys.text(`${id}.secretKey`, HEX, 64)}`;
      return (baseUrl) => ({ apiKey, secretKey, baseUrl });
    },
    // Sandbox invoices are test invoices: the adapter's `environment: 'sandbox'` says so (testMode).
    config: { environment: 'sandbox' },
    retrySchedule: COINSPAID_RETRY_SCHEDULE,
    pageKinds: PAYMENT_KINDS,
    cli: [],
    engine: coinspaidEngine,
  });
