import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/Either';
import { createClock } from '../src/clock';
import { DEFAULT_DELIVERY_LOG_LIMIT, createDeliverer, type OutgoingWebhook } from '../src/delivery';
import { startSandbox } from '../src';
import { createBtcpayDeliveries } from '../src/btcpay/webhooks';
import { startReceiver, withReceiver } from './helpers';

const webhook = (url: string, n: number) => (): OutgoingWebhook => ({
  provider: 'coinspaid',
  invoiceId: `inv_${n}`,
  event: 'invoice',
  url,
  contentType: 'application/json',
  body: JSON.stringify({ n }),
  headers: {},
});

describe('the delivery log', () => {
  it('keeps the latest deliveryLogLimit attempts, dropping the oldest', async () => {
    const receiver = await startReceiver();
    const deliverer = createDeliverer(
      createClock(async () => undefined),
      undefined,
      3,
    );
    try {
      for (let n = 1; n <= 5; n++) await deliverer.start(webhook(receiver.url, n), []).last;
      expect(deliverer.log().map((d) => [d.id, d.invoiceId])).toEqual([
        ['dlv_3', 'inv_3'],
        ['dlv_4', 'inv_4'],
        ['dlv_5', 'inv_5'],
      ]);
      const resent = deliverer.resend('dlv_4');
      expect(E.isRight(resent) && (await resent.right).resendOf).toBe('dlv_4');
      expect(deliverer.log().map((d) => d.id)).toEqual(['dlv_4', 'dlv_5', 'dlv_6']);
      expect(receiver.received).toHaveLength(6);
    } finally {
      await deliverer.close();
      await receiver.close();
    }
  });

  it('says a resend of a dropped attempt aged out, and of an id never sent that it is unknown', async () => {
    const receiver = await startReceiver();
    const deliverer = createDeliverer(
      createClock(async () => undefined),
      undefined,
      1,
    );
    try {
      await deliverer.start(webhook(receiver.url, 1), []).last;
      await deliverer.start(webhook(receiver.url, 2), []).last;
      expect(deliverer.resend('dlv_1')).toEqual(
        E.left('delivery dlv_1 aged out of the log, which keeps the latest 1 attempts (deliveryLogLimit)'),
      );
      expect(deliverer.resend('dlv_3')).toEqual(
        E.left('no delivery dlv_3; GET /_sandbox/deliveries lists them'),
      );
      expect(deliverer.resend('dlv_01')).toEqual(
        E.left('no delivery dlv_01; GET /_sandbox/deliveries lists them'),
      );
      expect(receiver.received).toHaveLength(2);
    } finally {
      await deliverer.close();
      await receiver.close();
    }
  });

  it('keeps 10,000 attempts by default', () => {
    expect(DEFAULT_DELIVERY_LOG_LIMIT).toBe(10_000);
  });

  it('answers the control API resend of an aged-out delivery with a 404 that says so', () =>
    withReceiver({ deliveryLogLimit: 2 }, async (sandbox) => {
      const first = await sandbox.sendCallback('coinspaid', { type: 'deposit' });
      await sandbox.sendCallback('coinspaid', { type: 'deposit' });
      await sandbox.sendCallback('coinspaid', { type: 'deposit' });
      expect(sandbox.deliveries().map((d) => d.id)).not.toContain(first.id);
      const res = await fetch(`${sandbox.url}/_sandbox/deliveries/${first.id}/resend`, {
        method: 'POST',
        headers: { 'X-Invoicekit-Sandbox': '1' },
      });
      expect(res.status).toBe(404);
      expect(JSON.stringify(await res.json())).toContain(`delivery ${first.id} aged out of the log`);
      await expect(sandbox.resend(first.id)).rejects.toMatchObject({ status: 404 });
    }));

  it('refuses a deliveryLogLimit below 1', async () => {
    await expect(startSandbox({ port: 0, deliveryLogLimit: 0 })).rejects.toThrow(
      'deliveryLogLimit must be a whole number of at least 1, not 0',
    );
  });
});

describe('delivery attempts', () => {
  it("leave nothing behind them: an attempt's abort signal is its own, not tied to the deliverer once it is over", async () => {
    const receiver = await startReceiver();
    const deliverer = createDeliverer(createClock(async () => undefined));
    const sent = jest.spyOn(global, 'fetch');
    try {
      await deliverer.start(webhook(receiver.url, 1), []).last;
      const signal = sent.mock.calls[0]?.[1]?.signal;
      expect(signal?.aborted).toBe(false);
      await deliverer.close();
      expect(signal?.aborted).toBe(false);
    } finally {
      sent.mockRestore();
      await deliverer.close();
      await receiver.close();
    }
  });

  it('are aborted by close while on the wire, and answer TimeoutError after five seconds', async () => {
    const silent = await startReceiver();
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    const deliverer = createDeliverer(createClock(async () => undefined));
    try {
      const timedOut = await deliverer.start(webhook(url, 1), []).last;
      expect([timedOut.ok, timedOut.error]).toEqual([false, 'TimeoutError']);
      const closed = deliverer.start(webhook(url, 2), []).last;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await deliverer.close();
      expect((await closed).error).toBe('AbortError');
      expect((await deliverer.start(webhook(silent.url, 3), []).last).error).toBe('AbortError');
    } finally {
      hanging.closeAllConnections();
      hanging.close();
      await silent.close();
    }
  }, 20_000);
});

describe("BTCPay's own webhook delivery log", () => {
  const event = { type: 'InvoiceCreated', storeId: 'store', invoiceId: 'inv' };

  it('keeps the latest deliveryLogLimit deliveries, so redelivery records do not grow without bound', () => {
    const deliveries = createBtcpayDeliveries(3);
    const ids = Array.from({ length: 5 }, () =>
      String(
        JSON.parse(deliveries.start(event, 'inv', 'http://127.0.0.1:1/', 'secret').build().body).deliveryId,
      ),
    );
    expect(deliveries.list().map((record) => record.id)).toEqual(ids.slice(2).reverse());
    expect(deliveries.find(ids[0]!)).toBeUndefined();
    expect(deliveries.find(ids[4]!)?.invoiceId).toBe('inv');
  });
});
