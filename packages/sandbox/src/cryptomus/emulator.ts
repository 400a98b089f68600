import { defineEmulator, type EmulatorDescriptor, type NoOptions } from '../emulator';
import { BASE62 } from '../rates';
import { HEX } from '../keys';
import { PAYMENT_KINDS } from '../types';
import { cryptomusEngine } from './engine';
import {
  CRYPTOMUS_FAMILY,
  CRYPTOMUS_RETRY_SCHEDULE,
  type CryptomusCredentials,
  type CryptomusFamilyId,
} from './settings';

/** A uuid-shaped merchant id drawn from the key source, so a seed gives the same one every start. */
const merchantUuid = (hex: string): string =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;

/** Cryptomus and Heleket, each under `/PROVIDER` with its own merchant uuid and payment API key. */
export const cryptomusEmulator: EmulatorDescriptor<CryptomusFamilyId, CryptomusCredentials, NoOptions> =
  defineEmulator<CryptomusFamilyId, CryptomusCredentials, NoOptions>({
    ids: CRYPTOMUS_FAMILY,
    names: { cryptomus: 'Cryptomus', heleket: 'Heleket' },
    prefix: (id) => `/${id}`,
    credentialFields: ['shopId', 'apiKey'],
    credentials: (id, overrides, keys) => {
      const shopId = overrides.shopId ?? merchantUuid(keys.text(`${id}.merchant`, HEX, 32));
      const apiKey = overrides.apiKey ?? keys.text(`${id}.apiKey`, BASE62, 128);
      return (baseUrl) => ({ shopId, apiKey, baseUrl });
    },
    // Sandbox invoices are test invoices: the adapter's `environment: 'sandbox'` says so (testMode).
    config: { environment: 'sandbox' },
    retrySchedule: CRYPTOMUS_RETRY_SCHEDULE,
    pageKinds: PAYMENT_KINDS,
    cli: [],
    engine: cryptomusEngine,
  });
