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
  /** Sends until a 2xx answer or the retry schedule runs out; resolves with the last attempt. */
  deliver(webhook: OutgoingWebhook): Promise<WebhookDelivery>;
  /** Every attempt so far, oldest first. */
  log(): ReadonlyArray<WebhookDelivery>;
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

/** Creates a deliverer retrying after each of `retryDelaysMs` in turn. */
export const createDeliverer = (retryDelaysMs: ReadonlyArray<number>): Deliverer => {
  const attempts: WebhookDelivery[] = [];
  const inFlight = new Set<Promise<WebhookDelivery>>();
  const aborter = new AbortController();

  const policy: RetryPolicy = (status) =>
    aborter.signal.aborted ? O.none : A.lookup(status.iterNumber, retryDelaysMs);

  const attempt =
    (webhook: OutgoingWebhook) =>
    (status: RetryStatus): T.Task<WebhookDelivery> =>
    async () => {
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

  return {
    deliver: (webhook) => {
      const running = retrying(policy, attempt(webhook), (d) => !d.ok)();
      inFlight.add(running);
      return running.finally(() => inFlight.delete(running));
    },
    log: () => [...attempts],
    close: async () => {
      aborter.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
};
