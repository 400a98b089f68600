import * as E from 'fp-ts/Either';
import type { InvoiceEvent } from '@invoicekit/gateway';
import { NOWPAYMENTS_CAPABILITIES, NOWPAYMENTS_MAX_IPN_BYTES } from '@invoicekit/nowpayments';
import { orderEveryProviderAccepts } from '@invoicekit/testkit';
import { FRAMEWORKS } from '../../webhooks/test/frameworks';
import { answersAroundLimit, failingOnceOnPaid, rig } from './handlers-support';

const NOWPAYMENTS = {
  id: 'nowpayments',
  capabilities: NOWPAYMENTS_CAPABILITIES,
  maxWebhookBodyBytes: NOWPAYMENTS_MAX_IPN_BYTES,
} as const;

/** The order every provider accepts, paid in BTC: an invoice with a fixed coin has its payment at once. */
const order = (orderId: string) => orderEveryProviderAccepts(orderId, { payCurrency: 'BTC' });

describe.each(FRAMEWORKS)('nowpayments IPNs through %s', (_name, mount) => {
  it('verifies each IPN under a published recipe and hands the app each event once', async () => {
    const events: InvoiceEvent[] = [];
    const { provider, sandbox, close } = await rig(mount, NOWPAYMENTS, failingOnceOnPaid(events), {
      checkMinimum: false,
    });
    try {
      const created = await provider.createInvoice(order(`handlers-${Date.now()}`))();
      if (E.isLeft(created)) throw new Error(created.left.message);
      await sandbox.idle();
      await sandbox.pay('nowpayments', created.right.id, 'full');
      await sandbox.idle();
      const attempts = sandbox.deliveries().filter((d) => d.provider === 'nowpayments');
      // The failed `finished` IPN comes again as a recurrent notification, the same body.
      expect(attempts.map((d) => [d.event, d.statusCode])).toEqual([
        ['waiting', 200],
        ['confirming', 200],
        ['confirmed', 200],
        ['sending', 200],
        ['finished', 500],
        ['finished', 200],
      ]);
      expect(attempts[5]!.body).toBe(attempts[4]!.body);
      expect(events.map((e) => e.status)).toEqual([
        'pending',
        'processing',
        'processing',
        'processing',
        'paid',
      ]);
      expect(events.every((e) => e.invoiceId === created.right.id && e.testMode)).toBe(true);
      expect(events.map((e) => (e.raw as { signatureRecipe: string }).signatureRecipe)).toEqual(
        Array(5).fill('node-sort-object'),
      );
      expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(events.length);
    } finally {
      await close();
    }
  });

  it('answers 400 to an IPN whose signature no recipe matches under its secret, and applies nothing', async () => {
    const events: InvoiceEvent[] = [];
    const { provider, sandbox, close } = await rig(mount, NOWPAYMENTS, (event) => void events.push(event), {
      checkMinimum: false,
      secretKey: 'another-ipn-secret',
    });
    try {
      const created = await provider.createInvoice(order(`forged-${Date.now()}`))();
      if (E.isLeft(created)) throw new Error(created.left.message);
      await sandbox.idle();
      const attempts = sandbox.deliveries().filter((d) => d.provider === 'nowpayments');
      expect(attempts.map((d) => d.statusCode)).toEqual([400, 400, 400, 400]);
      expect(events).toEqual([]);
    } finally {
      await close();
    }
  });

  it("answers 413 to a body over the adapter's own limit, unread, and 400 to one at it", async () => {
    expect(await answersAroundLimit(mount, 'nowpayments')).toEqual({
      limit: NOWPAYMENTS_MAX_IPN_BYTES,
      statuses: [400, 413],
    });
  });
});
