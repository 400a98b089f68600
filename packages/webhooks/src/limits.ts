import type { InvoiceProvider } from '@invoicekit/core';
import type { Gateway } from '@invoicekit/gateway';
import { DEFAULT_MAX_BODY_BYTES, isCount, type WebhookSource } from './options';

/** The body limit a provider asks for: its `maxWebhookBodyBytes`, else `DEFAULT_MAX_BODY_BYTES`. */
export const providerLimit = (provider: InvoiceProvider): number =>
  isCount(provider.maxWebhookBodyBytes) ? provider.maxWebhookBodyBytes : DEFAULT_MAX_BODY_BYTES;

const gatewayLimit = <N extends string>(gateway: Gateway<N>): number => {
  const limits = gateway.names.map((name) => providerLimit(gateway.provider(name)));
  return limits.length === 0 ? DEFAULT_MAX_BODY_BYTES : Math.max(...limits);
};

/** The limit before the provider is known: the provider's, or the largest among the gateway's providers. */
export const sourceLimit = <N extends string, Req>(source: WebhookSource<N, Req>): number =>
  source.provider !== undefined ? providerLimit(source.provider) : gatewayLimit(source.gateway);
