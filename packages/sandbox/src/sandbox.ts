import type { FastifyInstance } from 'fastify';
import * as E from 'fp-ts/Either';
import { readAllowedHost, readAllowedHosts } from './access';
import { createClock } from './clock';
import { consoleFor } from './console';
import { DEFAULT_DELIVERY_LOG_LIMIT, createDeliverer, isDeliveryLogLimit } from './delivery';
import type { Emulation } from './emulator';
import { PROVIDER_IDS, startEmulators, type SandboxCredentials, type SandboxProviderId } from './emulators';
import type { EngineFailure } from './engine';
import { createFaults } from './faults';
import { randomKeys, seededKeys } from './keys';
import { DEFAULT_RETRY_SCALE, isRetryScale, scaleSchedule, type RetrySchedule } from './retry';
import { buildServer } from './server';
import { isAdvance } from './control';
import type { Sandbox, SandboxOptions } from './types';

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

/** A listening sandbox and its fastify server, whose `inject` reaches every route without a socket (benches). */
export interface LaunchedSandbox {
  readonly sandbox: Sandbox;
  readonly server: FastifyInstance;
}

/** `startSandbox`, also giving the fastify server it listens with. */
export const launchSandbox = async (options: SandboxOptions = {}): Promise<LaunchedSandbox> => {
  const scale = options.retryScale ?? DEFAULT_RETRY_SCALE;
  if (!isRetryScale(scale)) throw new RangeError(`retryScale must be a number above 0, not ${scale}`);
  const logLimit = options.deliveryLogLimit ?? DEFAULT_DELIVERY_LOG_LIMIT;
  if (!isDeliveryLogLimit(logLimit))
    throw new RangeError(`deliveryLogLimit must be a whole number of at least 1, not ${logLimit}`);
  const host = options.host ?? '127.0.0.1';
  const hostName = host.includes(':') ? `[${host}]` : host;
  const allowed = readAllowedHosts(options.allowedHosts ?? []);
  if (E.isLeft(allowed)) throw new RangeError(`allowedHosts: ${allowed.left}`);
  const own = readAllowedHost(hostName);
  const retryDelaysMs = (schedule: RetrySchedule): ReadonlyArray<number> =>
    options.retryDelaysMs ?? scaleSchedule(schedule, scale);
  const console = consoleFor(options.log);
  let settle: () => Promise<void> = async () => undefined;
  const clock = createClock(() => settle());
  const deliverer = createDeliverer(clock, console.delivery, logLimit);
  settle = deliverer.quiet;
  const faults = createFaults(PROVIDER_IDS);
  let url = '';
  const emulations = startEmulators({
    url: () => url,
    webhookUrl: (id: SandboxProviderId) => options.webhookUrls?.[id] ?? options.webhookUrl,
    deliverer,
    clock,
    retryDelaysMs,
    faults,
    keys: options.seed === undefined ? randomKeys : seededKeys(options.seed),
    options,
  });
  const credentials = () =>
    Object.fromEntries(
      [...emulations.values()].map((emulation) => [emulation.provider, emulation.credentials()]),
    ) as SandboxCredentials;
  const app = buildServer(
    { emulations, faults, deliverer, credentials, clock, console },
    E.isRight(own) ? [own.right, ...allowed.right] : allowed.right,
  );
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  url = `http://${hostName}:${port}`;

  const emulation = (provider: SandboxProviderId): Emulation => {
    const found = emulations.get(provider);
    if (found === undefined) throw new SandboxError(404, `unknown provider ${String(provider)}`);
    return found;
  };
  let closing: Promise<void> | undefined;

  const sandbox: Sandbox = {
    url,
    credentials: credentials(),
    retryDelaysMs: Object.fromEntries(
      [...emulations.values()].map((emulation) => [emulation.provider, emulation.retryDelaysMs]),
    ) as Record<SandboxProviderId, ReadonlyArray<number>>,
    pay: async (provider, invoiceId, kind = 'full') => {
      const delivered = deliverer.mark();
      const state = orThrow(await emulation(provider).pay(invoiceId, kind));
      await delivered();
      return state;
    },
    expire: async (provider, invoiceId) => {
      const delivered = deliverer.mark();
      const state = orThrow(await emulation(provider).expire(invoiceId));
      await delivered();
      return state;
    },
    trigger: async (provider, trigger) => orThrow(emulation(provider).send(trigger)).first,
    events: Object.fromEntries(
      [...emulations.values()].map((emulation) => [emulation.provider, emulation.events]),
    ) as Record<SandboxProviderId, ReadonlyArray<string>>,
    resend: (deliveryId) => {
      const sent = deliverer.resend(deliveryId);
      return E.isLeft(sent) ? Promise.reject(new SandboxError(404, sent.left)) : sent.right;
    },
    advance: async (ms) => {
      if (!isAdvance(ms))
        throw new RangeError(`advance takes milliseconds, a number of 0 or more, not ${ms}`);
      return new Date(await clock.advance(ms));
    },
    now: () => new Date(clock.now()),
    sendCallback: async (provider, callback) => orThrow(await emulation(provider).sendCallback(callback)),
    invoice: (provider, invoiceId) => emulation(provider).find(invoiceId),
    invoices: (provider) => emulation(provider).list(),
    invoiceCount: (provider, orderId) =>
      emulation(provider)
        .list()
        .filter((invoice) => invoice.orderId === orderId).length,
    deliveries: () => deliverer.log(),
    idle: () => deliverer.idle(),
    injectFault: (provider, fault) => faults.inject(provider, fault),
    pendingFaults: (provider) => faults.pending(provider),
    clearFaults: (provider) => faults.clear(provider),
    requestCount: (provider) => faults.requests(provider),
    resetRequestCount: (provider) => faults.resetCounts(provider),
    close: () => {
      closing ??= (async () => {
        emulations.forEach((e) => e.close());
        faults.close();
        clock.close();
        await Promise.all([app.close(), deliverer.close()]);
      })();
      return closing;
    },
  };
  return { sandbox, server: app };
};

/**
 * Starts a sandbox on `options.port` (0 = a free port) and resolves once it listens; rejects with a
 * `RangeError` for a `retryScale` that is not a number above zero, a `deliveryLogLimit` below 1 or an `allowedHosts` entry that is
 * not a host name.
 */
export const startSandbox = async (options: SandboxOptions = {}): Promise<Sandbox> =>
  (await launchSandbox(options)).sandbox;
