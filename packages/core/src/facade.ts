import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { explainError } from './errorDocs';
import type { InvoiceKitFailure } from './errors';
import type { Invoice, InvoiceCancellation, InvoiceEvent, InvoiceRef, ProviderCapabilities } from './model';
import type { InvoiceProvider, WebhookRequest } from './provider';
import type { CreateInvoiceRequest } from './request';

/** The error a Promise-facade call rejects with; `error` is the tagged error value, `message` links its docs section. */
export class InvoiceKitError<F extends InvoiceKitFailure = InvoiceKitFailure> extends Error {
  override readonly name = 'InvoiceKitError';
  readonly error: F;
  readonly tag: F['_tag'];

  constructor(error: F) {
    super(explainError(error));
    this.error = error;
    this.tag = error._tag;
  }
}

/** Runs a TaskEither: resolves with its value or rejects with an `InvoiceKitError`. */
export const toPromise = async <F extends InvoiceKitFailure, A>(task: TaskEither<F, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new InvoiceKitError(result.left);
  return result.right;
};

/** Unwraps an Either: returns its value or throws an `InvoiceKitError`. */
export const getOrThrow = <F extends InvoiceKitFailure, A>(result: E.Either<F, A>): A => {
  if (E.isLeft(result)) throw new InvoiceKitError(result.left);
  return result.right;
};

/** An `InvoiceProvider` with Promise methods, for callers who do not use fp-ts. */
export interface PromiseInvoiceProvider {
  /** The wrapped provider's id. */
  readonly id: InvoiceProvider['id'];
  /** The wrapped provider's capabilities. */
  readonly capabilities: ProviderCapabilities;
  /** `createInvoice`, resolving with the invoice or rejecting with an `InvoiceKitError`. */
  createInvoice(request: CreateInvoiceRequest): Promise<Invoice>;
  /** `getInvoice`, resolving with the invoice or rejecting with an `InvoiceKitError`. */
  getInvoice(ref: InvoiceRef): Promise<Invoice>;
  /** `cancelInvoice`, resolving with the cancellation or rejecting with an `InvoiceKitError`. */
  cancelInvoice(ref: InvoiceRef): Promise<InvoiceCancellation>;
  /** `findInvoicesByOrderId`, present where the wrapped provider has it. */
  findInvoicesByOrderId?(orderId: string): Promise<ReadonlyArray<Invoice>>;
  /** `parseWebhook`, resolving with the event or rejecting with an `InvoiceKitError`. */
  parseWebhook(request: WebhookRequest): Promise<InvoiceEvent>;
}

/** Wraps a provider so each method returns a Promise that rejects with `InvoiceKitError`. */
export const withPromises = (provider: InvoiceProvider): PromiseInvoiceProvider => {
  const find = provider.findInvoicesByOrderId?.bind(provider);
  return {
    id: provider.id,
    capabilities: provider.capabilities,
    createInvoice: (request) => toPromise(provider.createInvoice(request)),
    getInvoice: (ref) => toPromise(provider.getInvoice(ref)),
    cancelInvoice: (ref) => toPromise(provider.cancelInvoice(ref)),
    ...(find === undefined ? {} : { findInvoicesByOrderId: (orderId: string) => toPromise(find(orderId)) }),
    parseWebhook: (request) => toPromise(provider.parseWebhook(request)),
  };
};
