import * as E from 'fp-ts/Either';
import { createProvider, type InvoiceEvent, type InvoiceProvider } from '@invoicekit/gateway';
import { BTCPAY_CAPABILITIES } from '@invoicekit/btcpay';
import { orderEveryProviderAccepts } from '@invoicekit/testkit';
import { FRAMEWORKS } from '../../webhooks/test/frameworks';
import { startSandbox, type Sandbox } from '../src';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const btcpayOf = (sandbox: Sandbox): InvoiceProvider => {
  const built = createProvider({ provider: 'btcpay', ...sandbox.credentials.btcpay, environment: 'sandbox' });
  if (E.isLeft(built)) throw new Error(built.left.message);
  return built.right;
};

/** A provider whose configuration is known only once the sandbox, which needs the endpoint's URL, listens. */
const later = (): { provider: InvoiceProvider; set(provider: InvoiceProvider): void } => {
  let current: InvoiceProvider | undefined;
  const use = (): InvoiceProvider => {
    if (current === undefined) throw new Error('the sandbox is not started yet');
    return current;
  };
  return {
    set: (provider) => (current = provider),
    provider: {
      id: 'btcpay',
      capabilities: BTCPAY_CAPABILITIES,
      createInvoice: (request) => use().createInvoice(request),
      getInvoice: (ref) => use().getInvoice(ref),
      cancelInvoice: (ref) => use().cancelInvoice(ref),
      parseWebhook: (request) => use().parseWebhook(request),
    },
  };
};

describe.each(FRAMEWORKS)('btcpay deliveries through %s', (_name, mount) => {
  it('verifies the raw bytes, reads the invoice and hands the app each event once', async () => {
    const events: InvoiceEvent[] = [];
    let failNext = 1;
    const endpoint = later();
    const served = await mount(
      { provider: endpoint.provider },
      {
        onEvent: async (event) => {
          // The app fails once: the endpoint answers 500 and BTCPay redelivers.
          if (event.status === 'paid' && failNext-- > 0) throw new Error('database down');
          events.push(event);
        },
        logger: silent,
      },
    );
    const sandbox = await startSandbox({ port: 0, webhookUrl: `${served.url}/webhooks` });
    endpoint.set(btcpayOf(sandbox));
    try {
      const created = await endpoint.provider.createInvoice(
        orderEveryProviderAccepts(`handlers-${Date.now()}`),
      )();
      if (E.isLeft(created)) throw new Error(created.left.message);
      await sandbox.idle();
      await sandbox.pay('btcpay', created.right.id, 'full');
      await sandbox.idle();
      const attempts = sandbox.deliveries().filter((d) => d.provider === 'btcpay');
      expect(attempts.map((d) => d.statusCode)).toEqual([200, 500, 200, 200, 200, 200]);
      expect(events.map((e) => e.status)).toEqual(['pending', 'paid', 'paid', 'paid', 'paid']);
      const retried = JSON.parse(attempts[2]!.body) as { isRedelivery: boolean; originalDeliveryId: string };
      expect(retried.isRedelivery).toBe(true);
      expect(events[1]!.dedupeKey).toBe(`btcpay:delivery:${retried.originalDeliveryId}`);
      expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(events.length);
    } finally {
      await sandbox.close();
      await served.close();
    }
  });
});
