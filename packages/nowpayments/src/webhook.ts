import * as E from 'fp-ts/Either';
import { type InvoiceEvent, type WebhookError } from '@invoicekit/core';
import {
  isRecord,
  malformedWebhook,
  parseJsonLossless,
  readBoundedWebhook,
  reportIssues,
  signatureInvalid,
  unsupportedEvent,
  withRaw,
  type WithRaw,
} from '@invoicekit/core/adapter';
import { NowpaymentsPayment } from './codecs';
import type { NowpaymentsConfig } from './config';
import type { SignatureRecipe } from './recipes';
import { amountsOf, orderIdOf, transactionsOf } from './response';
import { matchingRecipe, SIGNATURE_HEADER } from './signature';
import { paymentStatus } from './status';

/** An IPN whose signature matched a published recipe: its losslessly parsed body and that recipe. */
export interface VerifiedIpn {
  readonly body: Readonly<Record<string, unknown>>;
  readonly recipe: SignatureRecipe;
}

/** A decoded payment IPN and the recipe its signature matched. */
export interface DecodedIpn {
  readonly payment: WithRaw<NowpaymentsPayment>;
  readonly recipe: SignatureRecipe;
}

/**
 * The largest IPN body read, in bytes. The documented payment IPN, with its nested `fee`, is about
 * 0.6 KB, the withdrawal and recurring-payment IPNs less; the one free-text member is the shop's own
 * `order_description`, echoed back. 64 KiB leaves it room and bounds what an unsigned body costs before
 * its signature, which NOWPayments computes over a re-serialisation, so the body is parsed first.
 */
export const NOWPAYMENTS_MAX_IPN_BYTES = 64 * 1024;

const readIpnRequest = readBoundedWebhook('nowpayments', NOWPAYMENTS_MAX_IPN_BYTES);

const invalid = (reason: string): WebhookError => signatureInvalid('nowpayments', reason);

/**
 * Reads the request once (a body over `NOWPAYMENTS_MAX_IPN_BYTES` is refused unread), parses its body
 * losslessly and checks `x-nowpayments-sig` against the HMAC-SHA512 (IPN secret) of every published
 * re-serialisation of that body, in constant time; the first that matches is kept. NOWPayments signs
 * a re-serialisation, not the bytes, so an unparseable body cannot be verified and is `SignatureInvalid`.
 */
export const verifyWebhook =
  (config: NowpaymentsConfig) =>
  (request: unknown): E.Either<WebhookError, VerifiedIpn> => {
    const received = readIpnRequest(request);
    if (E.isLeft(received)) return received;
    const signature = received.right.headers[SIGNATURE_HEADER];
    if (signature === undefined || signature.trim() === '') {
      return E.left(invalid(`the ${SIGNATURE_HEADER} header is missing`));
    }
    const parsed = parseJsonLossless(received.right.text);
    if (E.isLeft(parsed) || !isRecord(parsed.right)) {
      return E.left(invalid('the IPN body is not a JSON object, so no signed string can be rebuilt from it'));
    }
    const recipe = matchingRecipe(parsed.right, signature, config.secretKey.reveal());
    return recipe === null
      ? E.left(
          invalid(
            `the ${SIGNATURE_HEADER} header matches the body under no published recipe and this IPN secret: check secretKey (INVOICEKIT_SECRET_KEY), the IPN secret of the NOWPayments dashboard, not the API key`,
          ),
        )
      : E.right({ body: parsed.right, recipe });
  };

const otherKind = (body: Readonly<Record<string, unknown>>): string =>
  'batch_withdrawal_id' in body
    ? 'withdrawal'
    : 'id' in body && 'status' in body
      ? 'recurring_payment'
      : 'unknown';

/**
 * Decodes a verified IPN as a payment; the documented withdrawal and custodial recurring-payment IPNs
 * (no `payment_id`) are authentic but not invoice events, so `UnsupportedEvent`.
 */
export const decodeWebhook = ({ body, recipe }: VerifiedIpn): E.Either<WebhookError, DecodedIpn> => {
  if (!('payment_id' in body)) return E.left(unsupportedEvent('nowpayments', otherKind(body)));
  const decoded = withRaw(NowpaymentsPayment).decode(body);
  return E.isLeft(decoded)
    ? E.left(malformedWebhook('nowpayments', reportIssues(decoded.left)))
    : E.right({ payment: decoded.right, recipe });
};

/**
 * Normalises a payment IPN. `invoiceId` is the `invoice_id` the payment was made against (the id
 * `createInvoice` returned), else the `payment_id` of a payment made without an invoice; a repeated or
 * wrong-asset deposit keeps its invoice's id, is never `paid` and states no `received`. `raw` is
 * `{ ipn, signatureRecipe }`: the body as sent and the published recipe its signature matched.
 */
export const toInvoiceEvent =
  (config: NowpaymentsConfig) =>
  ({ payment: { wire, raw }, recipe }: DecodedIpn): InvoiceEvent => {
    const { status, failureReason } = paymentStatus(wire);
    const { received, remaining } = amountsOf(wire);
    return {
      provider: 'nowpayments',
      invoiceId: wire.invoice_id ?? wire.payment_id,
      orderId: orderIdOf(wire),
      status,
      providerStatus: wire.payment_status,
      failureReason,
      received,
      remaining,
      transactions: transactionsOf(wire),
      // One payment sends one IPN per status; a partially paid payment that receives more keeps its status.
      dedupeKey: `nowpayments:${wire.payment_id}:${wire.payment_status}:${wire.actually_paid ?? ''}`,
      confirmed: true,
      testMode: config.testMode,
      raw: { ipn: raw, signatureRecipe: recipe },
    };
  };
