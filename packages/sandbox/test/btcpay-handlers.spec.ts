import * as E from 'fp-ts/Either';
import type { InvoiceEvent } from '@invoicekit/gateway';
import { BTCPAY_CAPABILITIES, BTCPAY_MAX_WEBHOOK_BODY_BYTES } from '@invoicekit/btcpay';
import { orderEveryProviderAccepts } from '@invoicekit/testkit';
import { FRAMEWORKS } from '../../webhooks/test/frameworks';
import { answersAroundLimit, failingOnceOnPaid, rig } from './handlers-support';

const BTCPAY = {
  id: 'btcpay',
  capabilities: BTCPAY_CAPABILITIES,
  maxWebhookBodyBytes: BTCPAY_MAX_WEBHOOK_BODY_BYTES,
} as const;

describe.each(FRAMEWORKS)('btcpay deliveries through %s', (_name, mount) => {
  it('verifies the raw bytes, reads the invoice and hands the app each event once', async () => {
    const events: InvoiceEvent[] = [];
    const { provider, sandbox, close } = await rig(mount, BTCPAY, failingOnceOnPaid(events));
    try {
      const created = await provider.createInvoice(orderEveryProviderAccepts(`handlers-${Date.now()}`))();
      if (E.isLeft(created)) throw new Error(created.left.message);
      await sandbox.idle();
      await sandbox.pay('btcpay', created.right.id, 'full');
      await sandbox.idle();
      const attempts = sandbox.deliveries().filter((d) => d.provider === 'btcpay');
      // Each event is sent once the one before was answered; BTCPay sends its deliveries independently,
      // so the retry of InvoicePaymentSettled may land before or after InvoiceSettled.
      expect(attempts.slice(0, 4).map((d) => d.statusCode)).toEqual([200, 200, 200, 500]);
      expect(attempts.slice(4).map((d) => d.statusCode)).toEqual([200, 200]);
      expect(JSON.parse(attempts[3]!.body).type).toBe('InvoicePaymentSettled');
      // Read back on each event: Processing until the payment confirms, then Settled.
      expect(events.map((e) => e.status)).toEqual(['pending', 'processing', 'processing', 'paid', 'paid']);
      const retried = JSON.parse(attempts.find((d) => d.attempt === 2)!.body) as {
        isRedelivery: boolean;
        originalDeliveryId: string;
      };
      const failed = JSON.parse(attempts.find((d) => d.statusCode === 500)!.body) as { deliveryId: string };
      expect([retried.isRedelivery, retried.originalDeliveryId]).toEqual([true, failed.deliveryId]);
      expect(events.map((e) => e.dedupeKey)).toContain(`btcpay:delivery:${failed.deliveryId}`);
      expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(events.length);
    } finally {
      await close();
    }
  });

  it("answers 413 to a body over the adapter's own limit, unread, and 400 to one at it", async () => {
    expect(await answersAroundLimit(mount, 'btcpay')).toEqual({
      limit: BTCPAY_MAX_WEBHOOK_BODY_BYTES,
      statuses: [400, 413],
    });
  });
});
