import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import {
  type CreateInvoiceRequest,
  type Invoice,
  type InvoiceCancellation,
  type InvoiceError,
  type InvoiceEvent,
  type InvoiceProvider,
  type InvoiceRef,
  type ProviderCapabilities,
  type WebhookError,
  type WebhookRequest,
} from '@invoicekit/core';
import {
  credentialScrubber,
  defaultTransport,
  scrubError,
  type HttpTransport,
  type ResolvedRef,
  type ValidInvoiceRequest,
} from '@invoicekit/core/adapter';
import { createCryptocloudClient } from './client';
import type { CryptocloudInvoice, CryptocloudInvoiceList } from './codecs';
import type { CryptocloudConfig } from './config';
import { invoiceUuid } from './ids';
import {
  CRYPTOCLOUD_AMOUNT_FRACTION_DIGITS,
  toCancelBody,
  toCreateBody,
  toInfoBody,
  toListBody,
  validateCryptocloudRequest,
  validateInvoiceRef,
  validateListQuery,
} from './request';
import { pickInvoice, toInvoice } from './response';
import { parsePostback } from './webhook';

/** What CryptoCloud supports: every operation plus `listInvoices`; partial payment is refused, hints ignored. */
export const CRYPTOCLOUD_CAPABILITIES: ProviderCapabilities = {
  operations: { createInvoice: true, getInvoice: true, cancelInvoice: true, listInvoices: true },
  requiredFields: [],
  unsupportedFields: ['allowPartialPayment'],
  // Redirect pages are set per project in the CryptoCloud dashboard, not per invoice.
  ignoredFields: ['title', 'description', 'redirectUrls', 'customer.reference', 'customer.sender'],
  expiresInMinutes: 'any',
  amountFractionDigits: {
    max: CRYPTOCLOUD_AMOUNT_FRACTION_DIGITS,
    source:
      '[I] inferred: CryptoCloud documents create `amount` only as a float in a fiat currency (examples 100, 100.0) ' +
      'and states no precision; 2 is the minor unit of its documented fiat currencies',
  },
  rejectsDuplicateOrders: false,
};

/** A merchant/list query: invoices created between `from` and `to` (UTC days, inclusive). */
export interface CryptocloudListQueryInput {
  readonly from: Date;
  readonly to: Date;
  readonly offset?: number;
  readonly limit?: number;
}

/** The CryptoCloud provider: the common interface plus `listInvoices`. */
export interface CryptocloudProvider extends InvoiceProvider {
  /** Lists invoices created in a date range (merchant/list), at most 100 per page. */
  listInvoices(query: CryptocloudListQueryInput): TE.TaskEither<InvoiceError, Invoice[]>;
}

/** Options of `createCryptocloudProvider`: a transport (tests, proxies) and a clock (token expiry). */
export interface CryptocloudProviderOptions {
  readonly transport?: HttpTransport;
  readonly now?: () => Date;
}

/** Builds the CryptoCloud API v2 adapter; credentials stay in closures, never on the object. */
export const createCryptocloudProvider = (
  config: CryptocloudConfig,
  options: CryptocloudProviderOptions = {},
): CryptocloudProvider => {
  const now = options.now ?? (() => new Date());
  const scrub = credentialScrubber([config.apiKey, config.secretKey, config.shopId]);
  const client = createCryptocloudClient({
    transport: options.transport ?? defaultTransport,
    scrub,
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    timeoutMs: config.timeoutMs,
    now,
  });

  const sendCreate = ({ request }: { readonly request: ValidInvoiceRequest }) =>
    client.create(toCreateBody(config.shopId)(request));
  const invoiceFromCreated = ({
    request,
    wire,
  }: {
    readonly request: ValidInvoiceRequest;
    readonly wire: CryptocloudInvoice;
  }) => toInvoice(request.orderId)(wire);

  const createInvoice = (request: CreateInvoiceRequest): TE.TaskEither<InvoiceError, Invoice> =>
    pipe(
      TE.fromEither(validateCryptocloudRequest(request)),
      TE.bindTo('request'),
      TE.bind('wire', sendCreate),
      TE.map(invoiceFromCreated),
    );

  const fetchMatching = (id: string): TE.TaskEither<InvoiceError, CryptocloudInvoice> =>
    pipe(client.info(toInfoBody(id)), TE.flatMapEither(pickInvoice(id, 200)));

  const readInvoice = (ref: ResolvedRef): TE.TaskEither<InvoiceError, Invoice> =>
    pipe(fetchMatching(ref.id), TE.map(toInvoice(ref.orderId)));

  const getInvoice = (ref: InvoiceRef): TE.TaskEither<InvoiceError, Invoice> =>
    pipe(TE.fromEither(validateInvoiceRef(ref)), TE.flatMap(readInvoice));

  // Once CryptoCloud answered the cancel with success, the cancellation happened: a failed
  // re-read only leaves `invoice` null, it never turns the answer into a failure.
  const cancellation = (ref: ResolvedRef): TE.TaskEither<never, InvoiceCancellation> =>
    pipe(
      readInvoice(ref),
      TE.match(
        (): Invoice | null => null,
        (invoice): Invoice | null => invoice,
      ),
      TE.fromTask,
      TE.map((invoice) => ({
        provider: 'cryptocloud',
        id: invoiceUuid(ref.id),
        orderId: invoice?.orderId ?? ref.orderId,
        invoice,
      })),
    );

  const cancelInvoice = (ref: InvoiceRef): TE.TaskEither<InvoiceError, InvoiceCancellation> =>
    pipe(
      TE.fromEither(validateInvoiceRef(ref)),
      TE.tap((resolved) => client.cancel(toCancelBody(resolved.id))),
      TE.flatMap(cancellation),
    );

  const toInvoices = (list: CryptocloudInvoiceList): Invoice[] => list.map(toInvoice(null));

  const listInvoices = (query: CryptocloudListQueryInput): TE.TaskEither<InvoiceError, Invoice[]> =>
    pipe(
      TE.fromEither(validateListQuery(query)),
      TE.map(toListBody),
      TE.flatMap(client.list),
      TE.map(toInvoices),
    );

  const readPostback = parsePostback({
    secretKey: config.secretKey,
    allowTestMode: config.allowTestMode,
    now,
    confirm: config.confirmPostbacks ? fetchMatching : null,
  });

  const parseWebhook = (request: WebhookRequest): TE.TaskEither<WebhookError, InvoiceEvent> =>
    pipe(readPostback(request), TE.mapError(scrubError(scrub)));

  return {
    id: 'cryptocloud',
    capabilities: CRYPTOCLOUD_CAPABILITIES,
    createInvoice,
    getInvoice,
    cancelInvoice,
    listInvoices,
    parseWebhook,
  };
};
