import { defineEmulator, oneOf, type EmulatorDescriptor } from '../emulator';
import { BASE62, UPPER_ALNUM } from '../rates';
import { nowpaymentsEngine } from './engine';
import {
  NOWPAYMENTS,
  NOWPAYMENTS_DEFAULTS,
  NOWPAYMENTS_RETRY_SCHEDULE,
  NOWPAYMENTS_SIGNATURE_RECIPES,
  type NowpaymentsCredentials,
  type NowpaymentsId,
  type NowpaymentsSandboxOptions,
} from './settings';

/** An API key shaped like NOWPayments' (`7KQ2MZB-1W9XJH3-C8DVT6R-0YAE4PN`). */
const apiKeyOf = (text: string): string => text.match(/.{7}/g)!.join('-');

/** NOWPayments under `/nowpayments/v1`: an account with its API key and IPN secret. */
export const nowpaymentsEmulator: EmulatorDescriptor<
  NowpaymentsId,
  NowpaymentsCredentials,
  NowpaymentsSandboxOptions
> = defineEmulator<NowpaymentsId, NowpaymentsCredentials, NowpaymentsSandboxOptions>({
  ids: NOWPAYMENTS,
  names: { nowpayments: 'NOWPayments' },
  prefix: (id) => `/${id}/v1`,
  credentialFields: ['apiKey', 'secretKey'],
  credentials: (id, overrides, keys) => {
    const apiKey = overrides.apiKey ?? apiKeyOf(keys.text(`${id}.apiKey`, UPPER_ALNUM, 28));
    const secretKey = overrides.secretKey ?? keys.text(`${id}.secretKey`, BASE62, 32);
    return (baseUrl) => ({ apiKey, secretKey, baseUrl });
  },
  config: { environment: 'sandbox' },
  retrySchedule: NOWPAYMENTS_RETRY_SCHEDULE,
  pageKinds: ['full', 'partial', 'over', 'unconfirmed'],
  cli: [
    {
      key: 'nowpaymentsSignatureRecipe',
      argument: 'recipe',
      description: 'how NOWPayments IPNs are signed: sort-object (current docs) or key-replacer (older docs)',
      parse: oneOf(NOWPAYMENTS_SIGNATURE_RECIPES, 'must be sort-object or key-replacer'),
      defaultValue: NOWPAYMENTS_DEFAULTS.nowpaymentsSignatureRecipe,
    },
  ],
  engine: nowpaymentsEngine,
});
