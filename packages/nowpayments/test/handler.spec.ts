import type { InvoiceEvent } from '@invoicekit/core';
import { webhookHandler } from '@invoicekit/webhooks';
import { fixtures, ipn, makeProvider, sign } from './helpers';

const request = (webhook: { headers: Record<string, string>; body: string }) =>
  new Request('https://shop.example/ipn/nowpayments', {
    method: 'POST',
    headers: webhook.headers,
    body: webhook.body,
  });

const payment = JSON.stringify({
  ...(JSON.parse(fixtures.body('payment.status.response')) as object),
  invoice_id: 4522625843,
});

describe('an IPN through the WHATWG webhook handler', () => {
  const applied: InvoiceEvent[] = [];
  const handler = webhookHandler({
    provider: makeProvider(),
    onEvent: (event) => {
      if (event.providerStatus === 'failed') throw new Error('the shop could not apply it');
      applied.push(event);
    },
  });

  it('answers 200 once the verified event was applied', async () => {
    const response = await handler(request(ipn(payment)));
    expect(response.status).toBe(200);
    expect(applied.at(-1)).toMatchObject({ invoiceId: '4522625843', status: 'overpaid' });
  });

  it('answers 400 to a body changed after signing, and applies nothing', async () => {
    const before = applied.length;
    const tampered = {
      headers: { 'x-nowpayments-sig': sign(payment) },
      body: payment.replace('"pay_amount":11.8', '"pay_amount":12'),
    };
    expect((await handler(request(tampered))).status).toBe(400);
    expect(applied).toHaveLength(before);
  });

  it('answers 200 to the documented withdrawal IPN, which is not an invoice event', async () => {
    expect((await handler(request(ipn(fixtures.body('ipn.withdrawal'))))).status).toBe(200);
  });

  it('answers 500 when the shop failed to apply the event, so NOWPayments sends it again', async () => {
    const failed = payment.replace('"payment_status":"finished"', '"payment_status":"failed"');
    expect((await handler(request(ipn(failed)))).status).toBe(500);
  });
});
