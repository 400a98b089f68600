import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import {
  defaultTransport,
  type CreateInvoiceRequest,
  type HttpTransport,
  type Invoice,
  type InvoiceError,
  type InvoiceEvent,
  type InvoiceProvider,
  type ProviderCapabilities,
  type ValidInvoiceRequest,
  type WebhookError,
  type WebhookRequest,
} from '@invoicekit/core';
import { createCryptocloudClient } from './client';
import type { CryptocloudInvoice, CryptocloudInvoiceList } from './codecs';
import type { CryptocloudConfig } from './config';
import {
  toCancelBody,
  toCreateBody,
  toInfoBody,
  toListBody,
  validateCryptocloudRequest,
  validateInvoiceId,
  validateListQuery,
} from './request';
import { pickInvoice, toInvoice } from './response';
import { parsePostback, recheckEvent } from './webhook';

/** What CryptoCloud supports: every operation plus `listInvoices`; partial payment is refused, hints ignored. */
export const CRYPTOCLOUD_CAPABILITIES: ProviderCapabilities = {
  operations: { createInvoice: true, getInvoice: true, cancelInvoice: true, listInvoices: true },
  requiredFields: [],
  unsupportedFields: ['allowPartialPayment'],
  // Redirect pages are set per project in the CryptoCloud dashboard, not per invoice.
  ignoredFields: ['title', 'description', 'redirectUrls', 'customer.reference', 'customer.sender'],
  expiresInMinutes: 'any',
};

/** A merchant/list query: invoices created between `from` and `to` (UTC days, inclusive). */
export interface CryptocloudListQueryInput {
  readonly from: Date;
  readonly to: Date;
  readonly offset?: number;
  readonly limit?: number;
}

/** `recheck: true` re-reads the invoice from merchant/info; its failures stay `InvoiceError`s (answer 5xx, retry). */
export interface CryptocloudWebhookOptions {
  readonly recheck?: boolean;
}

/** The CryptoCloud provider: the common interface plus `listInvoices` and a re-checking `parseWebhook`. */
export interface CryptocloudProvider extends InvoiceProvider {
  /** Verifies a postback (JWT `token`, HS256, `exp` required) and normalizes it. */
  parseWebhook(request: WebhookRequest): TE.TaskEither<WebhookError, InvoiceEvent>;
  /** Verifies a postback, then re-reads the invoice so the event carries its current status. */
  parseWebhook(
    request: WebhookRequest,
    options: CryptocloudWebhookOptions,
  ): TE.TaskEither<WebhookError | InvoiceError, InvoiceEvent>;
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
  const client = createCryptocloudClient({
    transport: options.transport ?? defaultTransport,
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    timeoutMs: config.timeoutMs,
    now,
  });
  const readPostback = parsePostback({
    secretKey: config.secretKey,
    allowTestMode: config.allowTestMode,
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

  const getInvoice = (id: string): TE.TaskEither<InvoiceError, Invoice> =>
    pipe(TE.fromEither(validateInvoiceId(id)), TE.flatMap(fetchMatching), TE.map(toInvoice(null)));

  const cancelRemotely = (id: string) => client.cancel(toCancelBody(id));

  const cancelInvoice = (id: string): TE.TaskEither<InvoiceError, Invoice> =>
    pipe(TE.fromEither(validateInvoiceId(id)), TE.tap(cancelRemotely), TE.flatMap(getInvoice));

  const toInvoices = (list: CryptocloudInvoiceList): Invoice[] => list.map(toInvoice(null));

  const listInvoices = (query: CryptocloudListQueryInput): TE.TaskEither<InvoiceError, Invoice[]> =>
    pipe(
      TE.fromEither(validateListQuery(query)),
      TE.map(toListBody),
      TE.flatMap(client.list),
      TE.map(toInvoices),
    );

  const recheck = recheckEvent(fetchMatching, config.allowTestMode);

  function parseWebhook(request: WebhookRequest): TE.TaskEither<WebhookError, InvoiceEvent>;
  function parseWebhook(
    request: WebhookRequest,
    options: CryptocloudWebhookOptions,
  ): TE.TaskEither<WebhookError | InvoiceError, InvoiceEvent>;
  function parseWebhook(
    request: WebhookRequest,
    options: CryptocloudWebhookOptions = {},
  ): TE.TaskEither<WebhookError | InvoiceError, InvoiceEvent> {
    return options?.recheck === true
      ? pipe(readPostback(request), TE.flatMap(recheck))
      : readPostback(request);
  }

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
