export { startSandbox, SandboxError } from './sandbox';
export { DEFAULT_RETRY_SCALE, type RetrySchedule } from './retry';
export { DEFAULT_DELIVERY_LOG_LIMIT } from './delivery';
export { envLines } from './env';
export type { SandboxLog, SandboxLogSink } from './console';
export type { NowpaymentsSignatureRecipe } from './nowpayments/settings';
export { main, runCli } from './cli';
export { signCoinspaid } from './coinspaid/auth';
export { contractServer, type SandboxContractServer } from './contract';
export { PROVIDER_IDS, RETRY_SCHEDULES, type SandboxCredentials, type SandboxProviderId } from './emulators';
export type { CoinspaidFamilyCredentials } from './coinspaid/settings';
export {
  CRYPTOCLOUD_TOKEN_IDS,
  type CryptocloudCredentials,
  type CryptocloudSandboxOptions,
  type CryptocloudTokenId,
  type CryptocloudPostbackFormat,
} from './cryptocloud/settings';
export {
  CALLBACK_TYPES,
  PAYMENT_KINDS,
  type CallbackType,
  type PaymentKind,
  type Sandbox,
  type SandboxCallback,
  type SandboxCredentialOverrides,
  type SandboxFault,
  type SandboxFaultTarget,
  type SandboxInvoiceState,
  type SandboxOptions,
  type SandboxReturnUrls,
  type SandboxTrigger,
  type WebhookDelivery,
} from './types';
