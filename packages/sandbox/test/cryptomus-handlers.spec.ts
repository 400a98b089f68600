import * as E from 'fp-ts/Either';
import type { InvoiceEvent } from '@invoicekit/gateway';
import { CRYPTOMUS_CAPABILITIES, CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES } from '@invoicekit/cryptomus';
import { orderEveryProviderAccepts } from '@invoicekit/testkit';
import { FRAMEWORKS } from '../../webhooks/test/frameworks';
import { answersAroundLimit, failingOnceOnPaid, rig, sandboxProvider } from './handlers-support';

const endpointFor = (id: 'cryptomus' | 'heleket') => ({
  id,
  capabilities: CRYPTOMUS_CAPABILITIES,
  maxWebhookBodyBytes: CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES,
});

describe.each(FRAMEWORKS)('cryptomus and heleket webhooks through %s', (_name, mount) => {
  it.each(['cryptomus', 'heleket'] as const)(
    '%s: verifies the in-body sign of each webhook and hands the app each event once',
    async (id) => {
      const events: InvoiceEvent[] = [];
      const { provider, sandbox, close } = await rig(mount, endpointFor(id), failingOnceOnPaid(events));
      try {
        const created = await provider.createInvoice(
          orderEveryProviderAccepts(`handlers-${id}-${Date.now()}`),
        )();
        if (E.isLeft(created)) throw new Error(created.left.message);
        await sandbox.pay(id, created.right.id, 'full');
        await sandbox.idle();
        // Neither provider publishes a retry schedule: the shop asks for the webhook again (`/v1/payment/resend`).
        const failed = sandbox.deliveries().find((d) => d.provider === id && d.statusCode === 500)!;
        const resent = await sandbox.resend(failed.id);
        await sandbox.idle();
        const attempts = sandbox.deliveries().filter((d) => d.provider === id);
        expect(attempts.map((d) => [d.event, d.statusCode])).toEqual([
          ['confirm_check', 200],
          ['paid', 500],
          ['paid', 200],
        ]);
        expect([resent.resendOf, resent.body]).toEqual([failed.id, failed.body]);
        expect(events.map((e) => [e.provider, e.status, e.providerStatus])).toEqual([
          [id, 'processing', 'confirm_check'],
          [id, 'paid', 'paid'],
        ]);
        expect(events.every((e) => e.invoiceId === created.right.id && e.testMode)).toBe(true);
      } finally {
        await close();
      }
    },
  );

  it('answers 400 to a webhook signed with another key, and applies nothing', async () => {
    const events: InvoiceEvent[] = [];
    const { sandbox, close } = await rig(
      mount,
      endpointFor('cryptomus'),
      (event) => void events.push(event),
      {
        apiKey: 'another-payment-key-0123456789',
      },
    );
    try {
      const invoice = await sandboxProvider(sandbox, 'cryptomus').createInvoice(
        orderEveryProviderAccepts(`forged-${Date.now()}`),
      )();
      if (E.isLeft(invoice)) throw new Error(invoice.left.message);
      await sandbox.pay('cryptomus', invoice.right.id, 'full');
      await sandbox.idle();
      const attempts = sandbox.deliveries().filter((d) => d.provider === 'cryptomus');
      expect(attempts.map((d) => d.statusCode)).toEqual([400, 400]);
      expect(events).toEqual([]);
    } finally {
      await close();
    }
  });

  it.each(['cryptomus', 'heleket'] as const)(
    "%s: answers 413 to a body over the adapter's own limit, unread, and 400 to one at it",
    async (id) => {
      expect(await answersAroundLimit(mount, id)).toEqual({
        limit: CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES,
        statuses: [400, 413],
      });
    },
  );
});
