import type { FastifyPluginAsync } from 'fastify';
import type * as E from 'fp-ts/Either';
import type { ProviderId } from './types';
import type { Deliverer } from './delivery';
import type { Faults } from './faults';
import type {
  CryptocloudTokenId,
  PaymentKind,
  SandboxCallback,
  SandboxCredentials,
  SandboxInvoiceState,
  WebhookDelivery,
} from './types';

/** What every provider emulation shares: the sandbox address, keys, webhook targets, delivery and faults. */
export interface EngineContext {
  /** `http://HOST:PORT`, known once the server listens. */
  readonly url: () => string;
  readonly credentials: () => SandboxCredentials;
  readonly webhookUrl: (provider: ProviderId) => string | undefined;
  readonly deliverer: Deliverer;
  readonly faults: Faults;
  readonly options: {
    readonly cryptocloudPostbackFormat: 'json' | 'form';
    readonly cryptocloudTestMode: boolean;
    readonly cryptocloudTokenId: CryptocloudTokenId;
  };
}

/** Why a sandbox action was refused: not possible for this provider (400), unknown invoice (404) or a state that does not allow it (409). */
export interface EngineFailure {
  readonly status: 400 | 404 | 409;
  readonly message: string;
}

/** One provider's emulation: its HTTP API, its invoices and their lifecycle. */
export interface Engine {
  readonly provider: ProviderId;
  /** The provider's API routes, to be registered under `prefix`. */
  readonly prefix: string;
  readonly routes: FastifyPluginAsync;
  find(id: string): SandboxInvoiceState | undefined;
  findByCode(code: string): SandboxInvoiceState | undefined;
  list(): ReadonlyArray<SandboxInvoiceState>;
  pay(id: string, kind: PaymentKind): Promise<E.Either<EngineFailure, SandboxInvoiceState>>;
  expire(id: string): Promise<E.Either<EngineFailure, SandboxInvoiceState>>;
  /** Sends an authentic callback of another type than `invoice`, where the provider has them. */
  sendCallback(callback: SandboxCallback): Promise<E.Either<EngineFailure, WebhookDelivery>>;
  close(): void;
}

/** The 404 failure for an unknown invoice id. */
export const notFound = (provider: ProviderId, id: string): EngineFailure => ({
  status: 404,
  message: `no ${provider} invoice ${id}`,
});

/** The 409 failure for an invoice that can no longer be paid or expired. */
export const notOpen = (provider: ProviderId, id: string, status: string): EngineFailure => ({
  status: 409,
  message: `${provider} invoice ${id} is ${status}; only open invoices can be paid or expired`,
});

/** Timers that expire invoices by themselves; unref'd and cancelled on close. */
export interface ExpiryTimers {
  schedule(id: string, atMs: number, run: () => void): void;
  cancel(id: string): void;
  close(): void;
}

const MAX_TIMEOUT_MS = 2_147_483_647;

/** Creates an empty set of expiry timers. */
export const createExpiryTimers = (): ExpiryTimers => {
  const timers = new Map<string, NodeJS.Timeout>();
  const cancel = (id: string) => {
    clearTimeout(timers.get(id));
    timers.delete(id);
  };
  return {
    schedule: (id, atMs, run) => {
      cancel(id);
      const delay = Math.max(0, atMs - Date.now());
      if (delay > MAX_TIMEOUT_MS) return;
      const timer = setTimeout(() => {
        timers.delete(id);
        run();
      }, delay);
      timer.unref();
      timers.set(id, timer);
    },
    cancel,
    close: () => [...timers.keys()].forEach(cancel),
  };
};
