import * as E from 'fp-ts/Either';
import type { Clock } from './clock';
import type { WebhookDelivery } from './types';

/** One webhook to send: where, what and how it is signed. */
export interface OutgoingWebhook extends Pick<
  WebhookDelivery,
  'provider' | 'invoiceId' | 'event' | 'url' | 'contentType' | 'body'
> {
  readonly headers: Readonly<Record<string, string>>;
}

/** The two moments of a delivery: its first attempt answered, and its last (delivered or retries ran out). */
export interface DeliveryChain {
  readonly first: Promise<WebhookDelivery>;
  readonly last: Promise<WebhookDelivery>;
}

/** Sends webhooks with retries on the sandbox clock and keeps a log of the latest attempts, each with a stable id. */
export interface Deliverer {
  /**
   * Sends until a 2xx answer or `retryDelaysMs` runs out (one retry after each wait). `webhook` is
   * built anew for every attempt, as a provider that signs each send with a fresh short-lived token
   * does; the first attempt waits for `after` (the provider's earlier delivery to be answered).
   */
  start(
    webhook: () => OutgoingWebhook,
    retryDelaysMs: ReadonlyArray<number>,
    after?: Promise<unknown>,
  ): DeliveryChain;
  /** Sends the logged attempt `id` again, byte for byte with its headers, once; or says it is unknown or aged out. */
  resend(id: string): E.Either<string, Promise<WebhookDelivery>>;
  /** The latest attempts (at most the log limit), oldest first. */
  log(): ReadonlyArray<WebhookDelivery>;
  /** How many attempts the log keeps (`deliveryLogLimit`). */
  readonly logLimit: number;
  /** Resolves once no delivery is under way, including deliveries started while it waits. */
  idle(): Promise<void>;
  /** Marks now: the answer resolves once every delivery started since is over (delivered or retries ran out). */
  mark(): () => Promise<void>;
  /** Resolves once no attempt is on the wire; retries waiting on the clock do not count. */
  quiet(): Promise<void>;
  /** Stops retrying and waits for deliveries under way. */
  close(): Promise<void>;
}

const ATTEMPT_TIMEOUT_MS = 5000;

/** How many delivery attempts the log keeps by default before it drops the oldest. */
export const DEFAULT_DELIVERY_LOG_LIMIT = 10_000;

/** True for a usable `deliveryLogLimit`: a whole number of at least 1. */
export const isDeliveryLogLimit = (u: unknown): u is number => Number.isSafeInteger(u) && (u as number) >= 1;

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

const timeoutReason = (): DOMException =>
  new DOMException('The operation was aborted due to timeout', 'TimeoutError');

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Tracked {
  readonly done: Promise<unknown>;
  readonly serial: number;
}

/** What one attempt is, besides the webhook: its place in the chain and what comes after it. */
interface AttemptPlan {
  readonly attempt: number;
  readonly attempts: number;
  readonly retryInMs: number | undefined;
  readonly resendOf: string | null;
}

const ID_PREFIX = 'dlv_';

/**
 * Creates a deliverer with an empty log that keeps the latest `logLimit` attempts; `observe` sees every
 * attempt once it was answered.
 */
export const createDeliverer = (
  clock: Clock,
  observe: (attempt: WebhookDelivery) => void = () => undefined,
  logLimit: number = DEFAULT_DELIVERY_LOG_LIMIT,
): Deliverer => {
  const byId = new Map<string, WebhookDelivery>();
  const sending = new Set<string>();
  const chains = new Set<Tracked>();
  const wire = new Set<Promise<unknown>>();
  const waits = new Set<() => void>();
  const aborter = new AbortController();
  const attempts = new Set<AbortController>();
  let serial = 0;
  let chainSerial = 0;

  const wasLogged = (id: string): boolean => {
    const n = id.startsWith(ID_PREFIX) ? Number(id.slice(ID_PREFIX.length)) : NaN;
    return Number.isSafeInteger(n) && n >= 1 && n <= serial && `${ID_PREFIX}${n}` === id && !sending.has(id);
  };

  const send = async (webhook: OutgoingWebhook, plan: AttemptPlan): Promise<WebhookDelivery> => {
    const base = {
      id: `${ID_PREFIX}${++serial}`,
      provider: webhook.provider,
      invoiceId: webhook.invoiceId,
      event: webhook.event,
      url: webhook.url,
      attempt: plan.attempt,
      attempts: plan.attempts,
      contentType: webhook.contentType,
      headers: webhook.headers,
      body: webhook.body,
      at: new Date(clock.now()).toISOString(),
      resendOf: plan.resendOf,
    };
    sending.add(base.id);
    const started = Date.now();
    // Each attempt's own signal and timer, dropped when it ends: none outlives its attempt.
    const attempt = new AbortController();
    if (aborter.signal.aborted) attempt.abort(aborter.signal.reason);
    attempts.add(attempt);
    const timeout = setTimeout(() => attempt.abort(timeoutReason()), ATTEMPT_TIMEOUT_MS).unref();
    const request = fetch(webhook.url, {
      method: 'POST',
      headers: { ...webhook.headers, 'content-type': webhook.contentType },
      body: webhook.body,
      redirect: 'manual',
      signal: attempt.signal,
    }).then(
      async (res) => {
        await res.arrayBuffer().catch(() => undefined);
        return { statusCode: res.status, error: null, ok: res.status >= 200 && res.status < 300 };
      },
      (e: unknown) => ({ statusCode: null, error: errorText(e), ok: false }),
    );
    wire.add(request);
    const answer = await request.finally(() => {
      clearTimeout(timeout);
      attempts.delete(attempt);
      wire.delete(request);
    });
    const retryInMs = answer.ok ? undefined : plan.retryInMs;
    const record: WebhookDelivery = {
      ...base,
      ...answer,
      ms: Date.now() - started,
      nextRetryAt:
        retryInMs === undefined || aborter.signal.aborted
          ? null
          : new Date(clock.now() + retryInMs).toISOString(),
    };
    sending.delete(record.id);
    byId.set(record.id, record);
    if (byId.size > logLimit) byId.delete(byId.keys().next().value!);
    observe(record);
    return record;
  };

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = () => {
        waits.delete(done);
        cancel();
        resolve();
      };
      const cancel = clock.at(clock.now() + ms, done);
      waits.add(done);
    });

  const track = (run: () => Promise<WebhookDelivery>): Promise<WebhookDelivery> => {
    let resolveDone: () => void = () => undefined;
    const tracked: Tracked = { done: new Promise<void>((r) => (resolveDone = r)), serial: ++chainSerial };
    chains.add(tracked);
    return run().finally(() => {
      chains.delete(tracked);
      resolveDone();
    });
  };

  const start: Deliverer['start'] = (build, retryDelaysMs, after = Promise.resolve()) => {
    let answered: (first: WebhookDelivery) => void = () => undefined;
    const first = new Promise<WebhookDelivery>((resolve) => (answered = resolve));
    const last = track(async () => {
      await after.catch(() => undefined);
      for (let n = 0; ; n++) {
        const webhook = build();
        const record = await send(webhook, {
          attempt: n + 1,
          attempts: retryDelaysMs.length + 1,
          retryInMs: retryDelaysMs[n],
          resendOf: null,
        });
        answered(record);
        const delay = retryDelaysMs[n];
        if (record.ok || delay === undefined || aborter.signal.aborted) return record;
        await wait(delay);
        if (aborter.signal.aborted) return record;
      }
    });
    return { first, last };
  };

  const settled = async (matters: (tracked: Tracked) => boolean): Promise<void> => {
    for (let busy = [...chains].filter(matters); busy.length > 0; busy = [...chains].filter(matters))
      await Promise.allSettled(busy.map((t) => t.done));
  };

  return {
    start,
    resend: (id) => {
      const original = byId.get(id);
      if (original === undefined)
        return E.left(
          wasLogged(id)
            ? `delivery ${id} aged out of the log, which keeps the latest ${logLimit} attempts (deliveryLogLimit)`
            : `no delivery ${id}; GET /_sandbox/deliveries lists them`,
        );
      const webhook: OutgoingWebhook = {
        provider: original.provider,
        invoiceId: original.invoiceId,
        event: original.event,
        url: original.url,
        contentType: original.contentType,
        body: original.body,
        headers: original.headers,
      };
      return E.right(
        track(() => send(webhook, { attempt: 1, attempts: 1, retryInMs: undefined, resendOf: id })),
      );
    },
    log: () => [...byId.values()],
    logLimit,
    idle: () => settled(() => true),
    mark: () => {
      const from = chainSerial;
      return () => settled((t) => t.serial > from);
    },
    quiet: async () => {
      await tick();
      while (wire.size > 0) {
        await Promise.allSettled([...wire]);
        await tick();
      }
    },
    close: async () => {
      aborter.abort();
      attempts.forEach((attempt) => attempt.abort(aborter.signal.reason));
      [...waits].forEach((done) => done());
      await settled(() => true);
    },
  };
};
