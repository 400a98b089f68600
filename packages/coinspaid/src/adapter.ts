import * as E from 'fp-ts/Either';
import { flow, pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import {
  type InvoiceCancellation,
  type InvoiceError,
  type InvoiceProvider,
  type InvoiceRef,
  type ProviderOptions,
} from '@invoicekit/core';
import {
  andThen,
  checkResponse,
  credentialScrubber,
  observedTransport,
  observeProvider,
  observeWebhook,
  roundTrip,
  scrubError,
  serializeRequest,
  requestRulesFor,
} from '@invoicekit/core/adapter';
import { createCoinspaidClient } from './client';
import { CoinspaidInvoiceRequest } from './codecs';
import type { CoinspaidConfig } from './config';
import { errorFromResponse } from './errors';
import {
  capabilitiesOf,
  toWireCancelRequest,
  toWireInvoiceRequest,
  unsupportedOperation,
  validateCancelRef,
  validateInvoiceRequest,
} from './request';
import { decodeCancelResponse, decodeResponse, toCancellation, toInvoice } from './response';
import { COINSPAID_MAX_CALLBACK_BYTES, decodeWebhook, toInvoiceEvent, verifyWebhook } from './webhook';

/** What a callback's verification checks, for webhook hook events. */
const COINSPAID_VERIFICATION = 'HMAC-SHA512 of the raw body (X-Processing-Signature)';

/** Builds the CoinsPaid-platform provider; configuration stays in closures, never on the object. */
export const createCoinspaidProvider = (
  config: CoinspaidConfig,
  options: ProviderOptions = {},
): InvoiceProvider => {
  const now = options.now ?? (() => new Date());
  const scrub = credentialScrubber([config.apiKey, config.secretKey]);
  const client = createCoinspaidClient(config, observedTransport(options, scrub), scrub);
  const capabilities = capabilitiesOf(config);

  const sendCancel = (orderId: string): TE.TaskEither<InvoiceError, unknown> =>
    pipe(
      client.cancelInvoice(toWireCancelRequest(orderId)),
      TE.flatMapEither(checkResponse(errorFromResponse(config.provider, now, 'cancelInvoice'))),
      TE.flatMapEither(decodeCancelResponse(config.provider)),
    );

  const cancelInvoice = (ref: InvoiceRef): TE.TaskEither<InvoiceError, InvoiceCancellation> =>
    pipe(
      TE.fromEither(validateCancelRef(config.provider)(ref)),
      TE.tap(({ orderId }) => sendCancel(orderId)),
      TE.map(toCancellation(config.provider)),
    );

  return observeProvider(options, {
    id: config.provider,
    capabilities,
    maxWebhookBodyBytes: COINSPAID_MAX_CALLBACK_BYTES,
    createInvoice: roundTrip(
      flow(
        validateInvoiceRequest(config.provider, requestRulesFor(config.baseUrl)),
        andThen(toWireInvoiceRequest(config)),
        E.map(serializeRequest(CoinspaidInvoiceRequest)),
      ),
      client.createInvoice,
      flow(
        checkResponse(errorFromResponse(config.provider, now, 'createInvoice')),
        andThen(decodeResponse(config.provider)),
        E.map(toInvoice(config)),
      ),
    ),
    getInvoice: unsupportedOperation(config.provider, 'getInvoice'),
    cancelInvoice: capabilities.operations.cancelInvoice
      ? cancelInvoice
      : unsupportedOperation(config.provider, 'cancelInvoice'),
    parseWebhook: observeWebhook(
      options,
      config.provider,
      COINSPAID_VERIFICATION,
      flow(
        verifyWebhook(config),
        andThen(decodeWebhook(config)),
        E.map(toInvoiceEvent(config)),
        E.mapLeft(scrubError(scrub)),
        TE.fromEither,
      ),
    ),
  });
};
