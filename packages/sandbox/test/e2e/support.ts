import * as E from 'fp-ts/Either';
import { createCryptocloudProvider, decodeCryptocloudConfig } from '@invoicekit/cryptocloud';
import {
  createProvider,
  type CryptocloudProvider,
  type InvoiceProvider,
  type ProviderConfig,
  type WebhookRequest,
} from '@invoicekit/gateway';
import {
  startSandbox,
  type Sandbox,
  type SandboxOptions,
  type SandboxProviderId as ProviderId,
} from '../../src';
import { startReceiver, type Receiver } from '../helpers';

/** A sandbox whose every webhook lands at a local receiver, as a merchant's server would get it. */
export interface Harness {
  readonly sandbox: Sandbox;
  readonly receiver: Receiver;
  /** An adapter configured for the sandbox by configuration alone. */
  provider(id: ProviderId, overrides?: Record<string, unknown>): InvoiceProvider;
  /** The CryptoCloud adapter with its extra, listInvoices. */
  cryptocloud(overrides?: Record<string, unknown>): CryptocloudProvider;
  close(): Promise<void>;
}

/** Starts a sandbox (with `options`) and a receiver on free loopback ports. */
export const startHarness = async (options: SandboxOptions = {}): Promise<Harness> => {
  const receiver = await startReceiver();
  const sandbox = await startSandbox({ ...options, webhookUrl: `${receiver.url}/hook` });
  return {
    sandbox,
    receiver,
    provider: (id, overrides = {}) => {
      const { baseUrl, ...keys } = sandbox.credentials[id];
      const config =
        id === 'cryptocloud'
          ? { provider: id, ...keys, baseUrl, ...overrides }
          : { provider: id, ...keys, baseUrl, environment: 'sandbox', ...overrides };
      const built = createProvider(config as ProviderConfig);
      if (E.isLeft(built)) throw new Error(built.left.message);
      return built.right;
    },
    cryptocloud: (overrides = {}) => {
      const config = decodeCryptocloudConfig({
        provider: 'cryptocloud',
        ...sandbox.credentials.cryptocloud,
        ...overrides,
      });
      if (E.isLeft(config)) throw new Error(config.left.message);
      return createCryptocloudProvider(config.right);
    },
    close: async () => {
      await sandbox.close();
      await receiver.close();
    },
  };
};

/** The webhooks the receiver got since `from`, as `parseWebhook` takes them. */
export const webhooksSince = (receiver: Receiver, from: number): WebhookRequest[] =>
  receiver.received.slice(from).map(({ headers, body }) => ({ headers, body }));

/** Flips one digit of a signed callback body, as a forger would; the HMAC covers every byte. */
export const tampered = (webhook: WebhookRequest): WebhookRequest => {
  const text = webhook.body.toString();
  const at = text.search(/\d/);
  const flipped = `${text.slice(0, at)}${text[at] === '9' ? '8' : '9'}${text.slice(at + 1)}`;
  return { headers: webhook.headers, body: Buffer.from(flipped) };
};

/** Points a CryptoCloud postback at another invoice: its token signs only the invoice id and expiry. */
export const retargeted = (webhook: WebhookRequest): WebhookRequest => ({
  headers: webhook.headers,
  body: webhook.body.toString().replace(/"invoice_id":"[^"]+"/, '"invoice_id":"OTHER001"'),
});
