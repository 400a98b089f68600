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
  invalidRequest,
  observedTransport,
  observeProvider,
  observeWebhook,
  parseResponseBody,
  roundTrip,
  scrubError,
  serializeRequest,
  unsupported,
  withRaw,
  type HttpResponse,
  type ResolvedRef,
  type ValidInvoiceRequest,
  requestRulesFor,
} from '@invoicekit/core/adapter';
import { createNowpaymentsClient, NOWPAYMENTS_ENDPOINTS, NOWPAYMENTS_OPERATIONS } from './client';
import {
  NowpaymentsAuthRequest,
  NowpaymentsAuthToken,
  NowpaymentsInvoice,
  NowpaymentsInvoiceRequest,
  NowpaymentsPayment,
  NowpaymentsPaymentPage,
} from './codecs';
import type { NowpaymentsConfig } from './config';
import { errorFromResponse } from './errors';
import { minimumCheck } from './minimum';
import {
  invoicePaymentsQuery,
  isNowpaymentsId,
  NOWPAYMENTS_CAPABILITIES,
  NOWPAYMENTS_UNSUPPORTED,
  toListSearch,
  toWireInvoiceRequest,
  validateInvoiceRef,
  validateInvoiceRequest,
  validateListQuery,
  type NowpaymentsListQuery,
} from './request';
import {
  invoiceFromPayments,
  toCreatedInvoice,
  toPaymentSummary,
  type NowpaymentsPaymentSummary,
} from './response';
import { decodeWebhook, NOWPAYMENTS_MAX_IPN_BYTES, toInvoiceEvent, verifyWebhook } from './webhook';

/** One page of the payment list in canonical terms, with NOWPayments' paging (pages count from 0). */
export interface NowpaymentsPaymentList {
  readonly payments: ReadonlyArray<NowpaymentsPaymentSummary>;
  readonly limit: number;
  readonly page: number;
  readonly pagesCount: number;
  readonly total: number;
}

/** The NOWPayments provider: the common interface plus the payment reads NOWPayments documents. */
export interface NowpaymentsProvider extends InvoiceProvider {
  /** Lists payments (`GET /v1/payment/`): documented paging, sorting, dates and the `invoiceId` filter. */
  listPayments(query?: NowpaymentsListQuery): TE.TaskEither<InvoiceError, NowpaymentsPaymentList>;
  /** Reads one payment's status (`GET /v1/payment/:payment_id`). */
  getPayment(paymentId: string): TE.TaskEither<InvoiceError, NowpaymentsPaymentSummary>;
}

/** Builds the NOWPayments adapter; credentials stay in closures, never on the object. */
export const createNowpaymentsProvider = (
  config: NowpaymentsConfig,
  options: ProviderOptions = {},
): NowpaymentsProvider => {
  const now = options.now ?? (() => new Date());
  const scrub = credentialScrubber([config.apiKey, config.secretKey, config.email, config.password]);
  const client = createNowpaymentsClient(config, observedTransport(options, scrub), scrub);
  const classify = errorFromResponse(now);

  const answer = <A>(codec: t.Decoder<unknown, A>) => {
    const decode = decodeResponseBody(codec);
    return (response: HttpResponse): E.Either<InvoiceError, A> => {
      const parsed = parseResponseBody('nowpayments', response);
      const error = classify(response, parsed);
      if (error !== null) return E.left(error);
      return E.isLeft(parsed) ? parsed : decode('nowpayments', response)(parsed.right);
    };
  };

  const readToken = answer(NowpaymentsAuthToken);
  const serializeAuth = serializeRequest(NowpaymentsAuthRequest);
  // "JWT token will be required for using 'Get list of payments'"; it lives 5 minutes, so one is asked per read.
  const token: TE.TaskEither<InvoiceError, string | null> =
    config.email === undefined || config.password === undefined
      ? TE.right(null)
      : pipe(
          client.post(
            NOWPAYMENTS_OPERATIONS.auth,
            NOWPAYMENTS_ENDPOINTS.auth,
            serializeAuth({ email: config.email.reveal(), password: config.password.reveal() }).body,
          ),
          TE.flatMapEither(readToken),
          TE.map(({ token: jwt }) => jwt),
        );

  const readPage = answer(withRaw(NowpaymentsPaymentPage));
  const fetchPage = (query: NowpaymentsListQuery) =>
    pipe(
      token,
      TE.flatMap((jwt) =>
        client.get(
          NOWPAYMENTS_OPERATIONS.payments,
          `${NOWPAYMENTS_ENDPOINTS.payments}?${toListSearch(query)}`,
          jwt,
        ),
      ),
      TE.flatMapEither(readPage),
    );

  const checkMinimum = minimumCheck(
    config,
    (query) => client.get(NOWPAYMENTS_OPERATIONS.minAmount, `${NOWPAYMENTS_ENDPOINTS.minAmount}?${query}`),
    now,
  );
  const toWire = toWireInvoiceRequest(config);
  const serializeInvoice = serializeRequest(NowpaymentsInvoiceRequest);
  const readCreated = answer(withRaw(NowpaymentsInvoice));
  const sendInvoice = (valid: ValidInvoiceRequest) =>
    pipe(
      checkMinimum(valid),
      TE.flatMap((checked) =>
        client.post(
          NOWPAYMENTS_OPERATIONS.createInvoice,
          NOWPAYMENTS_ENDPOINTS.createInvoice,
          serializeInvoice(toWire(checked)).body,
        ),
      ),
      TE.map((response) => ({ orderId: valid.orderId, response })),
    );
  const createInvoice = roundTrip(
    (input: unknown) => validateInvoiceRequest(input, requestRulesFor(config.baseUrl)),
    sendInvoice,
    ({ orderId, response }: { orderId: string; response: HttpResponse }) =>
      pipe(readCreated(response), E.map(toCreatedInvoice(config, orderId))),
  );

  const readInvoice = (ref: ResolvedRef): TE.TaskEither<InvoiceError, Invoice> =>
    pipe(fetchPage(invoicePaymentsQuery(ref.id)), TE.flatMapEither(invoiceFromPayments(config, ref)));

  const getInvoice = (ref: InvoiceRef): TE.TaskEither<InvoiceError, Invoice> =>
    pipe(TE.fromEither(validateInvoiceRef(ref)), TE.flatMap(readInvoice));

  const cancelInvoice = (_ref: InvoiceRef): TE.TaskEither<InvoiceError, InvoiceCancellation> =>
    TE.left(unsupported('nowpayments', 'cancelInvoice', NOWPAYMENTS_UNSUPPORTED.cancelInvoice));

  const listPayments = (query?: NowpaymentsListQuery): TE.TaskEither<InvoiceError, NowpaymentsPaymentList> =>
    pipe(
      TE.fromEither(validateListQuery(query)),
      TE.flatMap(fetchPage),
      TE.map(({ wire, raw }) => ({
        payments: wire.data.map((payment, i) =>
          toPaymentSummary({ wire: payment, raw: (raw as { data: unknown[] }).data[i] }),
        ),
        limit: wire.limit,
        page: wire.page,
        pagesCount: wire.pagesCount,
        total: wire.total,
      })),
    );

  const readPayment = answer(withRaw(NowpaymentsPayment));
  const getPayment = (paymentId: string): TE.TaskEither<InvoiceError, NowpaymentsPaymentSummary> =>
    typeof paymentId === 'string' && isNowpaymentsId(paymentId.trim())
      ? pipe(
          client.get(NOWPAYMENTS_OPERATIONS.payment, `${NOWPAYMENTS_ENDPOINTS.payment}${paymentId.trim()}`),
          TE.flatMapEither(readPayment),
          TE.map(toPaymentSummary),
        )
      : TE.left(
          invalidRequest('nowpayments', [
            { path: 'paymentId', message: 'must be a NOWPayments payment id (digits)' },
          ]),
        );

  const readWebhook = flow(
    verifyWebhook(config),
    E.flatMap(decodeWebhook),
    E.map(toInvoiceEvent(config)),
    E.mapLeft(scrubError(scrub)),
  );
  const parseWebhook: (request: WebhookRequest) => TE.TaskEither<WebhookError, InvoiceEvent> = observeWebhook(
    options,
    'nowpayments',
    'HMAC-SHA512 of the key-sorted body (x-nowpayments-sig)',
    (request) => {
      const event = readWebhook(request);
      return () => Promise.resolve(event);
    },
  );

  return observeProvider(options, {
    id: 'nowpayments',
    capabilities: NOWPAYMENTS_CAPABILITIES,
    maxWebhookBodyBytes: NOWPAYMENTS_MAX_IPN_BYTES,
    createInvoice,
    getInvoice,
    cancelInvoice,
    listPayments,
    getPayment,
    parseWebhook,
  });
};
