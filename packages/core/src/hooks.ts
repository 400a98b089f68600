import type { InvoiceError, WebhookError } from './errors';
import type { ProviderId } from './ids';
import type { InvoiceStatus } from './model';

/** An operation as it starts: the provider method called, and the id its end event carries. */
export interface OperationStart {
  /** Unique in the process; the `OperationEvent` or `WebhookEvent` that ends it has the same id. */
  readonly id: number;
  readonly provider: ProviderId;
  /** The provider method: `createInvoice`, `getInvoice`, `parseWebhook`, … */
  readonly operation: string;
  /** When it started, in epoch milliseconds. */
  readonly startTime: number;
}

/** One HTTP attempt, once it ended: what was sent and what came back, credentials and personal data redacted. */
export interface RequestEvent {
  readonly provider: ProviderId;
  /** The endpoint's name in the adapter (`createInvoice`, `invoiceInfo`…), or `request` when it has none. */
  readonly operation: string;
  readonly method: 'GET' | 'POST';
  /** The URL with every configured credential replaced by `[redacted]`. */
  readonly url: string;
  /** 1 for the first attempt of a request, 2 for its first retry, … */
  readonly attempt: number;
  /** When the attempt started, in epoch milliseconds. */
  readonly startTime: number;
  readonly durationMs: number;
  /** The HTTP status, or null when no answer came (timeout, connection failure). */
  readonly status: number | null;
  /**
   * The failure this attempt was: a transport failure's own tag (`Timeout`, `NetworkError`,
   * `UnexpectedResponse` past the size cap), else the status class every adapter shares (429
   * `RateLimited`, 5xx `ProviderUnavailable`, 401/403 `Unauthorized`, 404 `NotFound`, other 4xx
   * `Rejected`); null for any other answer. The operation's own error is its `OperationEvent`'s.
   */
  readonly errorTag: InvoiceError['_tag'] | null;
  /** The `NetworkError` code (`ECONNREFUSED`…), else null. */
  readonly errorCode: string | null;
  /** The body sent, redacted. */
  readonly requestBody: string;
  /** The body received, redacted; null when no answer came. */
  readonly responseBody: string | null;
  /** How long until this request is sent again, or null when this attempt was its last. */
  readonly retryInMs: number | null;
}

/** One provider method call, once it ended. */
export interface OperationEvent extends OperationStart {
  readonly durationMs: number;
  /** The `_tag` of the error the method returned, or null for a success. */
  readonly errorTag: InvoiceError['_tag'] | null;
}

/** One webhook passed to `parseWebhook`, once it was verified or refused. */
export interface WebhookEvent extends OperationStart {
  readonly durationMs: number;
  /** `verified`, or the `WebhookError` it was refused with. */
  readonly outcome: 'verified' | WebhookError['_tag'];
  /** What the adapter checks: the signature scheme and whether it reads the invoice from the provider. */
  readonly verification: string;
  /** Calls to the provider made to confirm this delivery (each one's attempts are `RequestEvent`s). */
  readonly confirmations: number;
  /** The invoice the verified event is about, else null. */
  readonly invoiceId: string | null;
  /** The verified event's canonical status, else null. */
  readonly status: InvoiceStatus | null;
  /** The verified event's `confirmed`, else null. */
  readonly confirmed: boolean | null;
}

/**
 * Callbacks that observe a provider (docs/observability.md). Each is called synchronously once per
 * event; a returned promise is never awaited; a throw or a rejection is swallowed and counted
 * (`hookFailures`). A hook cannot change an operation's result; it delays it by its own synchronous
 * running time only.
 */
export interface ProviderHooks {
  /** Each HTTP attempt, after it ended. */
  readonly onRequest?: (event: RequestEvent) => unknown;
  /** Each provider method call but `parseWebhook`, after it ended. */
  readonly onOperation?: (event: OperationEvent) => unknown;
  /** Each `parseWebhook` call, after it ended. */
  readonly onWebhook?: (event: WebhookEvent) => unknown;
  /**
   * Runs each operation (webhooks included) inside `run`, e.g. to make a tracing span the active
   * context of its attempts. `run` starts the operation once however often it is called; when the
   * hook throws or does not call it, the operation runs all the same, and its result is never the hook's.
   */
  readonly scope?: (start: OperationStart, run: () => unknown) => unknown;
}

/** The names of the hooks that receive one event. */
export type EventHook = 'onRequest' | 'onOperation' | 'onWebhook';

/** The event the hook `K` receives. */
export type EventOf<K extends EventHook> = Parameters<NonNullable<ProviderHooks[K]>>[0];

const failures = new WeakMap<object, number>();

/** How many times a hooks object threw or rejected since it was made. */
export const hookFailures = (hooks: ProviderHooks): number => failures.get(hooks) ?? 0;

const countFailure = (hooks: ProviderHooks): void => {
  failures.set(hooks, hookFailures(hooks) + 1);
};

const settle = (hooks: ProviderHooks, returned: unknown): void => {
  if (typeof (returned as { then?: unknown } | null)?.then === 'function') {
    (returned as PromiseLike<unknown>).then(undefined, () => countFailure(hooks));
  }
};

/** Calls one event hook of `hooks`, if set: its throw or rejection is counted, never propagated or awaited. */
export const callHook = <K extends EventHook>(hooks: ProviderHooks, name: K, event: EventOf<K>): void => {
  try {
    const hook = hooks[name] as ((event: EventOf<K>) => unknown) | undefined;
    if (hook !== undefined) settle(hooks, hook.call(hooks, event));
  } catch {
    countFailure(hooks);
  }
};

/** Runs `run` once inside `hooks.scope`, if set; a scope that throws or never calls it still gets `run` run. */
export const runScoped = <A>(hooks: ProviderHooks, start: OperationStart, run: () => A): A => {
  let ran = false;
  let value: A | undefined;
  const once = (): A => {
    if (!ran) {
      ran = true;
      value = run();
    }
    return value as A;
  };
  try {
    const scope = hooks.scope;
    if (scope !== undefined) settle(hooks, scope.call(hooks, start, once));
  } catch {
    countFailure(hooks);
  }
  return once();
};

let lastOperationId = 0;

/** Starts an operation: a fresh id and the time now. */
export const startOperation = (provider: ProviderId, operation: string): OperationStart => {
  lastOperationId += 1;
  return { id: lastOperationId, provider, operation, startTime: Date.now() };
};

/** One hooks object calling each of `list` in turn; each keeps its own failure count. */
export const combineHooks = (...list: ReadonlyArray<ProviderHooks>): ProviderHooks => ({
  onRequest: (event) => list.forEach((hooks) => callHook(hooks, 'onRequest', event)),
  onOperation: (event) => list.forEach((hooks) => callHook(hooks, 'onOperation', event)),
  onWebhook: (event) => list.forEach((hooks) => callHook(hooks, 'onWebhook', event)),
  scope: (start, run) =>
    list.reduceRight<() => unknown>((inner, hooks) => () => runScoped(hooks, start, inner), run)(),
});
