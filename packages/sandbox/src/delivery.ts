import * as A from 'fp-ts/ReadonlyArray';
import * as O from 'fp-ts/Option';
import type * as T from 'fp-ts/Task';
import type { RetryPolicy, RetryStatus } from 'retry-ts';
import { retrying } from 'retry-ts/lib/Task';
import type { WebhookDelivery } from './types';

/** One webhook to send: where, what and how it is signed. */
export interface OutgoingWebhook extends Pick<
  WebhookDelivery,
  'provider' | 'invoiceId' | 'event' | 'url' | 'contentType' | 'body'
> {
  readonly headers: Readonly<Record<string, string>>;
}

/** Sends webhooks with retries and keeps a log of every attempt. */
export interface Deliverer {
  /**
   * Sends until a 2xx answer or `retryDelaysMs` runs out (one retry after each wait) and resolves with
   * the last attempt. `webhook` is built anew for every attempt, as a provider that signs each send
   * with a fresh short-lived token does.
   */
  deliver(webhook: () => OutgoingWebhook, retryDelaysMs: ReadonlyArray<number>): Promise<WebhookDelivery>;
  /** Every attempt so far, oldest first. */
  log(): ReadonlyArray<WebhookDelivery>;
  /** Resolves once no delivery is under way, including deliveries started while it waits. */
  idle(): Promise<void>;
  /** Stops retrying and waits for deliveries under way. */
  close(): Promise<void>;
}

const ATTEMPT_TIMEOUT_MS = 5000;

const errorText = (e: unknown): string => {
  const failure = (typeof e === 'object' && e !== null ? e : {}) as {
    readonly name?: unknown;
    readonly message?: unknown;
    readonly cause?: { readonly code?: unknown; readonly message?: unknown };
  };
  return typeof failure.cause?.code === 'string'
    ? failure.cause.code
    : failure.name === 'TimeoutError' || failure.name === 'AbortError'
      ? failure.name
      : typeof failure.cause?.message === 'string'
        ? failure.cause.message
        : typeof failure.message === 'string'
          ? failure.message
          : String(e);
};

/** Creates a deliverer with an empty log. */
export const createDeliverer = (): Deliverer => {
  const attempts: WebhookDelivery[] = [];
  const inFlight = new Set<Promise<WebhookDelivery>>();
  const aborter = new AbortController();

  const policy =
    (retryDelaysMs: ReadonlyArray<number>): RetryPolicy =>
    (status) =>
      aborter.signal.aborted ? O.none : A.lookup(status.iterNumber, retryDelaysMs);

  const attempt =
    (build: () => OutgoingWebhook) =>
    (status: RetryStatus): T.Task<WebhookDelivery> =>
    async () => {
      const webhook = build();
      const base = {
        provider: webhook.provider,
        invoiceId: webhook.invoiceId,
        event: webhook.event,
        url: webhook.url,
        attempt: status.iterNumber + 1,
        contentType: webhook.contentType,
        body: webhook.body,
        at: new Date().toISOString(),
      };
      const record = await fetch(webhook.url, {
        method: 'POST',
        headers: { ...webhook.headers, 'content-type': webhook.contentType },
        body: webhook.body,
        redirect: 'manual',
        signal: AbortSignal.any([aborter.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
      }).then(
        async (res): Promise<WebhookDelivery> => {
          await res.arrayBuffer().catch(() => undefined);
          return { ...base, statusCode: res.status, error: null, ok: res.status >= 200 && res.status < 300 };
        },
        (e: unknown): WebhookDelivery => ({ ...base, statusCode: null, error: errorText(e), ok: false }),
      );
      attempts.push(record);
      return record;
    };

  const idle = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  return {
    deliver: (webhook, retryDelaysMs) => {
      const tracked: Promise<WebhookDelivery> = retrying(
        policy(retryDelaysMs),
        attempt(webhook),
        (d) => !d.ok,
      )().finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      return tracked;
    },
    log: () => [...attempts],
    idle,
    close: async () => {
      aborter.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
};
