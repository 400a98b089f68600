import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import {
  createProvider,
  type InvoiceProvider,
  type OperationEvent,
  type ProviderConfig,
  type ProviderOptions,
  type RequestEvent,
  type WebhookEvent,
} from '@invoicekit/gateway';
import { defaultTransport, networkError, type HttpTransport } from '@invoicekit/core/adapter';
import type { Sandbox, SandboxFaultTarget, SandboxProviderId } from '../../src';

/** Where an operation's requests go: a fault target, and the endpoint name its hook events carry. */
export interface Route {
  readonly route: SandboxFaultTarget;
  readonly operation: string;
}

/** What a provider's operations go to in the sandbox: the paths its create and its invoice read take. */
export interface Routes {
  readonly create: SandboxFaultTarget;
  /** Null where the provider has no invoice read (the CoinsPaid platform). */
  readonly read: Route | null;
}

const COINSPAID: Routes = { create: { path: '/invoices/create$' }, read: null };
const CRYPTOMUS: Routes = {
  create: { path: '/v1/payment$' },
  read: { route: { path: '/v1/payment/info$' }, operation: 'invoiceInfo' },
};

/** Each emulated provider's create and read paths, for faults aimed at one operation. */
export const ROUTES: Readonly<Record<SandboxProviderId, Routes>> = {
  cryptoprocessing: COINSPAID,
  alphapo: COINSPAID,
  coinspaid: COINSPAID,
  cryptocloud: {
    create: { path: '/invoice/create$' },
    read: { route: { path: '/invoice/merchant/info$' }, operation: 'invoiceInfo' },
  },
  cryptomus: CRYPTOMUS,
  heleket: CRYPTOMUS,
  btcpay: {
    create: { method: 'POST', path: '/invoices$' },
    read: { route: { method: 'GET', path: '/invoices/[^/]+$' }, operation: 'getInvoice' },
  },
  nowpayments: {
    create: { method: 'POST', path: '/invoice$' },
    read: { route: { method: 'GET', path: '/payment/?$' }, operation: 'listPayments' },
  },
};

/** Every hook event one provider emitted, in order. */
export interface Recorded {
  readonly requests: RequestEvent[];
  readonly operations: OperationEvent[];
  readonly webhooks: WebhookEvent[];
  /** Everything recorded, as one JSON text: what a log line could show. */
  text(): string;
}

/** A hooks object recording every event. */
export const recorder = (): Recorded & { hooks: NonNullable<ProviderOptions['hooks']> } => {
  const requests: RequestEvent[] = [];
  const operations: OperationEvent[] = [];
  const webhooks: WebhookEvent[] = [];
  return {
    requests,
    operations,
    webhooks,
    text: () => JSON.stringify({ requests, operations, webhooks }),
    hooks: {
      onRequest: (event) => void requests.push(event),
      onOperation: (event) => void operations.push(event),
      onWebhook: (event) => void webhooks.push(event),
    },
  };
};

/** The provider `id` configured for the sandbox, with `options` (hooks, retries…) and configuration overrides. */
export const sandboxProvider = (
  sandbox: Sandbox,
  id: SandboxProviderId,
  options: ProviderOptions,
  overrides: Record<string, unknown> = {},
): InvoiceProvider => {
  const { baseUrl, ...keys } = sandbox.credentials[id];
  const config =
    id === 'cryptocloud'
      ? { provider: id, ...keys, baseUrl, ...overrides }
      : { provider: id, ...keys, baseUrl, environment: 'sandbox', ...overrides };
  const built = createProvider(config as ProviderConfig, options);
  if (E.isLeft(built)) throw new Error(built.left.message);
  return built.right;
};

/**
 * The configured credentials of `id`, as text: none may appear in an event. A BTCPay store id is not
 * one: it is in every Greenfield path, and the adapter does not treat it as secret.
 */
export const credentialsOf = (sandbox: Sandbox, id: SandboxProviderId): string[] =>
  Object.entries(sandbox.credentials[id])
    .filter(([name]) => name !== 'baseUrl' && !(id === 'btcpay' && name === 'shopId'))
    .flatMap(([, value]) => (typeof value === 'string' && value.length >= 4 ? [value] : []));

/** The default transport, whose first `refusals` requests fail as a refused connection without being sent. */
export const refusingFirst = (refusals: number): { transport: HttpTransport; refused: () => number } => {
  let refused = 0;
  return {
    transport: (request) => {
      if (refused < refusals) {
        refused += 1;
        return TE.left(networkError(request.provider, 'ECONNREFUSED'));
      }
      return defaultTransport(request);
    },
    refused: () => refused,
  };
};

let counter = 0;

/** A fresh order id. */
export const nextOrderId = (prefix: string): string => `${prefix}-${Date.now()}-${(counter += 1)}`;
