import * as E from 'fp-ts/Either';
import { flow, pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { type InvoiceError, type InvoiceProvider, type ProviderCapabilities } from '@invoicekit/core';
import { defaultTransport, unsupported, type HttpTransport } from '@invoicekit/core/adapter';
import { createCoinspaidClient } from './client';
import { resolveSettings, type CoinspaidConfig, type CoinspaidSettings } from './config';
import { classifyExchange } from './errors';
import {
  COINSPAID_AMOUNT_FRACTION_DIGITS,
  COINSPAID_AMOUNT_FRACTION_DIGITS_SOURCE,
  COINSPAID_TIMER_MINUTES,
  serializeInvoiceRequest,
  toCoinspaidInvoiceRequest,
  validateInvoiceRequest,
} from './request';
import { decodeCreateResponse, toInvoice } from './response';
import { decodeCallback, toInvoiceEvent, verifyCallback } from './webhook';

/** Injection points for tests and custom HTTP stacks. */
export interface CoinspaidProviderOptions {
  /** The HTTP seam; core's keep-alive axios transport by default. */
  readonly transport?: HttpTransport;
  /** The clock used to read `Retry-After` dates. */
  readonly now?: () => Date;
}

/** What a preset supports, given the merchant defaults in the configuration. */
export const coinspaidCapabilities = (settings: CoinspaidSettings): ProviderCapabilities => ({
  operations: { createInvoice: true, getInvoice: false, cancelInvoice: false, listInvoices: false },
  requiredFields: [
    ...(settings.defaults.title === undefined ? ['title'] : []),
    ...(settings.defaults.redirectUrls === undefined ? ['redirectUrls'] : []),
    ...(settings.defaults.email === undefined ? ['customer.email'] : []),
    ...(settings.provider === 'cryptoprocessing' ? ['customer.reference', 'customer.sender'] : []),
  ],
  unsupportedFields: ['payCurrencies'],
  ignoredFields: [],
  expiresInMinutes: [COINSPAID_TIMER_MINUTES],
  amountFractionDigits: {
    max: COINSPAID_AMOUNT_FRACTION_DIGITS,
    source: COINSPAID_AMOUNT_FRACTION_DIGITS_SOURCE,
  },
  rejectsDuplicateOrders: true,
});

const UNSUPPORTED_WHY: Readonly<Record<'getInvoice' | 'cancelInvoice', string>> = {
  getInvoice: 'has no endpoint to read an invoice',
  cancelInvoice: 'invoices cannot be cancelled through this adapter',
};

const unsupportedOperation =
  (settings: CoinspaidSettings, feature: 'getInvoice' | 'cancelInvoice') =>
  (): TE.TaskEither<InvoiceError, never> =>
    TE.left(
      unsupported(
        settings.provider,
        feature,
        `${settings.provider} ${UNSUPPORTED_WHY[feature]}; follow invoice state through parseWebhook (invoice callbacks)`,
      ),
    );

/** Builds the CoinsPaid-platform provider; configuration stays in closures, never on the object. */
export const createCoinspaidProvider = (
  config: CoinspaidConfig,
  options: CoinspaidProviderOptions = {},
): InvoiceProvider => {
  const settings = resolveSettings(config);
  const now = options.now ?? (() => new Date());
  const client = createCoinspaidClient(settings, options.transport ?? defaultTransport);
  const prepareCreate = flow(
    validateInvoiceRequest(settings.provider),
    E.flatMap(toCoinspaidInvoiceRequest(settings)),
    E.map(serializeInvoiceRequest),
  );
  const readCreateAnswer = flow(
    classifyExchange(settings.provider, now),
    E.flatMap(decodeCreateResponse(settings)),
    E.map(toInvoice(settings)),
  );
  const readCallback = flow(
    verifyCallback(settings),
    E.flatMap(decodeCallback(settings)),
    E.map(toInvoiceEvent(settings)),
  );
  return {
    id: settings.provider,
    capabilities: coinspaidCapabilities(settings),
    createInvoice: (request) =>
      pipe(
        prepareCreate(request),
        TE.fromEither,
        TE.flatMap(client.createInvoice),
        TE.flatMapEither(readCreateAnswer),
      ),
    getInvoice: unsupportedOperation(settings, 'getInvoice'),
    cancelInvoice: unsupportedOperation(settings, 'cancelInvoice'),
    parseWebhook: (request) => TE.fromEither(readCallback(request)),
  };
};
