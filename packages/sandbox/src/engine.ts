import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import type { CancelTimer, Clock } from './clock';
import type { DeliveryChain, OutgoingWebhook } from './delivery';
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
   * Delivers a webhook on the provider's retry schedule, building it anew for every attempt, after the
   * provider's earlier deliveries were answered: `first` resolves once its first attempt was answered,
   * `last` once it was delivered or its retries ran out.
   */
  readonly deliver: (webhook: () => OutgoingWebhook) => DeliveryChain;
  /** How many delivery attempts a provider's own delivery log keeps, as the sandbox's (`deliveryLogLimit`). */
  readonly deliveryLogLimit: number;
  /** The time on the sandbox clock, in milliseconds since the epoch. */
  readonly now: () => number;
  /** Timers on the sandbox clock, cancelled when the engine closes. */
  readonly timers: () => ExpiryTimers;
  /** Runs the provider's next injected fault, if any: true when the fault answered the request itself. */
  readonly intercept: (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>;
}

/** Why a sandbox action was refused: not possible for this provider (400), unknown invoice (404) or a state that does not allow it (409). */
export interface EngineFailure {
  readonly status: 400 | 404 | 409;
  readonly message: string;
}

/** A triggered event before signing: its body fields (to override) and how the provider signs and addresses them. */
export interface TriggerDraft {
  readonly body: Readonly<Record<string, unknown>>;
  readonly sign: (body: Readonly<Record<string, unknown>>) => OutgoingWebhook;
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
  /** Every event `trigger` can send. */
  readonly events: ReadonlyArray<string>;
  /**
   * The body of `event` for the invoice `invoiceId` (or a new one) as it would be in that event, not
   * moving the invoice; 400 for an unknown event, 404 for an unknown invoice, 409 without a webhook URL.
   */
  trigger(event: string, invoiceId: string | undefined): E.Either<EngineFailure, TriggerDraft>;
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

/** Timers that expire invoices by themselves, on the sandbox clock; cancelled on close. */
export interface ExpiryTimers {
  schedule(id: string, atMs: number, run: () => void): void;
  cancel(id: string): void;
  close(): void;
}

/** Creates an empty set of expiry timers on `clock`. */
export const createExpiryTimers = (clock: Pick<Clock, 'at'>): ExpiryTimers => {
  const timers = new Map<string, CancelTimer>();
  const cancel = (id: string) => {
    timers.get(id)?.();
    timers.delete(id);
  };
  return {
    schedule: (id, atMs, run) => {
      cancel(id);
      timers.set(
        id,
        clock.at(atMs, () => {
          timers.delete(id);
          run();
        }),
      );
    },
    cancel,
    close: () => [...timers.keys()].forEach(cancel),
  };
};

/** 400 for an event `events` does not list. */
export const unknownEvent = (
  provider: string,
  event: string,
  events: ReadonlyArray<string>,
): EngineFailure => ({
  status: 400,
  message: `${provider} sends no event ${JSON.stringify(event)}; it sends ${events.join(', ')}`,
});

/** 409 for a trigger without anywhere to send it. */
export const noWebhookUrl = (provider: string): EngineFailure => ({
  status: 409,
  message: `no webhook URL is configured for ${provider}; start the sandbox with --webhook-url (webhookUrl)`,
});

/** The first of `candidates` that announces `event`, or undefined. */
export const stepFor = <A>(
  event: string,
  candidates: ReadonlyArray<A>,
  eventOf: (candidate: A) => string,
): A | undefined => candidates.find((candidate) => eventOf(candidate) === event);
