import * as E from 'fp-ts/Either';
import type * as TE from 'fp-ts/TaskEither';
import type { ProviderOptions } from './descriptor';
import type { InvoiceError, WebhookError } from './errors';
import { callHook, runScoped, startOperation, type ProviderHooks } from './hooks';
import type { ProviderId } from './ids';
import type { InvoiceEvent } from './model';
import type { InvoiceProvider, WebhookRequest } from './provider';

type Method = (...args: never[]) => unknown;

const isTask = (u: unknown): u is () => Promise<E.Either<unknown, unknown>> => typeof u === 'function';

const tagOf = (error: unknown): InvoiceError['_tag'] | null => {
  const tag = (error as { _tag?: unknown } | null)?._tag;
  return typeof tag === 'string' ? (tag as InvoiceError['_tag']) : null;
};

/** A provider method that reports each call, run inside `hooks.scope`, to `hooks.onOperation`. */
const observedMethod =
  (hooks: ProviderHooks, provider: ProviderId, operation: string, method: Method) =>
  (...args: never[]): unknown => {
    const task = method(...args);
    if (!isTask(task)) return task;
    return async () => {
      const start = startOperation(provider, operation);
      const began = performance.now();
      const result = await runScoped(hooks, start, task);
      callHook(hooks, 'onOperation', {
        ...start,
        durationMs: performance.now() - began,
        errorTag: E.isLeft(result) ? tagOf(result.left) : null,
      });
      return result;
    };
  };

/**
 * The provider with each method but `parseWebhook` observed (`hooks.scope`, then `hooks.onOperation`
 * once it ended), extras such as `listInvoices` included; without hooks, the provider itself.
 */
export const observeProvider = <P extends InvoiceProvider>(options: ProviderOptions, provider: P): P => {
  const hooks = options.hooks;
  if (hooks === undefined) return provider;
  const observed: Record<string, unknown> = { ...(provider as object) };
  for (const [name, value] of Object.entries(provider)) {
    if (typeof value === 'function' && name !== 'parseWebhook') {
      observed[name] = observedMethod(hooks, provider.id, name, (value as Method).bind(provider));
    }
  }
  return observed as P;
};

/** Counts the calls a webhook's verification makes to the provider to confirm it. */
export interface ConfirmationCounter {
  /** `confirm`, each of whose runs counts as one confirmation call of the webhook being parsed. */
  count<A extends ReadonlyArray<unknown>, L, R>(
    confirm: (...args: A) => TE.TaskEither<L, R>,
  ): (...args: A) => TE.TaskEither<L, R>;
}

const UNCOUNTED: ConfirmationCounter = { count: (confirm) => confirm };

/** How an adapter parses one webhook, counting its confirmation calls with `confirmations`. */
export type CountedParse = (
  request: WebhookRequest,
  confirmations: ConfirmationCounter,
) => TE.TaskEither<WebhookError, InvoiceEvent>;

/**
 * An adapter's `parseWebhook`, run inside `hooks.scope` and reported to `hooks.onWebhook` with its
 * outcome, duration, `verification` (what the adapter checks) and confirmation calls; without hooks
 * it is `parse` with nothing counted.
 */
export const observeWebhook = (
  options: ProviderOptions,
  provider: ProviderId,
  verification: string,
  parse: CountedParse,
): ((request: WebhookRequest) => TE.TaskEither<WebhookError, InvoiceEvent>) => {
  const hooks = options.hooks;
  if (hooks === undefined) return (request) => parse(request, UNCOUNTED);
  return (request) => {
    let confirmations = 0;
    const counter: ConfirmationCounter = {
      count:
        (confirm) =>
        (...args) => {
          const task = confirm(...args);
          return () => {
            confirmations += 1;
            return task();
          };
        },
    };
    const task = parse(request, counter);
    return async () => {
      const start = startOperation(provider, 'parseWebhook');
      const began = performance.now();
      const result = await runScoped(hooks, start, task);
      const event = E.isRight(result) ? result.right : null;
      callHook(hooks, 'onWebhook', {
        ...start,
        durationMs: performance.now() - began,
        outcome: E.isLeft(result) ? result.left._tag : 'verified',
        verification,
        confirmations,
        invoiceId: event?.invoiceId ?? null,
        status: event?.status ?? null,
        confirmed: event?.confirmed ?? null,
      });
      return result;
    };
  };
};
