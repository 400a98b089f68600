import { createHmac } from 'node:crypto';
import type { OutgoingWebhook } from '../delivery';
import { btcpayId, type BtcpayEventDraft, type BtcpayInvoiceRecord } from './invoice';

/** One delivery as BTCPay stores it: the event sent, and how its attempt ended. */
export interface BtcpayDeliveryRecord {
  readonly id: string;
  readonly at: number;
  readonly invoiceId: string;
  readonly event: Readonly<Record<string, unknown>>;
  status: 'HttpSuccess' | 'HttpError' | 'Failed' | 'Pending';
  httpCode: number | null;
}

/**
 * The event body in the order Newtonsoft writes `WebhookInvoiceEvent`: members without an order
 * (the type's flags, then `WebhookEvent`'s), then `storeId`, `invoiceId`, `metadata`
 * ([JsonProperty(Order = 1..3)]); the delivery ids are filled in per attempt.
 */
export const btcpayEventBody = (
  draft: BtcpayEventDraft,
  inv: BtcpayInvoiceRecord,
  webhookId: string,
  nowMs: number,
): Record<string, unknown> => ({
  ...draft.fields,
  deliveryId: null,
  webhookId,
  originalDeliveryId: null,
  isRedelivery: false,
  type: draft.type,
  timestamp: Math.floor(nowMs / 1000),
  storeId: inv.storeId,
  invoiceId: inv.id,
  metadata: inv.request.metadata,
});

/** Indented JSON with two spaces, as `JsonConvert.SerializeObject(…, Formatting.Indented, …)` writes it. */
export const indentedJson = (value: unknown): string => JSON.stringify(value, null, 2);

/** `sha256=` and the hex HMAC-SHA256 of the bytes, keyed with the UTF-8 of the webhook secret (WebhookSender.SendDelivery). */
export const btcpaySignature = (body: string, secret: string): string =>
  `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(body, 'utf8')).digest('hex')}`;

/** The attempts of one delivery: the builder `ctx.deliver` calls per attempt, and how the chain ended. */
export interface BtcpayAttempts {
  readonly build: () => OutgoingWebhook;
  readonly settle: (outcome: { readonly ok: boolean; readonly statusCode: number | null }) => void;
}

/** The delivery log of the store's one webhook. */
export interface BtcpayDeliveries {
  readonly webhookId: string;
  /**
   * A chain for `event`: the first attempt is the delivery itself (its `originalDeliveryId` its own
   * id, or the stored one for a redelivery), each retry a new delivery with `isRedelivery: true`
   * and the first delivery's `originalDeliveryId`, as WebhookSender.CreateRedeliveryRequest builds it.
   */
  start(
    event: Readonly<Record<string, unknown>>,
    invoiceId: string,
    url: string,
    secret: string,
  ): BtcpayAttempts;
  find(id: string): BtcpayDeliveryRecord | undefined;
  /** Newest first. */
  list(): ReadonlyArray<BtcpayDeliveryRecord>;
}

/** Creates an empty delivery log for one webhook that keeps the latest `limit` deliveries, as the sandbox's own log does. */
export const createBtcpayDeliveries = (limit: number): BtcpayDeliveries => {
  const webhookId = btcpayId();
  const records = new Map<string, BtcpayDeliveryRecord>();
  return {
    webhookId,
    start: (event, invoiceId, url, secret) => {
      let original = typeof event.originalDeliveryId === 'string' ? event.originalDeliveryId : null;
      let redelivery = event.isRedelivery === true;
      let current: BtcpayDeliveryRecord | undefined;
      return {
        build: () => {
          const id = btcpayId();
          if (current !== undefined) {
            current.status = 'HttpError';
            redelivery = true;
          }
          original ??= id;
          const body = indentedJson({
            ...event,
            deliveryId: id,
            originalDeliveryId: original,
            isRedelivery: redelivery,
          });
          current = {
            id,
            at: Date.now(),
            invoiceId,
            event: JSON.parse(body),
            status: 'Pending',
            httpCode: null,
          };
          records.set(id, current);
          if (records.size > limit) records.delete(records.keys().next().value!);
          return {
            provider: 'btcpay',
            invoiceId,
            event: String(event.type),
            url,
            contentType: 'application/json',
            body,
            headers: { 'BTCPay-Sig': btcpaySignature(body, secret) },
          };
        },
        settle: ({ ok, statusCode }) => {
          if (current === undefined) return;
          current.status = ok ? 'HttpSuccess' : statusCode === null ? 'Failed' : 'HttpError';
          current.httpCode = statusCode;
        },
      };
    },
    find: (id) => records.get(id),
    list: () => [...records.values()].reverse(),
  };
};
