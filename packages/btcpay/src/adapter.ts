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
  decodeResponseBody,
  observedTransport,
  observeProvider,
  observeWebhook,
  parseResponseBody,
  recoverLostCreate,
  roundTrip,
  scrubError,
  serializeRequest,
  withRaw,
  type ResolvedRef,
  type WithRaw,
  requestRulesFor,
} from '@invoicekit/core/adapter';
import { createBtcpayClient, type BtcpayExchange } from './client';
import {
  BtcpayCreateRequest,
  BtcpayInvoiceAnswer,
  BtcpayInvoiceList,
  BtcpayMarkStatusRequest,
  BtcpayPaymentMethods,
} from './codecs';
import type { BtcpayConfig } from './config';
import { errorFromResponse } from './errors';
import {
  BTCPAY_CAPABILITIES,
  MARK_INVALID,
  toWireInvoiceRequest,
  validateInvoiceRef,
  validateInvoiceRequest,
  validateOrderId,
} from './request';
import { toInvoice, withOrderId } from './response';
import {
  BTCPAY_MAX_WEBHOOK_BODY_BYTES,
  confirmDelivery,
  decodeWebhook,
  verifyWebhook,
  type ReadInvoice,
} from './webhook';

/** The BTCPay provider: the common interface plus the search by order id a lost create is resolved with. */
export interface BtcpayProvider extends InvoiceProvider {
  /**
   * The invoices whose `metadata.orderId` is exactly `orderId` (`GET …/invoices?orderId=`), newest
   * first as BTCPay lists them: after a create whose answer was lost, an empty list means it was
   * never made and a create may be sent again.
   */
  findInvoicesByOrderId(orderId: string): TE.TaskEither<InvoiceError, Invoice[]>;
}

/** Builds the BTCPay Greenfield adapter; credentials stay in closures, never on the object. */
export const createBtcpayProvider = (config: BtcpayConfig, options: ProviderOptions = {}): BtcpayProvider => {
  const now = options.now ?? (() => new Date());
  const testMode = config.environment === 'sandbox';
  const scrub = credentialScrubber([config.apiKey, config.secretKey]);
  const client = createBtcpayClient(config, observedTransport(options, scrub), scrub);
  const classify = errorFromResponse(now);

  const answer = <C extends t.Mixed>(codec: C) => {
    const decode = decodeResponseBody(codec);
    return (invoiceId: string | null) =>
      ({ response }: BtcpayExchange): E.Either<InvoiceError, t.TypeOf<C>> => {
        const parsed = parseResponseBody('btcpay', response);
        const error = classify(response, parsed, invoiceId);
        return error !== null
          ? E.left(error)
          : E.isLeft(parsed)
            ? parsed
            : decode('btcpay', response)(parsed.right);
      };
  };
  const readInvoice = answer(BtcpayInvoiceAnswer);
  const readMethods = answer(withRaw(BtcpayPaymentMethods));
  const readList = answer(BtcpayInvoiceList)(null);

  const read =
    <A>(
      send: TE.TaskEither<InvoiceError, BtcpayExchange>,
      decode: (exchange: BtcpayExchange) => E.Either<InvoiceError, A>,
    ) =>
    async (): Promise<E.Either<InvoiceError, A>> => {
      const exchange = await send();
      return E.isLeft(exchange) ? exchange : decode(exchange.right);
    };

  const serializeCreate = serializeRequest(BtcpayCreateRequest);
  // BTCPay lists invoices by order id, so a create whose answer was lost is looked up, never re-sent.
  const recover = recoverLostCreate(options, (orderId) => findInvoicesByOrderId(orderId));
  const createInvoice = roundTrip(
    flow(
      (input: unknown) => validateInvoiceRequest(input, requestRulesFor(config.baseUrl)),
      E.map(toWireInvoiceRequest),
      E.map(serializeCreate),
    ),
    (request: ReturnType<typeof serializeCreate>) => {
      const { orderId } = request.wire.metadata;
      return recover(
        orderId,
        read(client.createInvoice(request), (exchange) =>
          pipe(readInvoice(null)(exchange), E.map(toInvoice(testMode, orderId))),
        ),
      );
    },
    (invoice: Invoice) => E.right(invoice),
  );

  // The invoice first, then its payment methods (amounts and destination in the pay currency).
  const fetchInvoice = (id: string): TE.TaskEither<InvoiceError, ReadInvoice> =>
    pipe(
      read(client.getInvoice(id), readInvoice(id)),
      TE.flatMap((invoice) =>
        pipe(
          read(client.getPaymentMethods(id), readMethods(id)),
          TE.map((methods) => ({ invoice, methods })),
        ),
      ),
    );

  const getInvoice = (ref: InvoiceRef): TE.TaskEither<InvoiceError, Invoice> =>
    pipe(
      TE.fromEither(validateInvoiceRef(ref)),
      TE.flatMap((resolved) =>
        pipe(
          fetchInvoice(resolved.id),
          TE.map(({ invoice, methods }) => toInvoice(testMode, resolved.orderId, methods)(invoice)),
        ),
      ),
    );

  const serializeMark = serializeRequest(BtcpayMarkStatusRequest);
  // Marking Invalid answers with the invoice as it now is, so the cancellation carries it.
  const markInvalid = (ref: ResolvedRef): TE.TaskEither<InvoiceError, InvoiceCancellation> =>
    pipe(
      read(client.markStatus(ref.id)(serializeMark(MARK_INVALID)), readInvoice(ref.id)),
      TE.map((answered: WithRaw<t.TypeOf<typeof BtcpayInvoiceAnswer>['wire']>) => {
        const invoice = toInvoice(testMode, ref.orderId)(answered);
        return { provider: 'btcpay', id: invoice.id, orderId: invoice.orderId, invoice };
      }),
    );

  const cancelInvoice = (ref: InvoiceRef): TE.TaskEither<InvoiceError, InvoiceCancellation> =>
    pipe(TE.fromEither(validateInvoiceRef(ref)), TE.flatMap(markInvalid));

  const findInvoicesByOrderId = (orderId: string): TE.TaskEither<InvoiceError, Invoice[]> =>
    pipe(
      TE.fromEither(validateOrderId(orderId)),
      TE.flatMap((valid) =>
        pipe(
          read(client.listByOrderId([valid]), readList),
          TE.map(flow(withOrderId(valid), (list) => list.map(toInvoice(testMode, valid)))),
        ),
      ),
    );

  const verify = verifyWebhook(config);
  const decode = decodeWebhook(config);
  const parseWebhook: (request: WebhookRequest) => TE.TaskEither<WebhookError, InvoiceEvent> = observeWebhook(
    options,
    'btcpay',
    'HMAC-SHA256 of the raw body (BTCPay-Sig), confirmed by reading the invoice',
    (request, confirmations) =>
      pipe(
        TE.fromEither(pipe(verify(request), E.flatMap(decode))),
        TE.flatMap(confirmDelivery(confirmations.count(fetchInvoice), testMode)),
        TE.mapError(scrubError(scrub)),
      ),
  );

  return observeProvider(options, {
    id: 'btcpay',
    capabilities: BTCPAY_CAPABILITIES,
    maxWebhookBodyBytes: BTCPAY_MAX_WEBHOOK_BODY_BYTES,
    createInvoice,
    getInvoice,
    cancelInvoice,
    findInvoicesByOrderId,
    parseWebhook,
  });
};
