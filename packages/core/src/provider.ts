import type { TaskEither } from 'fp-ts/TaskEither';
import type { InvoiceError, WebhookError } from './errors';
import type { ProviderId } from './ids';
import type { Invoice, InvoiceCancellation, InvoiceEvent, InvoiceRef, ProviderCapabilities } from './model';
import type { CreateInvoiceRequest } from './request';

/** A webhook as received: headers in any case and the raw, unparsed body, as text or bytes (a Node `Buffer` is a `Uint8Array`). */
export interface WebhookRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string | Uint8Array;
}

/** One payment provider behind the common interface. */
export interface InvoiceProvider {
  /** The provider id its descriptor lists (`cryptoprocessing`, …). */
  readonly id: ProviderId;
  /** What it supports, known before any call. */
  readonly capabilities: ProviderCapabilities;
  /** The largest webhook body this provider sends, with headroom; endpoints refuse a larger one unread. */
  readonly maxWebhookBodyBytes?: number;
  /** Validates the request, then creates an invoice; invalid input never reaches the network. */
  createInvoice(request: CreateInvoiceRequest): TaskEither<InvoiceError, Invoice>;
  /** Reads an invoice from the provider, or `Unsupported` without a request where it cannot be read. */
  getInvoice(ref: InvoiceRef): TaskEither<InvoiceError, Invoice>;
  /** Asks the provider to cancel an invoice, or `Unsupported` without a request where it cannot. */
  cancelInvoice(ref: InvoiceRef): TaskEither<InvoiceError, InvoiceCancellation>;
  /** The invoices made for an order, newest first; empty means none was made. */
  findInvoicesByOrderId?(orderId: string): TaskEither<InvoiceError, ReadonlyArray<Invoice>>;
  /** Verifies a webhook over its raw bytes, then decodes it into an `InvoiceEvent`. */
  parseWebhook(request: WebhookRequest): TaskEither<WebhookError, InvoiceEvent>;
}
