import { inspect } from 'node:util';
import { InvoiceEvent } from '@invoicekit/core';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { SIGNATURE_RECIPES, signIpn } from '../src';
import { API_KEY, EMAIL, PASSWORD, SECRET_KEY, fixtures, ipn, makeProvider, sign } from './helpers';

const provider = makeProvider({ email: EMAIL, password: PASSWORD });
const parse = (request: unknown) => provider.parseWebhook(request as never)();

/** A payment IPN in the documented field names, for the invoice the documented create answered. */
const payment = (fields: Record<string, unknown> = {}): string =>
  JSON.stringify({
    payment_id: 5077125051,
    invoice_id: 4522625843,
    payment_status: 'waiting',
    pay_address: '3EZ2uTdVDAMFXTfc6uLDDKR6o8qKBZXVkj',
    payin_extra_id: null,
    price_amount: 1000,
    price_currency: 'usd',
    pay_amount: 0.04267,
    actually_paid: 0,
    pay_currency: 'btc',
    order_id: 'RGDBP-21314',
    order_description: 'Apple Macbook Pro 2019 x 1',
    purchase_id: '5837122679',
    outcome_amount: 0.0425,
    outcome_currency: 'btc',
    ...fields,
  });

describe('parseWebhook: verification', () => {
  it.each(SIGNATURE_RECIPES)(
    'accepts the published IPN example signed with %s and records the recipe',
    async (recipe) => {
      const text = fixtures.body('ipn.payment');
      const event = expectRight(await parse(ipn(text, recipe)));
      expect(InvoiceEvent.is(event)).toBe(true);
      const matched = (event.raw as { signatureRecipe: string }).signatureRecipe;
      // The published example has no non-ASCII text and no float JavaScript re-prints: several recipes coincide.
      expect(matched === recipe || sign(text, matched as never) === sign(text, recipe)).toBe(true);
    },
  );

  it('names the recipe that matched when the recipes disagree (non-ASCII text, 1e-7)', async () => {
    const text = fixtures.body('ipn.nested-unicode');
    for (const recipe of SIGNATURE_RECIPES) {
      const event = expectRight(await parse(ipn(text, recipe)));
      expect((event.raw as { signatureRecipe: string }).signatureRecipe).toBe(recipe);
    }
  });

  it('takes the signature in any hex case and with surrounding blanks', async () => {
    const text = payment();
    const request = {
      headers: { 'X-NOWPayments-Sig': ` ${sign(text).toUpperCase()} ` },
      body: Buffer.from(text),
    };
    expectRight(await parse(request));
  });

  it.each([
    ['no signature header', { headers: {}, body: payment() }],
    ['an empty signature', { headers: { 'x-nowpayments-sig': ' ' }, body: payment() }],
    ['a signature that is not hex', { headers: { 'x-nowpayments-sig': 'z'.repeat(128) }, body: payment() }],
    ['a short signature', { headers: { 'x-nowpayments-sig': sign(payment()).slice(2) }, body: payment() }],
    [
      'a body changed after signing',
      { headers: { 'x-nowpayments-sig': sign(payment()) }, body: payment({ actually_paid: 1 }) },
    ],
    ['a body that is not JSON', { headers: { 'x-nowpayments-sig': sign(payment()) }, body: 'payment_id=1' }],
    ['a JSON array body', { headers: { 'x-nowpayments-sig': sign('[1]') }, body: '[1]' }],
    ['a parsed body', { headers: { 'x-nowpayments-sig': sign(payment()) }, body: JSON.parse(payment()) }],
    [
      'a __proto__ member',
      { headers: { 'x-nowpayments-sig': sign(payment()) }, body: '{"__proto__":{"a":1}}' },
    ],
    [
      '5,000 nested arrays',
      {
        headers: { 'x-nowpayments-sig': sign(payment()) },
        body: `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      },
    ],
  ])('refuses %s as SignatureInvalid', async (_label, request) => {
    expectLeftTag(await parse(request), 'SignatureInvalid');
  });

  it('refuses a signature made with another secret, and one keyed with the API key, naming the key to check', async () => {
    const text = payment();
    for (const secret of ['another-secret', API_KEY]) {
      const request = {
        headers: { 'x-nowpayments-sig': sign(text, 'node-sort-object', secret) },
        body: text,
      };
      expect(expectLeftTag(await parse(request), 'SignatureInvalid').message).toBe(
        'Webhook rejected: the x-nowpayments-sig header matches the body under no published recipe and ' +
          'this IPN secret: check secretKey (INVOICEKIT_SECRET_KEY), the IPN secret of the NOWPayments ' +
          'dashboard, not the API key',
      );
    }
  });

  it('keys the PHP recipe with the trimmed secret, as the PHP example trims it', async () => {
    const text = fixtures.body('ipn.nested-unicode');
    const trimmedProvider = makeProvider({ secretKey: ` ${SECRET_KEY}\n` });
    const event = expectRight(await trimmedProvider.parseWebhook(ipn(text, 'php-tksort'))());
    expect((event.raw as { signatureRecipe: string }).signatureRecipe).toBe('php-tksort');
  });

  it('never shows a credential in an error', async () => {
    const results = await Promise.all([
      parse({
        headers: { 'x-nowpayments-sig': SECRET_KEY },
        body: `{"echo":"${SECRET_KEY} ${PASSWORD} ${EMAIL}"}`,
      }),
      parse({ headers: {}, body: API_KEY }),
    ]);
    const printed = results.map((r) => `${JSON.stringify(r)} ${inspect(r, { depth: null })}`).join(' ');
    for (const secret of [SECRET_KEY, API_KEY, PASSWORD, EMAIL]) expect(printed).not.toContain(secret);
  });

  it('signs with the current Node recipe by default (signIpn)', () => {
    const text = payment();
    expect(expectRight(signIpn(text, SECRET_KEY))).toBe(sign(text, 'node-sort-object'));
  });
});

describe('parseWebhook: what the event says', () => {
  it('reads the invoice a payment was made against, the order, the amounts and the deposit', async () => {
    const text = payment({ payment_status: 'partially_paid', actually_paid: 0.02, payin_hash: 'f2a1' });
    const event = expectRight(await parse(ipn(text)));
    expect(event).toMatchObject({
      provider: 'nowpayments',
      invoiceId: '4522625843',
      orderId: 'RGDBP-21314',
      status: 'partially_paid',
      providerStatus: 'partially_paid',
      failureReason: null,
      received: { amount: '0.02', currency: 'BTC' },
      remaining: { amount: '0.02267', currency: 'BTC' },
      transactions: [
        { id: '5077125051', txid: 'f2a1', currency: 'BTC', amount: '0.02', confirmations: null },
      ],
      confirmed: true,
      testMode: false,
    });
  });

  it('keeps every digit of a float NOWPayments sends', async () => {
    const event = expectRight(await parse(ipn(fixtures.body('ipn.nested-unicode'))));
    expect(event.received).toEqual({ amount: '0.0000001', currency: 'BTC' });
    expect(event.remaining).toEqual({ amount: '0', currency: 'BTC' });
  });

  it('names a payment made without an invoice by its payment id', async () => {
    const event = expectRight(await parse(ipn(payment({ invoice_id: null }))));
    expect(event.invoiceId).toBe('5077125051');
  });

  it('gives the same delivery the same dedupe key, and a new status or amount a new one', async () => {
    const key = async (text: string) => expectRight(await parse(ipn(text))).dedupeKey;
    const first = await key(payment({ payment_status: 'partially_paid', actually_paid: 0.01 }));
    expect(await key(payment({ payment_status: 'partially_paid', actually_paid: 0.01 }))).toBe(first);
    expect(await key(payment({ payment_status: 'partially_paid', actually_paid: 0.02 }))).not.toBe(first);
    expect(await key(payment({ payment_status: 'finished', actually_paid: 0.01 }))).not.toBe(first);
  });

  it('never takes a repeated deposit for the invoice being paid (the published example is one)', async () => {
    const event = expectRight(await parse(ipn(fixtures.body('ipn.payment'))));
    expect(event.providerStatus).toBe('finished');
    expect(event.status).toBe('partially_paid');
    expect(event.received).toBeNull();
    expect(event.transactions).toEqual([
      { id: '123456789', txid: null, currency: 'TRX', amount: '15', confirmations: null },
    ]);
  });

  it('treats another origin_type (inferred: a wrong-asset deposit) like a repeated deposit', async () => {
    const text = payment({ payment_status: 'finished', actually_paid: 0.04267, origin_type: 'WRONG_ASSET' });
    expect(expectRight(await parse(ipn(text))).status).toBe('partially_paid');
  });

  it.each([
    ['ipn.withdrawal', 'withdrawal'],
    ['ipn.recurring', 'recurring_payment'],
  ])('answers the documented %s IPN with UnsupportedEvent', async (name, kind) => {
    const error = expectLeftTag(await parse(ipn(fixtures.body(name))), 'UnsupportedEvent');
    expect(error.message).toContain(kind);
  });

  it('answers a signed payment IPN it cannot read with MalformedWebhook', async () => {
    expectLeftTag(await parse(ipn(payment({ actually_paid: 'a lot' }))), 'MalformedWebhook');
    expectLeftTag(await parse(ipn(payment({ payment_status: 7 }))), 'MalformedWebhook');
  });

  it('marks sandbox events as test mode', async () => {
    const sandbox = makeProvider({ environment: 'sandbox' });
    expect(expectRight(await sandbox.parseWebhook(ipn(payment()))()).testMode).toBe(true);
  });
});
