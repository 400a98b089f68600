import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { type InvoiceError, type ProviderId } from '@invoicekit/core';
import { andThenTask, unexpectedResponse } from '@invoicekit/core/adapter';

/** Runs a provider operation; a provider that throws instead of answering is an `UnexpectedResponse`. */
export const guardedCall = <A>(
  provider: ProviderId,
  call: () => TE.TaskEither<InvoiceError, A>,
): TE.TaskEither<InvoiceError, A> =>
  pipe(
    TE.tryCatch(
      () => call()(),
      (thrown): InvoiceError =>
        unexpectedResponse(provider, 0, [{ path: '', message: `the provider threw: ${String(thrown)}` }], ''),
    ),
    andThenTask(TE.fromEither),
  );
