import { defineEmulator, type EmulatorDescriptor, type NoOptions } from '../emulator';
import { HEX } from '../keys';
import { BASE62 } from '../rates';
import { PAYMENT_KINDS } from '../types';
import { btcpayEngine } from './engine';
import { BTCPAY, BTCPAY_RETRY_SCHEDULE, type BtcpayCredentials, type BtcpayId } from './settings';

/** BTCPay Server under `/btcpay`: one store with its API key, store id and webhook secret. */
export const btcpayEmulator: EmulatorDescriptor<BtcpayId, BtcpayCredentials, NoOptions> = defineEmulator<
  BtcpayId,
  BtcpayCredentials,
  NoOptions
>({
  ids: BTCPAY,
  names: { btcpay: 'BTCPay Server' },
  prefix: (id) => `/${id}`,
  credentialFields: ['apiKey', 'shopId', 'secretKey'],
  credentials: (id, overrides, keys) => {
    const apiKey = overrides.apiKey ?? keys.text(`${id}.apiKey`, HEX, 40);
    const shopId = overrides.shopId ?? keys.text(`${id}.storeId`, BASE62, 44);
    const secretKey = overrides.secretKey ?? keys.text(`${id}.webhookSecret`, BASE62, 32);
    return (baseUrl) => ({ apiKey, shopId, secretKey, baseUrl });
  },
  // Every sandbox invoice is a test: the adapter's `environment: 'sandbox'` says so (testMode).
  config: { environment: 'sandbox' },
  retrySchedule: BTCPAY_RETRY_SCHEDULE,
  pageKinds: PAYMENT_KINDS,
  cli: [],
  engine: (id, ctx) => btcpayEngine(id, ctx),
});
