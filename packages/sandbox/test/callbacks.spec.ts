import { CALLBACK_TYPES } from '../src';
import { documented, hmac, post, withReceiver, withSandbox, type Received } from './helpers';

const json = { 'Content-Type': 'application/json' };

const signedBody = (received: Received, keys: { apiKey: string; secretKey: string }) => {
  expect(received.headers['content-type']).toBe('application/json');
  expect(received.headers['x-processing-key']).toBe(keys.apiKey);
  expect(received.headers['x-processing-signature']).toBe(hmac(keys.secretKey, received.body));
  return JSON.parse(received.body.toString('utf8')) as Record<string, unknown>;
};

describe('CoinsPaid platform — callbacks of other types', () => {
  it.each(CALLBACK_TYPES)('sends a signed %s callback shaped like the documented example', async (type) =>
    withReceiver({}, async (sandbox, receiver) => {
      const delivery = await sandbox.sendCallback('alphapo', { type });
      expect(delivery).toMatchObject({ provider: 'alphapo', ok: true, attempt: 1 });
      const body = signedBody(receiver.received[0]!, sandbox.credentials.alphapo);
      expect(Object.keys(body)).toEqual(documented['coinspaid.callback.keys'][type]);
      expect(body['type']).toBe(type);
      expect(body['status']).toBe(type === 'payment_request' ? 'paid' : 'confirmed');
      expect(delivery.event).toBe(`${type}:${String(body['status'])}`);
      expect(delivery.invoiceId).toBe(String(body['id'] ?? body['payment_request_id']));
    }),
  );

  it('sends a payment_request callback with payment_request_id and no root id', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      await sandbox.sendCallback('cryptoprocessing', { type: 'payment_request', status: 'processing' });
      const body = signedBody(receiver.received[0]!, sandbox.credentials.cryptoprocessing);
      expect(body['id']).toBeUndefined();
      expect(body['payment_request_id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(body).toMatchObject({
        status: 'processing',
        payment_request_address: { currency: { iso: 'BTC', network_name: 'bitcoin' } },
        currency_sent: { received_amount: '0' },
      });
    }));

  it('keeps the documented envelope details: transactions, exchange legs, fees', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      await sandbox.sendCallback('coinspaid', { type: 'deposit_exchange', status: 'not_confirmed' });
      await sandbox.sendCallback('coinspaid', { type: 'withdrawal', status: 'pending' });
      const [deposit, withdrawal] = receiver.received.map((r) =>
        signedBody(r, sandbox.credentials.coinspaid),
      );
      expect(deposit).toMatchObject({
        status: 'not_confirmed',
        crypto_address: { currency: 'BTC', convert_to: 'EUR' },
        currency_received: { currency: 'EUR' },
        transactions: [
          { transaction_type: 'blockchain', type: 'deposit', confirmations: '0' },
          { transaction_type: 'exchange', type: 'exchange', currency: 'BTC', currency_to: 'EUR' },
        ],
      });
      expect(withdrawal).toMatchObject({
        status: 'pending',
        foreign_id: expect.stringMatching(/^withdrawal-\d+$/),
        transactions: [{ type: 'withdrawal' }],
        fees: [{ type: 'mining' }, { type: 'withdrawal' }],
      });
    }));

  it('sends them through the control API too', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const res = await post(
        `${sandbox.url}/_sandbox/cryptoprocessing/callbacks`,
        '{"type":"exchange"}',
        json,
      );
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ provider: 'cryptoprocessing', event: 'exchange:confirmed', ok: true });
      expect(signedBody(receiver.received[0]!, sandbox.credentials.cryptoprocessing)['type']).toBe(
        'exchange',
      );
    }));

  it.each([
    ['an unknown type', 'coinspaid', '{"type":"refund"}', 400],
    ['a status the type does not announce', 'coinspaid', '{"type":"exchange","status":"pending"}', 400],
    ['a status that is not a string', 'coinspaid', '{"type":"deposit","status":1}', 400],
    ['CryptoCloud', 'cryptocloud', '{"type":"deposit"}', 400],
    ['an unknown provider', 'paypal', '{"type":"deposit"}', 404],
  ])('refuses %s', async (_label, provider, body, status) =>
    withReceiver({}, async (sandbox, receiver) => {
      const res = await post(`${sandbox.url}/_sandbox/${provider}/callbacks`, body, json);
      expect(res.status).toBe(status);
      expect(receiver.received).toHaveLength(0);
    }),
  );

  it('refuses to send without a webhook URL (409)', async () =>
    withSandbox({}, async (sandbox) => {
      await expect(sandbox.sendCallback('alphapo', { type: 'deposit' })).rejects.toMatchObject({
        name: 'SandboxError',
        status: 409,
      });
    }));
});
