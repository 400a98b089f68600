export { startSandbox, SandboxError, DEFAULT_RETRY_DELAYS_MS } from './sandbox';
export { runCli } from './cli';
export { signCoinspaid } from './coinspaid/auth';
export { contractServer, type SandboxContractServer } from './contract';
export {
  PROVIDER_IDS,
  type CoinspaidFamilyCredentials,
  type CryptocloudCredentials,
  type PaymentKind,
  type Sandbox,
  type SandboxCredentialOverrides,
  type SandboxCredentials,
  type SandboxFault,
  type SandboxInvoiceState,
  type SandboxOptions,
  type WebhookDelivery,
} from './types';
