import * as E from 'fp-ts/Either';
import {
  createProvider,
  type InvoiceEvent,
  type InvoiceProvider,
  type ProviderConfig,
} from '@invoicekit/gateway';
import type { Mount } from '../../webhooks/test/frameworks';
import { startSandbox, type Sandbox, type SandboxProviderId } from '../src';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The adapter for `id` configured for `sandbox` by configuration alone. */
export const sandboxProvider = (
  sandbox: Sandbox,
  id: SandboxProviderId,
  overrides: Record<string, unknown> = {},
): InvoiceProvider => {
  const config = { provider: id, ...sandbox.credentials[id], environment: 'sandbox', ...overrides };
  const built = createProvider(config as ProviderConfig);
  if (E.isLeft(built)) throw new Error(built.left.message);
  return built.right;
};

/** What an endpoint reads of its provider before any delivery: its id, capabilities and body limit. */
export type EndpointTemplate = Pick<InvoiceProvider, 'capabilities' | 'maxWebhookBodyBytes'> & {
  readonly id: SandboxProviderId;
};

/** A webhook endpoint and the sandbox that delivers to it, with the adapter both use. */
export interface Rig {
  readonly provider: InvoiceProvider;
  readonly sandbox: Sandbox;
  close(): Promise<void>;
}

/**
 * Mounts an endpoint handing verified events to `onEvent`, then starts a sandbox delivering to it; the
 * adapter (`overrides` on its sandbox configuration) is made once the sandbox, which needs the
 * endpoint's URL, listens.
 */
export const rig = async (
  mount: Mount,
  template: EndpointTemplate,
  onEvent: (event: InvoiceEvent) => void | Promise<void>,
  overrides: Record<string, unknown> = {},
): Promise<Rig> => {
  const made: { current?: InvoiceProvider } = {};
  const use = (): InvoiceProvider => {
    if (made.current === undefined) throw new Error('the sandbox is not started yet');
    return made.current;
  };
  const provider: InvoiceProvider = {
    ...template,
    createInvoice: (request) => use().createInvoice(request),
    getInvoice: (ref) => use().getInvoice(ref),
    cancelInvoice: (ref) => use().cancelInvoice(ref),
    parseWebhook: (request) => use().parseWebhook(request),
  };
  const served = await mount({ provider }, { onEvent, logger: silent });
  const sandbox = await startSandbox({ port: 0, webhookUrl: `${served.url}/webhooks` });
  made.current = sandboxProvider(sandbox, template.id, overrides);
  return {
    provider,
    sandbox,
    close: async () => {
      await sandbox.close();
      await served.close();
    },
  };
};

/** An app that records each event in `events`, failing once on the first `paid` one (the endpoint answers 500). */
export const failingOnceOnPaid = (events: InvoiceEvent[]) => {
  let failed = false;
  return async (event: InvoiceEvent): Promise<void> => {
    if (event.status === 'paid' && !failed) {
      failed = true;
      throw new Error('database down');
    }
    events.push(event);
  };
};

/**
 * The answers of an endpoint mounted for `id`'s adapter to unsigned bodies of its own
 * `maxWebhookBodyBytes` and one byte more, with that limit.
 */
export const answersAroundLimit = async (
  mount: Mount,
  id: SandboxProviderId,
): Promise<{ limit: number | undefined; statuses: number[] }> => {
  const sandbox = await startSandbox({ port: 0 });
  const provider = sandboxProvider(sandbox, id);
  const limit = provider.maxWebhookBodyBytes;
  const served = await mount({ provider }, { onEvent: () => undefined, logger: silent });
  try {
    const statuses: number[] = [];
    for (const size of [limit ?? 0, (limit ?? 0) + 1]) {
      const response = await fetch(`${served.url}/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{${' '.repeat(size - 2)}}`,
      });
      statuses.push(response.status);
    }
    return { limit, statuses };
  } finally {
    await served.close();
    await sandbox.close();
  }
};
