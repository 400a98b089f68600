import * as E from 'fp-ts/Either';
import { flow, pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type * as t from 'io-ts';
import {
  type Invoice,
  type InvoiceCancellation,
  type InvoiceError,
  type InvoiceEvent,
  type InvoiceProvider,
  type InvoiceRef,
  type ProviderOptions,
  type WebhookError,
  type WebhookRequest,
} from '@invoicekit/core';
import {
  credentialScrubber,
  observedTransport,
  observeProvider,
  observeWebhook,
  parseResponseBody,
  roundTrip,
  scrubError,
  serializeRequest,
  type Exchange,
  type ResolvedRef,
  type Send,
  type WithRaw,
  requestRulesFor,
} from '@invoicekit/core/adapter';
import { createCryptocloudClient } from './client';
import {
  CryptocloudCancelRequest,
  CryptocloudCancelResult,
  CryptocloudCreated,
  CryptocloudInfoRequest,
  CryptocloudInvoiceList,
  CryptocloudInvoiceRequest,
  CryptocloudListRequest,
  invoiceUuid,
  type CryptocloudInvoice,
} from './codecs';
import type { CryptocloudConfig } from './config';
import { errorFromParsedResponse } from './errors';
import {
  CRYPTOCLOUD_CAPABILITIES,
  toWireCancelRequest,
  toWireInfoRequest,
  toWireInvoiceRequest,
  toWireListRequest,
  validateInvoiceRef,
  validateInvoiceRequest,
  validateListQuery,
  type CryptocloudListQueryInput,
} from './request';
import { CRYPTOCLOUD_MAX_POSTBACK_BYTES } from './postbackBody';
import { decodeResult, pickInvoice, toInvoice } from './response';
import { singleFlight } from './singleFlight';
import { decodeWebhook, toInvoiceEvent, verifyWebhook, type PostbackDeps } from './webhook';

/** The CryptoCloud provider: the common interface plus `listInvoices`. */
export interface CryptocloudProvider extends InvoiceProvider {
  /** Lists invoices created in a date range (merchant/list), at most 100 per page. */
  listInvoices(query: CryptocloudListQueryInput): TE.TaskEither<InvoiceError, Invoice[]>;
}

/** Builds the CryptoCloud API v2 adapter; credentials stay in closures, never on the object. */
export const createCryptocloudProvider = (
  config: CryptocloudConfig,
  options: ProviderOptions = {},
): CryptocloudProvider => {
  const now = options.now ?? (() => new Date());
  const scrub = credentialScrubber([config.apiKey, config.secretKey, config.shopId]);
  const client = createCryptocloudClient(config, observedTransport(options, scrub), scrub);
  const classify = errorFromParsedResponse(now);
  const answer = <C extends t.Mixed>(result: C) => {
    const decode = decodeResult(result);
    return ({ response }: Exchange<unknown>): E.Either<InvoiceError, t.TypeOf<C>> => {
      const parsed = parseResponseBody('cryptocloud', response);
      const error = classify(response, parsed);
      return error !== null ? E.left(error) : E.isLeft(parsed) ? parsed : decode(response)(parsed.right);
    };
  };
  const call = <W, O, C extends t.Mixed>(send: Send<W>, request: t.Encoder<W, O>, result: C) => {
    const serialize = serializeRequest(request);
    const read = answer(result);
    return (wire: W): TE.TaskEither<InvoiceError, t.TypeOf<C>> =>
      async () => {
        const exchange = await send(serialize(wire))();
        return E.isLeft(exchange) ? exchange : read(exchange.right);
      };
  };
  const sendInfo = call(client.invoiceInfo, CryptocloudInfoRequest, CryptocloudInvoiceList);
  const sendCancel = call(client.cancelInvoice, CryptocloudCancelRequest, CryptocloudCancelResult);
  const sendList = call(client.listInvoices, CryptocloudListRequest, CryptocloudInvoiceList);

  const readCreated = answer(CryptocloudCreated);
  const createInvoice = roundTrip(
    flow(
      (input: unknown) => validateInvoiceRequest(input, requestRulesFor(config.baseUrl)),
      E.map(toWireInvoiceRequest(config.shopId)),
      E.map(serializeRequest(CryptocloudInvoiceRequest)),
    ),
    client.createInvoice,
    (exchange: Exchange<CryptocloudInvoiceRequest>) =>
      pipe(readCreated(exchange), E.map(toInvoice(now, exchange.request.wire.order_id))),
  );

  const fetchInvoice = (id: string): TE.TaskEither<InvoiceError, WithRaw<CryptocloudInvoice>> =>
    pipe(sendInfo(toWireInfoRequest(id)), TE.flatMapEither(pickInvoice(id)));

  const readInvoice = (ref: ResolvedRef): TE.TaskEither<InvoiceError, Invoice> =>
    pipe(fetchInvoice(ref.id), TE.map(toInvoice(now, ref.orderId)));

  const getInvoice = (ref: InvoiceRef): TE.TaskEither<InvoiceError, Invoice> =>
    pipe(TE.fromEither(validateInvoiceRef(ref)), TE.flatMap(readInvoice));

  // Once CryptoCloud answered the cancel with success, the cancellation happened: a failed
  // re-read only leaves `invoice` null, it never turns the answer into a failure. The `canceled` it
  // then reports is this cancel, whatever the clock says of its expiry date.
  const cancellation = (ref: ResolvedRef): TE.TaskEither<never, InvoiceCancellation> =>
    pipe(
      readInvoice(ref),
      TE.match(
        (): Invoice | null => null,
        (invoice): Invoice | null =>
          invoice.status === 'expired' ? { ...invoice, status: 'cancelled' } : invoice,
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
      TE.tap((resolved) => sendCancel(toWireCancelRequest(resolved.id))),
      TE.flatMap(cancellation),
    );

  const listInvoices = (query: CryptocloudListQueryInput): TE.TaskEither<InvoiceError, Invoice[]> =>
    pipe(
      validateListQuery(query),
      E.map(toWireListRequest),
      TE.fromEither,
      TE.flatMap(sendList),
      TE.map((list) => list.map(toInvoice(now, null))),
    );

  const postbackDeps: PostbackDeps = {
    secretKey: config.secretKey,
    allowTestMode: config.allowTestMode,
    now,
    confirm: config.confirmPostbacks ? singleFlight(invoiceUuid, fetchInvoice) : null,
  };

  const verify = verifyWebhook(postbackDeps);
  const decode = decodeWebhook(postbackDeps);
  const { confirm } = postbackDeps;
  const parseWebhook: (request: WebhookRequest) => TE.TaskEither<WebhookError, InvoiceEvent> = observeWebhook(
    options,
    'cryptocloud',
    confirm === null ? 'HS256 token (body fields unconfirmed)' : 'HS256 token, confirmed by merchant/info',
    (request, confirmations) =>
      pipe(
        verify(request),
        TE.flatMapEither(decode),
        TE.flatMap(
          toInvoiceEvent(
            confirm === null ? postbackDeps : { ...postbackDeps, confirm: confirmations.count(confirm) },
          ),
        ),
        TE.mapError(scrubError(scrub)),
      ),
  );

  return observeProvider(options, {
    id: 'cryptocloud',
    capabilities: CRYPTOCLOUD_CAPABILITIES,
    maxWebhookBodyBytes: CRYPTOCLOUD_MAX_POSTBACK_BYTES,
    createInvoice,
    getInvoice,
    cancelInvoice,
    listInvoices,
    parseWebhook,
  });
};
