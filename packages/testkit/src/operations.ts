import type { TaskEither } from 'fp-ts/TaskEither';
import type { CreateInvoiceRequest, InvoiceError, InvoiceProvider, InvoiceRef } from '@invoicekit/core';
import type { ContractOperation } from './server';

/** What an operation is called about: a valid create request, and a ref to an invoice the server created. */
export interface OperationSubject {
  readonly request: CreateInvoiceRequest;
  readonly ref: InvoiceRef;
}

/** One operation as the failure matrix drives it: the capability that gates it and how to call it. */
export interface OperationCall<O extends ContractOperation = ContractOperation> {
  readonly operation: O;
  call(provider: InvoiceProvider, subject: OperationSubject): TaskEither<InvoiceError, unknown>;
}

/** `createInvoice` with the subject's request. */
export const createInvoiceCall: OperationCall<'createInvoice'> = {
  operation: 'createInvoice',
  call: (provider, { request }) => provider.createInvoice(request),
};

/** `getInvoice` with the subject's ref. */
export const getInvoiceCall: OperationCall<'getInvoice'> = {
  operation: 'getInvoice',
  call: (provider, { ref }) => provider.getInvoice(ref),
};

/** `cancelInvoice` with the subject's ref. */
export const cancelInvoiceCall: OperationCall<'cancelInvoice'> = {
  operation: 'cancelInvoice',
  call: (provider, { ref }) => provider.cancelInvoice(ref),
};

/** The operations of `InvoiceProvider`, in the order the contract suite runs them. */
export const INVOICE_CALLS: ReadonlyArray<OperationCall> = [
  createInvoiceCall,
  getInvoiceCall,
  cancelInvoiceCall,
];
