import * as E from 'fp-ts/Either';
import { type InvoiceError, type ProviderCapabilities } from '@invoicekit/core';
import {
  invalidRequest,
  readInvoiceRefWithId,
  textOrNull,
  unsupported,
  validateCreateInvoiceRequest,
  type ResolvedRef,
  type ValidInvoiceRequest,
  type RequestRules,
} from '@invoicekit/core/adapter';
import {
  isInvoiceId,
  type BtcpayCheckoutOptions,
  type BtcpayCreateRequest,
  type BtcpayMarkStatusRequest,
  type BtcpayRequestMetadata,
} from './codecs';

/**
 * The most fraction digits a create `amount` may have. BTCPay takes `amount` as a decimal string
 * (`format: decimal`, example "5.00") and documents no precision; 8 is a satoshi, the finest unit of
 * its Bitcoin invoices, so nothing finer is sent to be rounded by the server.
 */
export const BTCPAY_AMOUNT_FRACTION_DIGITS = 8;

/**
 * What BTCPay supports. `cancelInvoice` marks the invoice `Invalid` (`POST …/status`), the only way
 * the Greenfield API ends an invoice early: allowed while it is New, Processing or Expired, it fires
 * `InvoiceInvalid` with `manuallyMarked: true`, and money already received stays with the store.
 * Archiving (`DELETE`) only hides an invoice and is not used. `allowPartialPayment: false` is refused:
 * a part-paid invoice always stays open for the rest until it expires.
 */
export const BTCPAY_CAPABILITIES: ProviderCapabilities = {
  operations: { createInvoice: true, getInvoice: true, cancelInvoice: true, listInvoices: true },
  requiredFields: [],
  unsupportedFields: ['allowPartialPayment'],
  ignoredFields: ['description', 'customer.reference', 'customer.sender', 'redirectUrls.failure'],
  expiresInMinutes: 'any',
  amountFractionDigits: {
    max: BTCPAY_AMOUNT_FRACTION_DIGITS,
    source:
      '[I] inferred: BTCPay documents CreateInvoiceRequest.amount as a decimal string (swagger.template.invoices.json, ' +
      'format: decimal) and states no precision; 8 digits is one satoshi',
  },
  rejectsDuplicateOrders: false,
};

const fillOrKill = (request: ValidInvoiceRequest): InvoiceError | null =>
  request.allowPartialPayment === false
    ? unsupported(
        'btcpay',
        'allowPartialPayment',
        'btcpay always keeps a part-paid invoice open for the rest until it expires',
      )
    : null;

/** Validates a canonical request for BTCPay: core rules (read once), then the fields BTCPay cannot honour. */
export const validateInvoiceRequest = (
  input: unknown,
  rules?: RequestRules,
): E.Either<InvoiceError, ValidInvoiceRequest> => {
  const request = validateCreateInvoiceRequest('btcpay', input, BTCPAY_AMOUNT_FRACTION_DIGITS, rules);
  if (E.isLeft(request)) return request;
  const refused = fillOrKill(request.right);
  return refused === null ? request : E.left(refused);
};

const toMetadata = (request: ValidInvoiceRequest): BtcpayRequestMetadata => {
  const metadata: BtcpayRequestMetadata = { orderId: request.orderId };
  if (request.title !== undefined) metadata.itemDesc = request.title;
  if (request.customer?.email !== undefined) metadata.buyerEmail = request.customer.email;
  return metadata;
};

/**
 * The payment methods of one pay currency: BTCPay's ids are `<CURRENCY>-CHAIN` (on-chain), `-LN`
 * (Lightning) and `-LNURL` (PaymentMethodId, swagger.template.json). The list filters the methods the
 * store has enabled, so a method it lacks is simply not offered.
 */
export const paymentMethodsOf = (currency: string): string[] => [
  `${currency}-CHAIN`,
  `${currency}-LN`,
  `${currency}-LNURL`,
];

const payCurrenciesOf = (request: ValidInvoiceRequest): ReadonlyArray<string> | null =>
  request.payCurrency !== undefined
    ? [request.payCurrency]
    : request.payCurrencies !== undefined
      ? request.payCurrencies
      : null;

const toCheckout = (request: ValidInvoiceRequest): BtcpayCheckoutOptions => {
  const checkout: BtcpayCheckoutOptions = {};
  if (request.expiresInMinutes !== undefined) checkout.expirationMinutes = request.expiresInMinutes;
  const currencies = payCurrenciesOf(request);
  if (currencies !== null) checkout.paymentMethods = currencies.flatMap(paymentMethodsOf);
  if (request.redirectUrls !== undefined) checkout.redirectURL = request.redirectUrls.success;
  return checkout;
};

/**
 * Maps a validated request to `CreateInvoiceRequest`: `amount` as a decimal string, `orderId` in
 * `metadata.orderId` (indexed, so a lost create can be found by it), `title` as `itemDesc`, the
 * e-mail as `buyerEmail`, the lifetime as `checkout.expirationMinutes`, the pay currency (or
 * currencies) as that currency's `checkout.paymentMethods`, and the success URL as
 * `checkout.redirectURL`. Speed policy and payment tolerance keep the store's settings.
 */
export const toWireInvoiceRequest = (request: ValidInvoiceRequest): BtcpayCreateRequest => {
  const body: BtcpayCreateRequest = {
    amount: request.amount,
    currency: request.currency,
    metadata: toMetadata(request),
  };
  const checkout = toCheckout(request);
  if (Object.keys(checkout).length > 0) body.checkout = checkout;
  return body;
};

/** The body that marks an invoice invalid: invoicekit's cancel. */
export const MARK_INVALID: BtcpayMarkStatusRequest = { status: 'Invalid' };

/** Reads an `InvoiceRef` once and checks its id before it goes into a path: letters, digits, `-` and `_`. */
export const validateInvoiceRef: (ref: unknown) => E.Either<InvoiceError, ResolvedRef> = readInvoiceRefWithId(
  'btcpay',
  isInvoiceId,
  'must be an invoice id like HMprBnL9BTXWuPvpoKBS6e',
);

const ORDER_ID_MESSAGE = 'must be the orderId the invoice was created with (non-empty text)';

/** Checks an order id for a search by `metadata.orderId`: non-empty text, kept exactly as given. */
export const validateOrderId = (input: unknown): E.Either<InvoiceError, string> =>
  typeof input === 'string' && textOrNull(input) !== null
    ? E.right(input)
    : E.left(invalidRequest('btcpay', [{ path: 'orderId', message: ORDER_ID_MESSAGE }]));
