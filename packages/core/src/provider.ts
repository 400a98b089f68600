import type { TaskEither } from 'fp-ts/TaskEither';
import type { InvoiceError, WebhookError } from './errors';
import type { ProviderId } from './ids';
import type { Invoice, InvoiceCancellation, InvoiceEvent, InvoiceRef, ProviderCapabilities } from './model';
import type { CreateInvoiceRequest } from './request';

/** A webhook as received: headers in any case and the raw, unparsed body. */
export interface WebhookRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string | Buffer;
}

/** One payment provider behind the common interface. */
export interface InvoiceProvider {
  readonly id: ProviderId;
  readonly capabilities: ProviderCapabilities;
  createInvoice(request: CreateInvoiceRequest): TaskEither<InvoiceError, Invoice>;
  getInvoice(ref: InvoiceRef): TaskEither<InvoiceError, Invoice>;
  cancelInvoice(ref: InvoiceRef): TaskEither<InvoiceError, InvoiceCancellation>;
  parseWebhook(request: WebhookRequest): TaskEither<WebhookError, InvoiceEvent>;
}
