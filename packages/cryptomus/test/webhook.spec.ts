import { inspect } from 'node:util';
import { InvoiceEvent } from '@invoicekit/core';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { cryptomusDescriptor, signWebhook } from '../src';
import { API_KEY, makeProvider, MERCHANT, PAYOUT_KEY, webhookOf } from './helpers';

/** The documented payment webhook fields (doc.cryptomus.com/payments/webhook), amounts of the omnipay fixture. */
const paid = {
  type: 'payment',
  uuid: 'e1bf6e4a-4465-40b4-849e-60dfe7bced49',
  order_id: 'rGrIxUZFVknrFwbYvB',
  amount: '10.00000000',
  payment_amount: '10.00000000',
  payment_amount_usd: '10.000000',
  merchant_amount: '9.94000000',
  commission: '0.06000000',
  is_final: true,
  status: 'paid',
  from: 'THgEWubVc8tPKXLJ4VZ5zbiiAK7AgqSeGH',
  wallet_address_uuid: null,
  network: 'tron',
  currency: 'USD',
  payer_currency: 'USDT',
  additional_data: 'https://shop.example/orders/1 — Müller',
  txid: '6f0d9c8374db57cac0d806251473de754f361c83a03cd805f74aa9da3193486b',
};

const parse = (body: string, overrides: Record<string, unknown> = {}) =>
  makeProvider(overrides).parseWebhook(webhookOf(body))();

describe('payment webhooks', () => {
  it('become a confirmed InvoiceEvent with received money in the pay currency and the transaction', async () => {
    const event = expectRight(await parse(signWebhook(paid, API_KEY)));
    expect(InvoiceEvent.is(event)).toBe(true);
    expect(event).toMatchObject({
      provider: 'cryptomus',
      invoiceId: paid.uuid,
      orderId: paid.order_id,
      status: 'paid',
      providerStatus: 'paid',
      failureReason: null,
      received: { amount: '10', currency: 'USDT' },
      remaining: null,
      transactions: [{ id: null, txid: paid.txid, currency: 'USDT', amount: '10', confirmations: null }],
      confirmed: true,
      testMode: false,
    });
  });

  it('reads remaining from payer_amount where the body has it (some Cryptomus locales list it)', async () => {
    const body = signWebhook(
      {
        ...paid,
        status: 'wrong_amount_waiting',
        is_final: false,
        payment_amount: '4.5',
        payer_amount: '10.00000000',
      },
      API_KEY,
    );
    const event = expectRight(await parse(body));
    expect([event.status, event.received, event.remaining]).toEqual([
      'partially_paid',
      { amount: '4.5', currency: 'USDT' },
      { amount: '5.5', currency: 'USDT' },
    ]);
  });

  it('dedupes on (uuid, status) plus the amount paid: one invoice passes several statuses', async () => {
    const keyOf = async (fields: Record<string, unknown>) =>
      expectRight(await parse(signWebhook(fields, API_KEY))).dedupeKey;
    const first = await keyOf({ ...paid, status: 'wrong_amount_waiting', payment_amount: '4' });
    expect(await keyOf({ ...paid, status: 'wrong_amount_waiting', payment_amount: '4' })).toBe(first);
    expect(await keyOf({ ...paid, status: 'wrong_amount_waiting', payment_amount: '6' })).not.toBe(first);
    expect(await keyOf(paid)).not.toBe(first);
  });

  it('marks events test mode in the sandbox environment', async () => {
    const event = expectRight(await parse(signWebhook(paid, API_KEY), { environment: 'sandbox' }));
    expect(event.testMode).toBe(true);
  });

  it('is MalformedWebhook when authentic but undecodable (amount as a number)', async () => {
    const result = await parse(signWebhook({ ...paid, amount: 10 }, API_KEY));
    expect(
      expectLeftTag(result, 'MalformedWebhook')
        .issues.map((i) => i.path)
        .join(),
    ).toMatch(/amount/);
  });
});

describe('other webhook types', () => {
  it('answers a static-wallet webhook with UnsupportedEvent', async () => {
    const result = await parse(signWebhook({ ...paid, type: 'wallet' }, API_KEY));
    expect(expectLeftTag(result, 'UnsupportedEvent').eventType).toBe('wallet');
  });

  it('verifies a payout webhook with the payout key only', async () => {
    const payout = { type: 'payout', uuid: 'po-7', status: 'paid', is_final: true };
    expect(expectLeftTag(await parse(signWebhook(payout, PAYOUT_KEY)), 'SignatureInvalid').message).toMatch(
      /payoutKey/,
    );
    expectLeftTag(
      await parse(signWebhook(payout, PAYOUT_KEY), { payoutKey: PAYOUT_KEY }),
      'UnsupportedEvent',
    );
    expect(
      expectLeftTag(await parse(signWebhook(payout, API_KEY), { payoutKey: PAYOUT_KEY }), 'SignatureInvalid')
        .message,
    ).toBe(
      'Webhook rejected: the "sign" member does not match the body under any accepted recipe: check ' +
        'payoutKey, the payout API key',
    );
  });

  it('never verifies a payment webhook with the payout key', async () => {
    expectLeftTag(await parse(signWebhook(paid, PAYOUT_KEY), { payoutKey: PAYOUT_KEY }), 'SignatureInvalid');
  });
});

describe('refusals', () => {
  const body = signWebhook(paid, API_KEY);

  it.each([
    ['without sign', JSON.stringify(paid)],
    ['with sign not a string', body.replace(/"sign":"[0-9a-f]+"/, '"sign":5')],
    ['with a sign of 31 digits', body.replace(/"sign":"([0-9a-f]+)[0-9a-f]"/, '"sign":"$1"')],
    ['with a changed status', body.replace('"status":"paid"', '"status":"paid_over"')],
    ['naming a member twice', body.replace('{"type":"payment"', '{"type":"payment","type":"payment"')],
    ['as a JSON array', `[${body}]`],
    ['not JSON', 'sign=abc'],
    [
      '5,000 nested arrays',
      `{"a":${'['.repeat(5000)}${']'.repeat(5000)},"sign":"00000000000000000000000000000000"}`,
    ],
    ['with a __proto__ member', body.replace('{"type"', '{"__proto__":{"status":"paid"},"type"')],
    ['larger than 16 KiB', signWebhook({ ...paid, additional_data: 'x'.repeat(20_000) }, API_KEY)],
  ])('refuses a body %s with SignatureInvalid', async (_label, text) => {
    expectLeftTag(await parse(text), 'SignatureInvalid');
  });

  it('refuses bytes that are not UTF-8 even where the text would verify', async () => {
    const bytes = Buffer.concat([Buffer.from(body.slice(0, -1)), Buffer.from([0xff]), Buffer.from('}')]);
    expectLeftTag(await makeProvider().parseWebhook(webhookOf(bytes))(), 'SignatureInvalid');
  });

  it('refuses a parsed body, telling the caller to pass the raw one', async () => {
    const result = await makeProvider().parseWebhook({ headers: {}, body: JSON.parse(body) as string })();
    expect(expectLeftTag(result, 'SignatureInvalid').message).toMatch(/raw request body/);
  });

  it('never shows a key in its errors', async () => {
    const errors = await Promise.all([
      parse(body.replace('paid', 'fail')),
      parse('{}'),
      parse(`{"sign":"${API_KEY}"}`),
    ]);
    for (const error of errors) expect(inspect(error, { depth: null })).not.toContain(API_KEY);
  });
});

describe('routing (descriptor.ownsWebhook)', () => {
  const configured = (provider: string, apiKey: string) =>
    expectRight(cryptomusDescriptor.configure({ provider, shopId: MERCHANT, apiKey }, {}));

  it('claims a webhook only for the configuration whose key signed it', () => {
    const cryptomus = configured('cryptomus', API_KEY);
    const heleket = configured('heleket', `${API_KEY}-heleket`);
    const request = webhookOf(signWebhook(paid, `${API_KEY}-heleket`));
    expect([cryptomus.ownsWebhook(request), heleket.ownsWebhook(request)]).toEqual([false, true]);
  });

  it('claims nothing for a body it cannot read', () => {
    expect(configured('cryptomus', API_KEY).ownsWebhook({ headers: {}, body: 'x' })).toBe(false);
  });
});
