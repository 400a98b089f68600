import * as E from 'fp-ts/Either';
import { flow } from 'fp-ts/function';
import type * as TE from 'fp-ts/TaskEither';
import type { InvoiceError, InvoiceEvent, WebhookError } from '@invoicekit/core';
import {
  andThen,
  confirmationFailed,
  malformedWebhook,
  parseJsonLossless,
  plainJson,
  readBoundedWebhook,
  reportIssues,
  signatureInvalid,
  unsupportedEvent,
  utf8Encode,
  type ReceivedWebhook,
  type WithRaw,
} from '@invoicekit/core/adapter';
import {
  BtcpayInvoiceWebhook,
  BtcpayWebhookEvent,
  type BtcpayInvoice,
  type BtcpayPaymentMethods,
} from './codecs';
import type { BtcpayConfig } from './config';
import { BTCPAY_INVOICE_EVENTS } from './events';
import { amountsOf, orderIdOf, transactionsOf } from './response';
import { SIGNATURE_HEADER, signatureMatches } from './signature';
import { providerStatusOf, toStatusMeaning, type StatusMeaning } from './status';

const INVOICE_EVENTS: ReadonlySet<string> = new Set(BTCPAY_INVOICE_EVENTS);

/**
 * The largest delivery body read, in bytes. BTCPay publishes no size; the fixed members of its largest
 * invoice event (`InvoiceReceivedPayment` with its `payment`, indented) are about 1 KB, and the rest is
 * the invoice's `metadata` echoed back, any JSON its creator chose (a Point of Sale cart in `posData`,
 * `receiptData`). 256 KiB holds a cart of a thousand lines and bounds what an unsigned body costs
 * before its HMAC.
 */
export const BTCPAY_MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

/** The invoice as BTCPay reports it after a verified delivery, with its payment methods. */
export interface ReadInvoice {
  readonly invoice: WithRaw<BtcpayInvoice>;
  readonly methods: WithRaw<BtcpayPaymentMethods>;
}

/** Reads an invoice and its payment methods from BTCPay, for building the event of a verified delivery. */
export type ConfirmInvoice = (invoiceId: string) => TE.TaskEither<InvoiceError, ReadInvoice>;

/** A delivery whose signature checked out: its bytes parsed, its type known to be an invoice event. */
export interface VerifiedDelivery {
  readonly webhook: BtcpayInvoiceWebhook;
  readonly body: unknown;
}

const SIGNATURE = SIGNATURE_HEADER.toLowerCase();

const checkSignature = (config: BtcpayConfig) => {
  const secret = utf8Encode(config.secretKey.reveal());
  return (received: ReceivedWebhook): E.Either<WebhookError, ReceivedWebhook> => {
    const header = received.headers[SIGNATURE];
    if (header === undefined || header.trim() === '') {
      return E.left(signatureInvalid('btcpay', `the ${SIGNATURE_HEADER} header is missing`));
    }
    return signatureMatches(received.bytes, header, secret)
      ? E.right(received)
      : E.left(
          signatureInvalid(
            'btcpay',
            `the ${SIGNATURE_HEADER} header does not match the body: check secretKey (INVOICEKIT_SECRET_KEY), the secret of this store's webhook in BTCPay, and pass the raw request bytes, never re-serialised JSON`,
          ),
        );
  };
};

/**
 * Reads the request once, refusing a body over `BTCPAY_MAX_WEBHOOK_BODY_BYTES` unread, and checks
 * `BTCPay-Sig: sha256=<hex>` over the raw body bytes in constant time. BTCPay sends indented JSON, so
 * only the bytes as received verify.
 */
export const verifyWebhook = (
  config: BtcpayConfig,
): ((request: unknown) => E.Either<WebhookError, ReceivedWebhook>) =>
  flow(readBoundedWebhook('btcpay', BTCPAY_MAX_WEBHOOK_BODY_BYTES), andThen(checkSignature(config)));

const TEST_INVOICE = /^__test__.*__test__$/;

const readDelivery =
  (config: BtcpayConfig) =>
  (parsed: unknown): E.Either<WebhookError, VerifiedDelivery> => {
    const event = BtcpayWebhookEvent.decode(parsed);
    if (E.isLeft(event)) return E.left(malformedWebhook('btcpay', reportIssues(event.left)));
    const { type } = event.right;
    if (!INVOICE_EVENTS.has(type)) return E.left(unsupportedEvent('btcpay', type));
    if (event.right.storeId != null && event.right.storeId !== config.shopId) {
      return E.left(
        unsupportedEvent('btcpay', type, `btcpay ${type} is for another store than the configured shopId`),
      );
    }
    const named = (parsed as { invoiceId?: unknown }).invoiceId;
    // The store's "Test webhook" button sends `__test__<guid>__test__`, an invoice that cannot be read.
    if (typeof named === 'string' && TEST_INVOICE.test(named)) {
      return E.left(unsupportedEvent('btcpay', type, `btcpay ${type} test delivery names no real invoice`));
    }
    const invoice = BtcpayInvoiceWebhook.decode(parsed);
    return E.isLeft(invoice)
      ? E.left(malformedWebhook('btcpay', reportIssues(invoice.left)))
      : E.right({ webhook: invoice.right, body: parsed });
  };

/**
 * Parses verified bytes losslessly and reads the event type first: an invoice event is decoded; any
 * other documented or unknown type, a test delivery and another store's event are `UnsupportedEvent`.
 */
export const decodeWebhook = (
  config: BtcpayConfig,
): ((received: ReceivedWebhook) => E.Either<WebhookError, VerifiedDelivery>) => {
  const read = readDelivery(config);
  return ({ text }) => {
    const parsed = parseJsonLossless(text);
    return E.isLeft(parsed)
      ? E.left(
          malformedWebhook('btcpay', [{ path: '', message: `body is not readable JSON (${parsed.left})` }]),
        )
      : read(parsed.right);
  };
};

/**
 * The delivery that a redelivery repeats: `originalDeliveryId` (set on the first delivery too,
 * to its own id), the `orignalDeliveryId` typo old servers stored, else `deliveryId`.
 */
export const originalDeliveryOf = (webhook: BtcpayInvoiceWebhook): string | null =>
  webhook.originalDeliveryId ?? webhook.orignalDeliveryId ?? webhook.deliveryId ?? null;

// The read invoice decides; a flag of the delivery fills in only what the read leaves at None
// (a read can race the next change, never the one the delivery announced).
const withFlags = (type: string, webhook: BtcpayInvoiceWebhook, wire: BtcpayInvoice): string | null => {
  const additional = wire.additionalStatus ?? null;
  if (additional !== null && additional !== 'None') return additional;
  if (type === 'InvoiceSettled' && wire.status === 'Settled') {
    return webhook.overPaid === true ? 'PaidOver' : webhook.manuallyMarked === true ? 'Marked' : additional;
  }
  if (type === 'InvoiceInvalid' && wire.status === 'Invalid' && webhook.manuallyMarked === true)
    return 'Marked';
  if (type === 'InvoiceExpired' && wire.status === 'Expired' && webhook.partiallyPaid === true)
    return 'PaidPartial';
  if (type === 'InvoiceProcessing' && wire.status === 'Processing' && webhook.overPaid === true)
    return 'PaidOver';
  if (webhook.afterExpiration === true && (wire.status === 'Expired' || wire.status === 'Settled'))
    return 'PaidLate';
  return additional;
};

/**
 * Builds the event from the invoice and payment methods BTCPay reports after verification: status,
 * amounts, order id and transactions are read, not taken from the body. `dedupeKey` is the original
 * delivery's id, so a redelivery (`isRedelivery`) is the same delivery to the ledger.
 */
export const toInvoiceEvent =
  (testMode: boolean) =>
  ({ webhook, body }: VerifiedDelivery) =>
  ({ invoice, methods }: ReadInvoice): InvoiceEvent => {
    const { wire } = invoice;
    const additional = withFlags(webhook.type, webhook, wire);
    const meaning: StatusMeaning = toStatusMeaning(wire.status, additional);
    const { received, remaining } = amountsOf(wire, methods.wire);
    const original = originalDeliveryOf(webhook);
    return {
      provider: 'btcpay',
      invoiceId: wire.id,
      orderId: orderIdOf(wire),
      status: meaning.status,
      providerStatus: providerStatusOf(wire.status, additional),
      failureReason: meaning.failureReason,
      received,
      remaining,
      transactions: transactionsOf(methods.wire),
      dedupeKey:
        original !== null
          ? `btcpay:delivery:${original}`
          : `btcpay:${wire.id}:${webhook.type}:${wire.status}:${received?.amount ?? ''}`,
      confirmed: true,
      testMode,
      raw: { webhook: plainJson(body), invoice: invoice.raw, paymentMethods: methods.raw },
    };
  };

/** Reads the invoice a verified delivery names; a failed read is `ConfirmationFailed` (answer 503: BTCPay retries). */
export const confirmDelivery =
  (confirm: ConfirmInvoice, testMode: boolean) =>
  (delivery: VerifiedDelivery): TE.TaskEither<WebhookError, InvoiceEvent> =>
  async () => {
    const read = await confirm(delivery.webhook.invoiceId)();
    if (E.isLeft(read)) return E.left(confirmationFailed('btcpay', read.left));
    if (read.right.invoice.wire.id !== delivery.webhook.invoiceId) {
      return E.left(
        signatureInvalid('btcpay', 'btcpay answered for another invoice than the delivery names'),
      );
    }
    return E.right(toInvoiceEvent(testMode)(delivery)(read.right));
  };
