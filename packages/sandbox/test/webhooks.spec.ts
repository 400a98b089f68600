import { jwtVerify } from 'jose';
import {
  documented,
  createCoinspaidInvoice,
  createCryptocloudInvoice,
  hmac,
  startReceiver,
  withReceiver,
  withSandbox,
  type Received,
} from './helpers';

type Callback = {
  id: number;
  foreign_id: string;
  end_user_reference?: string;
  type: string;
  crypto_address: { currency: string; convert_to?: string; address: string };
  currency_sent: { currency: string; amount: string; remaining_amount: string };
  currency_received: { currency: string; amount: string };
  transactions: Array<{ amount: string; confirmations: string; txid: string; type: string }>;
  fees: Array<{ type: string; currency: string; amount: string }>;
  error: string;
  status: string;
  fixed_at: number | null;
  expires_at: number | null;
};

const DOCUMENTED_ERRORS = documented['coinspaid.callback.error'];

const verifiedCallback = (received: Received, keys: { apiKey: string; secretKey: string }): Callback => {
  expect(received.headers['content-type']).toBe('application/json');
  expect(received.headers['x-processing-key']).toBe(keys.apiKey);
  expect(received.headers['x-processing-signature']).toBe(hmac(keys.secretKey, received.body));
  return JSON.parse(received.body.toString('utf8')) as Callback;
};

describe('CoinsPaid platform — invoice callbacks', () => {
  it('sends processing then confirmed for a full payment, signed with the creating key pair', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const keys = sandbox.credentials.cryptoprocessing;
      const data = await createCoinspaidInvoice(sandbox, 'cryptoprocessing', {
        timer: true,
        sender_currency: 'BTC',
        end_user_reference: 'cust-77',
      });
      const state = await sandbox.pay('cryptoprocessing', String(data['id']), 'full');
      expect(state.status).toBe('confirmed');
      expect(receiver.received).toHaveLength(2);
      const [processing, confirmed] = receiver.received.map((r) => verifiedCallback(r, keys));
      expect(processing).toMatchObject({ status: 'processing', error: '', id: data['id'] });
      expect(processing?.transactions[0]?.confirmations).toBe('0');
      expect(confirmed).toMatchObject({
        id: data['id'],
        foreign_id: data['foreign_id'],
        end_user_reference: 'cust-77',
        type: 'invoice',
        crypto_address: { currency: 'BTC', convert_to: 'EUR', address: data['address'] },
        currency_sent: { currency: 'BTC', amount: data['sender_amount'], remaining_amount: '0.00000000' },
        currency_received: { currency: 'EUR', amount: '100.00000000' },
        fees: [{ type: 'fee_crypto_deposit', currency: 'EUR', amount: '0.50000000' }],
        error: '',
        status: 'confirmed',
        fixed_at: data['fixed_at'],
        expires_at: data['release_at'],
      });
      expect(confirmed?.transactions).toHaveLength(1);
      expect(confirmed?.transactions[0]).toMatchObject({
        type: 'deposit',
        amount: data['sender_amount'],
        confirmations: '2',
      });
      expect(confirmed?.transactions[0]?.txid).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.keys(confirmed ?? {})).toEqual(documented['coinspaid.callback.keys'].invoice);
    }));

  it('sends pending with a remaining amount for a part payment of a good_until_expired invoice', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const keys = sandbox.credentials.alphapo;
      const data = await createCoinspaidInvoice(sandbox, 'alphapo', {
        type: 'good_until_expired',
        currency: 'BTC',
        amount: 0.01,
      });
      const state = await sandbox.pay('alphapo', String(data['id']), 'partial');
      expect(state).toMatchObject({
        status: 'pending',
        payment: { paid: '0.00500000', remaining: '0.00500000' },
      });
      const [pending] = receiver.received.map((r) => verifiedCallback(r, keys));
      expect(receiver.received).toHaveLength(1);
      expect(pending).toMatchObject({
        status: 'pending',
        crypto_address: { currency: 'BTC' },
        currency_sent: { currency: 'BTC', amount: '0.00500000', remaining_amount: '0.00500000' },
        currency_received: { currency: 'BTC', amount: '0.00500000' },
      });
      expect(pending?.crypto_address.convert_to).toBeUndefined();
      const rest = await sandbox.pay('alphapo', String(data['id']), 'full');
      expect(rest.status).toBe('confirmed');
      const last = verifiedCallback(receiver.received[receiver.received.length - 1]!, keys);
      expect(last.currency_sent).toEqual({
        currency: 'BTC',
        amount: '0.01000000',
        remaining_amount: '0.00000000',
      });
      expect(last.transactions).toHaveLength(2);
    }));

  it('fails a fill_or_kill invoice paid in part: "User paid less than requested."', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const data = await createCoinspaidInvoice(sandbox, 'coinspaid', { currency: 'ETH', amount: 1 });
      const state = await sandbox.pay('coinspaid', String(data['id']), 'partial');
      expect(state.status).toBe('failed');
      const [processing, failed] = receiver.received.map((r) =>
        verifiedCallback(r, sandbox.credentials.coinspaid),
      );
      expect(processing?.status).toBe('processing');
      expect(failed?.status).toBe('failed');
      expect(failed?.error).toBe(DOCUMENTED_ERRORS.underpaid);
      expect(failed?.currency_sent.remaining_amount).toBe('0.50000000');
      expect(failed?.transactions.map((tx) => tx.confirmations)).toEqual(['2']);
    }));

  it('fails an invoice whose transaction never confirms: "…status processing too long."', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const data = await createCoinspaidInvoice(sandbox, 'alphapo', { timer: true, sender_currency: 'BTC' });
      const state = await sandbox.pay('alphapo', String(data['id']), 'unconfirmed');
      expect(state.status).toBe('failed');
      const [processing, failed] = receiver.received.map((r) =>
        verifiedCallback(r, sandbox.credentials.alphapo),
      );
      expect([processing?.status, processing?.error]).toEqual(['processing', '']);
      expect(failed).toMatchObject({
        status: 'failed',
        error: DOCUMENTED_ERRORS.processingTooLong,
        currency_sent: { amount: data['sender_amount'], remaining_amount: '0.00000000' },
        currency_received: { amount: '0.00000000' },
      });
      expect(failed?.transactions.map((tx) => tx.confirmations)).toEqual(['0']);
    }));

  it('fails a good_until_expired invoice paid in part when its timer runs out: underpaid', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const data = await createCoinspaidInvoice(sandbox, 'coinspaid', {
        type: 'good_until_expired',
        timer: true,
      });
      await sandbox.pay('coinspaid', String(data['id']), 'partial');
      await sandbox.expire('coinspaid', String(data['id']));
      const last = verifiedCallback(
        receiver.received[receiver.received.length - 1]!,
        sandbox.credentials.coinspaid,
      );
      expect([last.status, last.error]).toEqual(['failed', DOCUMENTED_ERRORS.underpaid]);
      expect(Number(last.currency_sent.amount)).toBeGreaterThan(0);
    }));

  it('sends nothing but the three documented texts as a failed callback error', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      for (const kind of ['partial', 'unconfirmed'] as const) {
        const data = await createCoinspaidInvoice(sandbox, 'cryptoprocessing');
        await sandbox.pay('cryptoprocessing', String(data['id']), kind);
      }
      const expiring = await createCoinspaidInvoice(sandbox, 'cryptoprocessing', { timer: true });
      await sandbox.expire('cryptoprocessing', String(expiring['id']));
      const errors = receiver.received
        .map((r) => verifiedCallback(r, sandbox.credentials.cryptoprocessing))
        .filter((c) => c.status === 'failed')
        .map((c) => c.error);
      expect(errors).toEqual([
        DOCUMENTED_ERRORS.underpaid,
        DOCUMENTED_ERRORS.processingTooLong,
        DOCUMENTED_ERRORS.notPaid,
      ]);
    }));

  it('confirms an overpaid invoice with the extra in currency_sent', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const data = await createCoinspaidInvoice(sandbox, 'cryptoprocessing', {
        currency: 'BTC',
        amount: 0.01,
      });
      await sandbox.pay('cryptoprocessing', String(data['id']), 'over');
      const confirmed = verifiedCallback(receiver.received[1]!, sandbox.credentials.cryptoprocessing);
      expect(confirmed).toMatchObject({
        status: 'confirmed',
        currency_sent: { amount: '0.01100000', remaining_amount: '0.00000000' },
        currency_received: { amount: '0.01100000' },
      });
    }));

  it('fails an expired invoice: "Timer expired. User not paid."', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const data = await createCoinspaidInvoice(sandbox, 'cryptoprocessing', { timer: true });
      const state = await sandbox.expire('cryptoprocessing', String(data['id']));
      expect(state.status).toBe('failed');
      const [failed] = receiver.received.map((r) =>
        verifiedCallback(r, sandbox.credentials.cryptoprocessing),
      );
      expect(failed).toMatchObject({
        status: 'failed',
        error: DOCUMENTED_ERRORS.notPaid,
        transactions: [],
        currency_received: { amount: '0.00000000' },
      });
      expect(Number(failed?.currency_sent.remaining_amount)).toBeGreaterThan(0);
      await expect(sandbox.pay('cryptoprocessing', String(data['id']))).rejects.toMatchObject({
        status: 409,
      });
    }));
});

describe('CryptoCloud — postbacks', () => {
  type Postback = {
    status: string;
    invoice_id: string;
    amount_crypto: number;
    currency: string;
    order_id: string;
    token: string;
    invoice_info: {
      uuid: string;
      status: string;
      invoice_status: string;
      amount_paid: number;
      amount_paid_usd: number;
      tx_list: string[];
      test_mode: boolean;
    };
  };

  const verifyToken = (token: string, secretKey: string) =>
    jwtVerify(token, new TextEncoder().encode(secretKey), { algorithms: ['HS256'] });

  it('posts the documented JSON: invoice_id without INV-, a float amount, a token naming the bare id', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const creds = sandbox.credentials.cryptocloud;
      const invoice = await createCryptocloudInvoice(sandbox, {
        order_id: 'ORDER_93223',
        add_fields: { cryptocurrency: 'ETH' },
      });
      const uuid = String(invoice['uuid']);
      const state = await sandbox.pay('cryptocloud', uuid, 'full');
      expect(state.status).toBe('paid');
      expect(receiver.received).toHaveLength(1);
      const [received] = receiver.received;
      expect(received?.headers['content-type']).toBe('application/json');
      const text = received!.body.toString('utf8');
      const body = JSON.parse(text) as Postback;
      expect(Object.keys(body)).toEqual(documented['cryptocloud.postback'].fields);
      expect(body).toMatchObject({
        status: 'success',
        invoice_id: uuid.slice(4),
        amount_crypto: invoice['amount'],
        currency: 'ETH',
        order_id: 'ORDER_93223',
        invoice_info: { uuid, status: 'paid', invoice_status: 'success', test_mode: false },
      });
      expect(body.invoice_info.tx_list).toHaveLength(1);
      expect(typeof body.invoice_info.amount_paid_usd).toBe('number');
      expect(text).toMatch(/"amount_crypto":\d+\.\d+,/);
      const { payload, protectedHeader } = await verifyToken(body.token, creds.secretKey);
      expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(Object.keys(payload)).toEqual(['id', 'exp']);
      expect(payload['id']).toBe(uuid.slice(4));
      const ttl = Number(payload.exp) - Math.floor(Date.now() / 1000);
      const lifetime = Number(documented['cryptocloud.postback'].tokenSeconds);
      expect(ttl).toBeGreaterThan(lifetime - 10);
      expect(ttl).toBeLessThanOrEqual(lifetime);
      await expect(verifyToken(body.token, 'another-secret')).rejects.toThrow();
    }));

  it.each([
    ['bare', (uuid: string): string | number => uuid.slice(4)],
    ['prefixed', (uuid: string): string | number => uuid],
    // The project's running number, which the invoice code spells in base 36.
    ['numeric', (uuid: string): string | number => parseInt(uuid.slice(4), 36)],
  ] as const)('puts the %s invoice id into the token when configured', async (form, expected) =>
    withReceiver({ cryptocloudTokenId: form }, async (sandbox, receiver) => {
      const ids: unknown[] = [];
      for (const index of [0, 1]) {
        const uuid = String((await createCryptocloudInvoice(sandbox))['uuid']);
        await sandbox.pay('cryptocloud', uuid, 'full');
        const body = JSON.parse(receiver.received[index]!.body.toString('utf8')) as Postback;
        const { payload } = await verifyToken(body.token, sandbox.credentials.cryptocloud.secretKey);
        expect(payload['id']).toBe(expected(uuid));
        expect(body.invoice_id).toBe(uuid.slice(4));
        ids.push(payload['id']);
      }
      expect(ids[0]).not.toEqual(ids[1]);
    }),
  );

  it('posts an urlencoded form with invoice_info as JSON text when configured', async () =>
    withReceiver({ cryptocloudPostbackFormat: 'form' }, async (sandbox, receiver) => {
      const invoice = await createCryptocloudInvoice(sandbox, { order_id: 'FORM-1' });
      await sandbox.pay('cryptocloud', String(invoice['uuid']), 'partial');
      const [received] = receiver.received;
      expect(received?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const form = new URLSearchParams(received!.body.toString('utf8'));
      expect([...form.keys()]).toEqual(documented['cryptocloud.postback'].fields);
      expect(form.get('status')).toBe('success');
      expect(form.get('invoice_id')).toBe(String(invoice['uuid']).slice(4));
      expect(form.get('order_id')).toBe('FORM-1');
      expect(form.get('currency')).toBe('USDT_TRC20');
      expect(form.get('amount_crypto')).toBe('50.0');
      const info = JSON.parse(form.get('invoice_info') ?? '') as Postback['invoice_info'];
      expect(info).toMatchObject({ uuid: invoice['uuid'], status: 'partial', amount_paid: 50 });
      const { payload } = await verifyToken(
        form.get('token') ?? '',
        sandbox.credentials.cryptocloud.secretKey,
      );
      expect(payload['id']).toBe(String(invoice['uuid']).slice(4));
    }));

  it('answers a payment that never confirms with 400: CryptoCloud posts only confirmed payments', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const invoice = await createCryptocloudInvoice(sandbox);
      await expect(sandbox.pay('cryptocloud', String(invoice['uuid']), 'unconfirmed')).rejects.toMatchObject({
        status: 400,
      });
      expect(receiver.received).toHaveLength(0);
      expect(sandbox.invoice('cryptocloud', String(invoice['uuid']))?.status).toBe('created');
    }));

  it('moves partial → overpaid, and sends nothing when an invoice is canceled by expiry', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const a = await createCryptocloudInvoice(sandbox);
      expect((await sandbox.pay('cryptocloud', String(a['uuid']), 'partial')).status).toBe('partial');
      expect((await sandbox.pay('cryptocloud', String(a['uuid']), 'over')).status).toBe('overpaid');
      const b = await createCryptocloudInvoice(sandbox);
      expect((await sandbox.expire('cryptocloud', String(b['uuid']).slice(4))).status).toBe('canceled');
      expect(
        receiver.received.map((r) => (JSON.parse(r.body.toString()) as Postback).invoice_info.status),
      ).toEqual(['partial', 'overpaid']);
    }));

  it('expires an invoice by itself when time_to_pay runs out', async () =>
    withReceiver({}, async (sandbox) => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      try {
        const invoice = await createCryptocloudInvoice(sandbox, {
          add_fields: { time_to_pay: { minutes: 1 } },
        });
        jest.advanceTimersByTime(61_000);
        expect(sandbox.invoice('cryptocloud', String(invoice['uuid']))?.status).toBe('canceled');
      } finally {
        jest.useRealTimers();
      }
    }));
});

describe('webhook delivery', () => {
  it('retries a failing receiver after each of retryDelaysMs, with the same bytes, and logs every attempt', async () =>
    withReceiver({ statuses: [500, 500], retryDelaysMs: [20, 20, 20] }, async (sandbox, receiver) => {
      const invoice = await createCoinspaidInvoice(sandbox, 'cryptoprocessing', { timer: true });
      await sandbox.expire('cryptoprocessing', String(invoice['id']));
      expect(receiver.received).toHaveLength(3);
      expect(new Set(receiver.received.map((r) => r.body.toString())).size).toBe(1);
      expect(sandbox.deliveries().map((d) => [d.attempt, d.statusCode, d.ok])).toEqual([
        [1, 500, false],
        [2, 500, false],
        [3, 200, true],
      ]);
      expect(sandbox.deliveries()[0]).toMatchObject({
        provider: 'cryptoprocessing',
        invoiceId: String(invoice['id']),
        event: 'failed',
        url: `${receiver.url}/hook`,
        error: null,
      });
    }));

  it('retries on the documented CoinsPaid schedule, run retryScale times faster', async () =>
    withReceiver({ statuses: [500, 500, 500], retryScale: 6000 }, async (sandbox) => {
      const waits = [1, 5, 15, 30, 60, 90, 120, 180, 240, 240, 240, 240].map((m) => m * 10);
      expect(sandbox.retryDelaysMs.cryptoprocessing).toEqual(waits);
      const invoice = await createCoinspaidInvoice(sandbox, 'cryptoprocessing', { timer: true });
      await sandbox.expire('cryptoprocessing', String(invoice['id']));
      const at = sandbox.deliveries().map((d) => Date.parse(d.at));
      expect(sandbox.deliveries().map((d) => d.statusCode)).toEqual([500, 500, 500, 200]);
      // Timestamps are whole milliseconds and timers may fire a millisecond early.
      at.slice(1).forEach((time, i) => expect(time - at[i]!).toBeGreaterThanOrEqual(waits[i]! - 2));
    }));

  it('sends a CryptoCloud postback once by default: CryptoCloud documents no retries', async () =>
    withReceiver({ statuses: [500] }, async (sandbox) => {
      expect(sandbox.retryDelaysMs.cryptocloud).toEqual([]);
      const invoice = await createCryptocloudInvoice(sandbox);
      await sandbox.pay('cryptocloud', String(invoice['uuid']));
      expect(sandbox.deliveries().map((d) => [d.attempt, d.statusCode])).toEqual([[1, 500]]);
    }));

  it('signs a new CryptoCloud token for every attempt, as documented', async () =>
    withReceiver({ statuses: [500], retryDelaysMs: [1100] }, async (sandbox, receiver) => {
      const invoice = await createCryptocloudInvoice(sandbox);
      await sandbox.pay('cryptocloud', String(invoice['uuid']));
      const tokens = receiver.received.map(
        (r) => (JSON.parse(r.body.toString('utf8')) as { token: string }).token,
      );
      expect(tokens).toHaveLength(2);
      const secret = new TextEncoder().encode(sandbox.credentials.cryptocloud.secretKey);
      const [first, second] = await Promise.all(
        tokens.map(async (token) => (await jwtVerify(token, secret, { algorithms: ['HS256'] })).payload.exp),
      );
      expect(Number(second)).toBeGreaterThan(Number(first));
    }));

  it('waits in idle() for a delivery under way', async () =>
    withReceiver({ statuses: [500], retryDelaysMs: [50] }, async (sandbox) => {
      const invoice = await createCoinspaidInvoice(sandbox, 'alphapo', { timer: true });
      void sandbox.expire('alphapo', String(invoice['id']));
      await sandbox.idle();
      expect(sandbox.deliveries().map((d) => d.ok)).toEqual([false, true]);
    }));

  it('gives up after the schedule and records connection errors', async () => {
    const closed = await startReceiver();
    await closed.close();
    await withReceiver({ webhookUrl: `${closed.url}/hook`, retryDelaysMs: [5, 5] }, async (sandbox) => {
      const data = await createCoinspaidInvoice(sandbox, 'coinspaid', { timer: true });
      const state = await sandbox.expire('coinspaid', String(data['id']));
      expect(state.status).toBe('failed');
      const log = sandbox.deliveries();
      expect(log.map((d) => d.attempt)).toEqual([1, 2, 3]);
      expect(log.every((d) => d.statusCode === null && d.error === 'ECONNREFUSED' && !d.ok)).toBe(true);
    });
  });

  it('routes each provider to its own webhook URL when configured', async () => {
    const receiver = await startReceiver();
    try {
      await withSandbox(
        { webhookUrls: { alphapo: `${receiver.url}/alphapo` }, webhookUrl: `${receiver.url}/default` },
        async (sandbox) => {
          const a = await createCoinspaidInvoice(sandbox, 'alphapo', { timer: true });
          await sandbox.expire('alphapo', String(a['id']));
          const c = await createCoinspaidInvoice(sandbox, 'coinspaid', { timer: true });
          await sandbox.expire('coinspaid', String(c['id']));
          expect(receiver.received.map((r) => r.path)).toEqual(['/alphapo', '/default']);
        },
      );
    } finally {
      await receiver.close();
    }
  });

  it('sends nothing when no webhook URL is configured', async () => {
    await withSandbox({}, async (sandbox) => {
      const data = await createCoinspaidInvoice(sandbox, 'coinspaid', { timer: true });
      expect((await sandbox.pay('coinspaid', String(data['id']))).status).toBe('confirmed');
      expect(sandbox.deliveries()).toEqual([]);
    });
  });
});
