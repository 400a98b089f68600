import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import type { OutgoingWebhook } from './delivery';
import type { PaymentKind, SandboxCallback, SandboxInvoiceState, WebhookDelivery } from './types';

/** What one emulated provider gets from the sandbox: its keys, its webhook target, its pages, delivery and faults. */
export interface EngineContext<Credentials> {
  /** The provider's keys and API root. */
  readonly credentials: () => Credentials;
  /** Where the provider's callbacks go, if anywhere. */
  readonly webhookUrl: () => string | undefined;
  /** The hosted page of the invoice with this page code. */
  readonly pageUrl: (code: string) => string;
  /**
   * Delivers a webhook on the provider's retry schedule, building it anew for every attempt; resolves
   * with the last attempt.
   */
  readonly deliver: (webhook: () => OutgoingWebhook) => Promise<WebhookDelivery>;
  /** Runs the provider's next injected fault, if any: true when the fault answered the request itself. */
  readonly intercept: (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>;
}

/** Why a sandbox action was refused: not possible for this provider (400), unknown invoice (404) or a state that does not allow it (409). */
export interface EngineFailure {
  readonly status: 400 | 404 | 409;
  readonly message: string;
}

/** One provider's emulation: its HTTP API, its invoices and their lifecycle. */
export interface Engine {
  /** The provider's API routes, registered under its prefix. */
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

/** The invoice if it exists and is open; otherwise the 404 for an unknown id or the 409 for a closed invoice. */
export const openInvoice = <A extends { readonly status: string }>(
  provider: string,
  id: string,
  invoice: A | undefined,
  isOpen: (invoice: A) => boolean,
): E.Either<EngineFailure, A> =>
  invoice === undefined
    ? E.left({ status: 404, message: `no ${provider} invoice ${id}` })
    : isOpen(invoice)
      ? E.right(invoice)
      : E.left({
          status: 409,
          message: `${provider} invoice ${id} is ${invoice.status}; only open invoices can be paid or expired`,
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
