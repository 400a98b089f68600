import * as A from 'fp-ts/Array';
import * as E from 'fp-ts/Either';
import { flow } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type { Invoice, InvoiceError, InvoiceProvider, ProviderOptions } from '@invoicekit/core';
import {
  andThen,
  credentialScrubber,
  observedTransport,
  observeProvider,
  observeWebhook,
  roundTrip,
  scrubError,
  serializeRequest,
  type Exchange,
  type ResolvedRef,
  requestRulesFor,
} from '@invoicekit/core/adapter';
import { createCryptomusClient } from './client';
import {
  CryptomusInfoRequest,
  CryptomusInvoicePage,
  CryptomusInvoiceRequest,
  CryptomusInvoiceResult,
  type CryptomusListTarget,
} from './codecs';
import type { CryptomusConfig } from './config';
import { readAnswer, type CryptomusOperation } from './errors';
import {
  CRYPTOMUS_CAPABILITIES,
  serializeListRequest,
  toWireInfoRequest,
  toWireInvoiceRequest,
  unsupportedCancel,
  validateInvoiceRef,
  validateInvoiceRequest,
  validateListQuery,
  type CryptomusListQueryInput,
} from './request';
import { decodeResult, toInvoice } from './response';
import { CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES, decodeWebhook, toInvoiceEvent, verifyWebhook } from './webhook';

/** One page of the payment history, and the cursors of the pages beside it. */
export interface CryptomusInvoiceList {
  readonly invoices: ReadonlyArray<Invoice>;
  /** Pass as `cursor` to read the next (older) page; null on the last page. */
  readonly nextCursor: string | null;
  readonly previousCursor: string | null;
}

/** The Cryptomus/Heleket provider: the common interface plus `listInvoices` (payment history). */
export interface CryptomusProvider extends InvoiceProvider {
  /** Reads one page of the payment history (`/v1/payment/list`), optionally in a period. */
  listInvoices(query?: CryptomusListQueryInput): TE.TaskEither<InvoiceError, CryptomusInvoiceList>;
}

/** Builds the Cryptomus or Heleket adapter; credentials stay in closures, never on the object. */
export const createCryptomusProvider = (
  config: CryptomusConfig,
  options: ProviderOptions = {},
): CryptomusProvider => {
  const { provider } = config;
  const now = options.now ?? (() => new Date());
  const scrub = credentialScrubber([config.apiKey, config.payoutKey, config.shopId]);
  const client = createCryptomusClient(config, observedTransport(options, scrub), scrub);
  const decodeInvoice = decodeResult(provider, CryptomusInvoiceResult);
  const decodePage = decodeResult(provider, CryptomusInvoicePage);

  const readInvoice =
    (operation: CryptomusOperation, id: (exchange: Exchange<unknown>) => string | null) =>
    (exchange: Exchange<unknown>): E.Either<InvoiceError, Invoice> => {
      const { response } = exchange;
      return flow(
        readAnswer(provider, now, operation, id(exchange)),
        andThen(decodeInvoice(response)),
        andThen(toInvoice(config, response)),
      )(response);
    };

  const readPage = (
    exchange: Exchange<CryptomusListTarget>,
  ): E.Either<InvoiceError, CryptomusInvoiceList> => {
    const { response } = exchange;
    return flow(
      readAnswer(provider, now, 'listInvoices'),
      andThen(decodePage(response)),
      andThen((page) =>
        E.map((invoices: Invoice[]) => ({
          invoices,
          nextCursor: page.paginate?.nextCursor ?? null,
          previousCursor: page.paginate?.previousCursor ?? null,
        }))(A.traverse(E.Applicative)(toInvoice(config, response))(page.items)),
      ),
    )(response);
  };

  return observeProvider(options, {
    id: provider,
    capabilities: CRYPTOMUS_CAPABILITIES,
    maxWebhookBodyBytes: CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES,
    createInvoice: roundTrip(
      flow(
        validateInvoiceRequest(provider, requestRulesFor(config.baseUrl)),
        E.map(toWireInvoiceRequest(config)),
        E.map(serializeRequest(CryptomusInvoiceRequest)),
      ),
      client.createInvoice,
      readInvoice('createInvoice', () => null),
    ),
    getInvoice: roundTrip(
      flow(
        validateInvoiceRef(provider),
        E.map((ref: ResolvedRef) => serializeRequest(CryptomusInfoRequest)(toWireInfoRequest(ref))),
      ),
      client.invoiceInfo,
      readInvoice('getInvoice', (exchange) => (exchange.request.wire as CryptomusInfoRequest).uuid),
    ),
    cancelInvoice: unsupportedCancel(provider),
    listInvoices: roundTrip(
      flow(validateListQuery(provider), E.map(serializeListRequest)),
      client.listInvoices,
      readPage,
    ),
    parseWebhook: observeWebhook(
      options,
      provider,
      'MD5 of the base64 body and the payment key (sign member)',
      flow(
        verifyWebhook(config),
        andThen(decodeWebhook(provider)),
        E.map(toInvoiceEvent(config)),
        E.mapLeft(scrubError(scrub)),
        TE.fromEither,
      ),
    ),
  });
};
