import { createHash } from 'node:crypto';
import { createCryptomusProvider, decodeCryptomusConfig } from '@invoicekit/cryptomus';
import { expectRight } from '@invoicekit/testkit';
import type { Sandbox } from '../src';
import { startReceiver, withSandbox, type Receiver } from './helpers';

const sign = (body: string, key: string): string =>
  createHash('md5')
    .update(Buffer.from(body).toString('base64') + key)
    .digest('hex');

/** A provider answer: `{state, result}` or `{state, errors|message}`. */
interface Answer {
  readonly state: number;
  readonly result?: { readonly uuid: string } & Record<string, unknown>;
  readonly errors?: unknown;
  readonly message?: string;
}

/** Posts `body` as the providers' clients do: `merchant` and `sign` headers over the exact bytes. */
const post = async (
  sandbox: Sandbox,
  path: string,
  body: string,
  { signed = body, merchant }: { signed?: string; merchant?: string } = {},
) => {
  const { baseUrl, apiKey, shopId } = sandbox.credentials.heleket;
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', merchant: merchant ?? shopId, sign: sign(signed, apiKey) },
    body,
  });
  return { status: res.status, body: (await res.json()) as Answer };
};

/** Creates an invoice over the API and gives its uuid. */
const createdUuid = async (sandbox: Sandbox, body: string): Promise<string> => {
  const { result } = (await post(sandbox, '/v1/payment', body)).body;
  if (result === undefined) throw new Error('the create was refused');
  return result.uuid;
};

const adapterFor = (sandbox: Sandbox) =>
  createCryptomusProvider(
    expectRight(
      decodeCryptomusConfig({ provider: 'heleket', ...sandbox.credentials.heleket, environment: 'sandbox' }),
    ),
  );

const withReceiver = async <A>(run: (sandbox: Sandbox, receiver: Receiver) => Promise<A>): Promise<A> => {
  const receiver = await startReceiver();
  try {
    return await withSandbox({ webhookUrl: `${receiver.url}/hook` }, (sandbox) => run(sandbox, receiver));
  } finally {
    await receiver.close();
  }
};

const createBody = (orderId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ amount: '25.50', currency: 'USD', order_id: orderId, ...extra });

describe('heleket emulator API', () => {
  it('refuses a wrong merchant or a sign over other bytes with 401', () =>
    withSandbox({}, async (sandbox) => {
      const body = createBody('o-1');
      expect((await post(sandbox, '/v1/payment', body, { merchant: 'someone-else' })).status).toBe(401);
      expect((await post(sandbox, '/v1/payment', body, { signed: `${body} ` })).status).toBe(401);
      expect((await post(sandbox, '/v1/payment', body)).status).toBe(200);
    }));

  it.each([
    ['no body, signed over the empty string (docs, Heleket PHP SDK)', '', ''],
    ['{} signed over the empty string (Cryptomus curl example)', '{}', ''],
    ['[] signed over [] (Cryptomus PHP SDK)', '[]', '[]'],
  ])('accepts a parameterless list call with %s', (_label, body, signed) =>
    withSandbox({}, async (sandbox) => {
      const answer = await post(sandbox, '/v1/payment/list', body, { signed });
      expect(answer).toMatchObject({ status: 200, body: { state: 0, result: { items: [] } } });
    }),
  );

  it('answers validation failures with 422 and an errors map', () =>
    withSandbox({}, async (sandbox) => {
      const answer = await post(
        sandbox,
        '/v1/payment',
        JSON.stringify({ order_id: 'has space', lifetime: 10 }),
      );
      expect(answer.status).toBe(422);
      expect(answer.body).toEqual({
        state: 1,
        errors: {
          amount: ['validation.required'],
          currency: ['validation.required'],
          order_id: ['validation.alpha_dash'],
          lifetime: ['validation.between'],
        },
      });
    }));

  it('reads an invoice by order_id and pages the history with a cursor', () =>
    withSandbox({}, async (sandbox) => {
      for (let i = 0; i < 16; i += 1) await post(sandbox, '/v1/payment', createBody(`page-${i}`));
      const info = await post(sandbox, '/v1/payment/info', JSON.stringify({ order_id: 'page-3' }));
      expect(info.body.result).toMatchObject({
        order_id: 'page-3',
        amount: '25.50000000',
        payment_status: 'check',
        is_final: false,
      });
      const provider = adapterFor(sandbox);
      const first = expectRight(await provider.listInvoices()());
      expect(first.invoices).toHaveLength(15);
      const second = expectRight(await provider.listInvoices({ cursor: first.nextCursor! })());
      expect(second.invoices.map((i) => i.orderId)).toEqual(['page-0']);
      expect(second.nextCursor).toBeNull();
    }));
});

describe('heleket emulator webhooks', () => {
  it('signs them as a PHP server does: slashes escaped, sign last, verified by the adapter', () =>
    withReceiver(async (sandbox, receiver) => {
      const uuid = await createdUuid(
        sandbox,
        createBody('php-1', {
          additional_data: 'https://shop.example/orders/1 — Müller',
          url_callback: `${receiver.url}/own`,
        }),
      );
      await sandbox.pay('heleket', uuid, 'full');
      const last = receiver.received.at(-1)!;
      const text = last.body.toString('utf8');
      expect(last.path).toBe('/own');
      expect(text).toContain('"additional_data":"https:\\/\\/shop.example\\/orders\\/1 — Müller"');
      const at = text.lastIndexOf(',"sign":"');
      expect(text.slice(at + 9, -2)).toBe(sign(`${text.slice(0, at)}}`, sandbox.credentials.heleket.apiKey));
      const event = expectRight(await adapterFor(sandbox).parseWebhook({ headers: {}, body: last.body })());
      expect([event.status, event.received]).toEqual(['paid', { amount: '25.5', currency: 'USDT' }]);
    }));

  it('resends the current state on /v1/payment/resend: the same delivery, the same dedupeKey', () =>
    withReceiver(async (sandbox, receiver) => {
      const uuid = await createdUuid(sandbox, createBody('resend-1'));
      await sandbox.pay('heleket', uuid, 'full');
      const before = receiver.received.length;
      expect((await post(sandbox, '/v1/payment/resend', JSON.stringify({ uuid: uuid }))).body).toEqual({
        state: 0,
        result: [],
      });
      await sandbox.idle();
      const [original, again] = [receiver.received[before - 1]!, receiver.received[before]!];
      const provider = adapterFor(sandbox);
      const keys = await Promise.all(
        [original, again].map(
          async (r) => expectRight(await provider.parseWebhook({ headers: {}, body: r.body })()).dedupeKey,
        ),
      );
      expect(keys[0]).toBe(keys[1]);
    }));

  it('sends a signed test webhook to the given url_callback on /v1/test-webhook/payment', () =>
    withReceiver(async (sandbox, receiver) => {
      const answer = await post(
        sandbox,
        '/v1/test-webhook/payment',
        JSON.stringify({
          url_callback: `${receiver.url}/test`,
          currency: 'USDT',
          network: 'tron',
          status: 'paid',
          order_id: 'test-order',
        }),
      );
      expect(answer.body).toEqual({ state: 0, result: [] });
      await sandbox.idle();
      const last = receiver.received.at(-1)!;
      expect(last.path).toBe('/test');
      const event = expectRight(await adapterFor(sandbox).parseWebhook({ headers: {}, body: last.body })());
      expect([event.orderId, event.providerStatus]).toEqual(['test-order', 'paid']);
      const refused = await post(
        sandbox,
        '/v1/test-webhook/payment',
        JSON.stringify({
          url_callback: `${receiver.url}/test`,
          currency: 'USDT',
          network: 'tron',
          status: 'locked',
        }),
      );
      expect(refused.status).toBe(422);
    }));
});
