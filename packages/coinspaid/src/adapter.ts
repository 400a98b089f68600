import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import {
  type InvoiceCancellation,
  type InvoiceError,
  type InvoiceProvider,
  type InvoiceRef,
  type ProviderOptions,
} from '@invoicekit/core';
import {
  checkResponse,
  credentialScrubber,
  defaultTransport,
  scrubError,
  serializeRequest,
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
import { decodeWebhook, toInvoiceEvent, verifyWebhook } from './webhook';

/** Builds the CoinsPaid-platform provider; configuration stays in closures, never on the object. */
export const createCoinspaidProvider = (
  config: CoinspaidConfig,
  options: ProviderOptions = {},
): InvoiceProvider => {
  const now = options.now ?? (() => new Date());
  const scrub = credentialScrubber([config.apiKey, config.secretKey]);
  const client = createCoinspaidClient(config, options.transport ?? defaultTransport, scrub);
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

  return {
    id: config.provider,
    capabilities,
    createInvoice: (request) =>
      pipe(
        validateInvoiceRequest(config.provider)(request),
        E.flatMap(toWireInvoiceRequest(config)),
        E.map(serializeRequest(CoinspaidInvoiceRequest)),
        TE.fromEither,
        TE.flatMap(client.createInvoice),
        TE.flatMapEither(checkResponse(errorFromResponse(config.provider, now, 'createInvoice'))),
        TE.flatMapEither(decodeResponse(config.provider)),
        TE.map(toInvoice(config)),
      ),
    getInvoice: unsupportedOperation(config.provider, 'getInvoice'),
    cancelInvoice: capabilities.operations.cancelInvoice
      ? cancelInvoice
      : unsupportedOperation(config.provider, 'cancelInvoice'),
    parseWebhook: (request) =>
      pipe(
        verifyWebhook(config)(request),
        E.flatMap(decodeWebhook(config)),
        E.map(toInvoiceEvent(config)),
        TE.fromEither,
        TE.mapError(scrubError(scrub)),
      ),
  };
};
