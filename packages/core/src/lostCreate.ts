import * as E from 'fp-ts/Either';
import type * as TE from 'fp-ts/TaskEither';
import type { ProviderOptions } from './descriptor';
import type { InvoiceError } from './errors';
import type { Invoice } from './model';
import { neverSent } from './retry';
import { retrySettings } from './retryRules';

/**
 * True when a create failed without saying whether the provider made the invoice: it may have arrived
 * (a timeout, a reset connection) or was answered by a failure that does not say it was refused (a 5xx,
 * a success body that could not be read). A 429 is a refusal: nothing was made.
 */
export const outcomeUnknown = (error: InvoiceError): boolean =>
  error._tag === 'Timeout' ||
  error._tag === 'ProviderUnavailable' ||
  (error._tag === 'NetworkError' && !neverSent(error)) ||
  (error._tag === 'UnexpectedResponse' && error.status >= 200 && error.status < 300);

/**
 * With retries on (`options.retry`), a create whose outcome is unknown is settled by looking the order
 * up (`find`, a read, itself retried): the newest invoice the provider holds for the order is the
 * answer, and the create is not sent again. An empty list proves nothing — the first request may still
 * be running at the provider — so the create's own error is returned. Without retries, the create as is.
 */
export const recoverLostCreate =
  (
    options: ProviderOptions,
    find: (orderId: string) => TE.TaskEither<InvoiceError, ReadonlyArray<Invoice>>,
  ) =>
  (orderId: string, create: TE.TaskEither<InvoiceError, Invoice>): TE.TaskEither<InvoiceError, Invoice> => {
    if (retrySettings(options.retry) === null) return create;
    return async () => {
      const created = await create();
      if (E.isRight(created) || !outcomeUnknown(created.left)) return created;
      const found = await find(orderId)();
      const newest = E.isRight(found)
        ? found.right.find((invoice) => invoice.orderId === orderId)
        : undefined;
      return newest === undefined ? created : E.right(newest);
    };
  };
