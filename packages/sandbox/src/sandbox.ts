import * as E from 'fp-ts/Either';
import { createDeliverer } from './delivery';
import type { Emulation } from './emulator';
import { PROVIDER_IDS, startEmulators, type SandboxCredentials, type SandboxProviderId } from './emulators';
import type { EngineFailure } from './engine';
import { createFaults } from './faults';
import { buildServer } from './server';
import type { Sandbox, SandboxOptions } from './types';

/** Default delays between webhook delivery attempts (the real schedule is minutes: 1, 5, 15, 30…). */
export const DEFAULT_RETRY_DELAYS_MS: ReadonlyArray<number> = [50, 100, 200, 400];

/** A lifecycle call the sandbox refused: unknown invoice (404) or one that is no longer open (409). */
export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const orThrow = <A>(result: E.Either<EngineFailure, A>): A => {
  if (E.isLeft(result)) throw new SandboxError(result.left.status, result.left.message);
  return result.right;
};

/** Starts a sandbox on `options.port` (0 = a free port) and resolves once it listens. */
export const startSandbox = async (options: SandboxOptions = {}): Promise<Sandbox> => {
  const deliverer = createDeliverer(options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS);
  const faults = createFaults(PROVIDER_IDS);
  let url = '';
  const emulations = startEmulators({
    url: () => url,
    webhookUrl: (id: SandboxProviderId) => options.webhookUrls?.[id] ?? options.webhookUrl,
    deliverer,
    faults,
    options,
  });
  const credentials = () =>
    Object.fromEntries(
      [...emulations.values()].map((emulation) => [emulation.provider, emulation.credentials()]),
    ) as SandboxCredentials;
  const app = buildServer({ emulations, faults, deliverer, credentials });
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host ?? '127.0.0.1';
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const emulation = (provider: SandboxProviderId): Emulation => {
    const found = emulations.get(provider);
    if (found === undefined) throw new SandboxError(404, `unknown provider ${String(provider)}`);
    return found;
  };
  let closing: Promise<void> | undefined;

  return {
    url,
    credentials: credentials(),
    pay: async (provider, invoiceId, kind = 'full') =>
      orThrow(await emulation(provider).pay(invoiceId, kind)),
    expire: async (provider, invoiceId) => orThrow(await emulation(provider).expire(invoiceId)),
    sendCallback: async (provider, callback) => orThrow(await emulation(provider).sendCallback(callback)),
    invoice: (provider, invoiceId) => emulation(provider).find(invoiceId),
    invoices: (provider) => emulation(provider).list(),
    deliveries: () => deliverer.log(),
    injectFault: (provider, fault) => faults.inject(provider, fault),
    pendingFaults: (provider) => faults.pending(provider),
    clearFaults: (provider) => faults.clear(provider),
    requestCount: (provider) => faults.requests(provider),
    resetRequestCount: (provider) => faults.resetCounts(provider),
    close: () => {
      closing ??= (async () => {
        emulations.forEach((e) => e.close());
        faults.close();
        await Promise.all([app.close(), deliverer.close()]);
      })();
      return closing;
    },
  };
};
