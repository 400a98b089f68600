export { startSandbox, SandboxError, DEFAULT_RETRY_DELAYS_MS } from './sandbox';
export { runCli } from './cli';
export { signCoinspaid } from './coinspaid/auth';
export { contractServer, type SandboxContractServer } from './contract';
export {
  CALLBACK_TYPES,
  CRYPTOCLOUD_TOKEN_IDS,
  PAYMENT_KINDS,
  PROVIDER_IDS,
  type CallbackType,
  type CoinspaidFamilyCredentials,
  type CryptocloudCredentials,
  type CryptocloudTokenId,
  type PaymentKind,
  type ProviderId as SandboxProviderId,
  type Sandbox,
  type SandboxCallback,
  type SandboxCredentialOverrides,
  type SandboxCredentials,
  type SandboxFault,
  type SandboxInvoiceState,
  type SandboxOptions,
  type WebhookDelivery,
} from './types';
