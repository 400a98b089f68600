import type { ProviderId } from './types';
import * as E from 'fp-ts/Either';
import { coinspaidEngine } from './coinspaid/engine';
import { generateKeys, withBaseUrls } from './credentials';
import { cryptocloudEngine } from './cryptocloud/engine';
import { createDeliverer } from './delivery';
import type { Engine, EngineContext, EngineFailure } from './engine';
import { createFaults } from './faults';
import { buildServer } from './server';
import { COINSPAID_FAMILY, type Sandbox, type SandboxCredentials, type SandboxOptions } from './types';

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
  const keys = generateKeys(options.credentials);
  const deliverer = createDeliverer(options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS);
  const faults = createFaults();
  let url = '';
  let credentials: SandboxCredentials = withBaseUrls(keys, url);
  const ctx: EngineContext = {
    url: () => url,
    credentials: () => credentials,
    webhookUrl: (p) => options.webhookUrls?.[p] ?? options.webhookUrl,
    deliverer,
    faults,
    options: {
      cryptocloudPostbackFormat: options.cryptocloudPostbackFormat ?? 'json',
      cryptocloudTestMode: options.cryptocloudTestMode ?? false,
      cryptocloudTokenId: options.cryptocloudTokenId ?? 'bare',
    },
  };
  const engines = new Map<ProviderId, Engine>([
    ...COINSPAID_FAMILY.map((p): [ProviderId, Engine] => [p, coinspaidEngine(p, ctx)]),
    ['cryptocloud', cryptocloudEngine(ctx)],
  ]);
  const app = buildServer(engines, { engines, faults, deliverer, credentials: () => credentials });
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host ?? '127.0.0.1';
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  credentials = withBaseUrls(keys, url);

  const engine = (provider: ProviderId): Engine => {
    const found = engines.get(provider);
    if (found === undefined) throw new SandboxError(404, `unknown provider ${String(provider)}`);
    return found;
  };
  let closing: Promise<void> | undefined;

  return {
    url,
    credentials,
    pay: async (provider, invoiceId, kind = 'full') => orThrow(await engine(provider).pay(invoiceId, kind)),
    expire: async (provider, invoiceId) => orThrow(await engine(provider).expire(invoiceId)),
    sendCallback: async (provider, callback) => orThrow(await engine(provider).sendCallback(callback)),
    invoice: (provider, invoiceId) => engine(provider).find(invoiceId),
    invoices: (provider) => engine(provider).list(),
    deliveries: () => deliverer.log(),
    injectFault: (provider, fault) => faults.inject(provider, fault),
    pendingFaults: (provider) => faults.pending(provider),
    clearFaults: (provider) => faults.clear(provider),
    requestCount: (provider) => faults.requests(provider),
    resetRequestCount: (provider) => faults.resetCounts(provider),
    close: () => {
      closing ??= (async () => {
        engines.forEach((e) => e.close());
        faults.close();
        await Promise.all([app.close(), deliverer.close()]);
      })();
      return closing;
    },
  };
};
