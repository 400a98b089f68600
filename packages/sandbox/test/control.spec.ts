import net from 'node:net';
import type { ContractServer } from '@invoicekit/testkit';
import { contractServer } from '../src';
import {
  coinspaidRequest,
  createCoinspaidInvoice,
  createCryptocloudInvoice,
  del,
  get,
  intent,
  post,
  signedPost,
  tokenPost,
  withReceiver,
  withSandbox,
} from './helpers';

const json = { 'Content-Type': 'application/json' };

describe('control API — invoices', () => {
  it('reads, pays and expires invoices over HTTP, delivering callbacks before answering', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const data = await createCoinspaidInvoice(sandbox, 'cryptoprocessing', { timer: true });
      const id = String(data['id']);
      const read = await get(`${sandbox.url}/_sandbox/cryptoprocessing/invoices/${id}`);
      expect(read.status).toBe(200);
      expect(read.json).toMatchObject({
        provider: 'cryptoprocessing',
        id,
        orderId: data['foreign_id'],
        status: 'pending',
        url: data['url'],
        price: { amount: '100.00000000', currency: 'EUR' },
        payment: { currency: 'BTC', paid: '0.00000000' },
        allowsPartialPayment: false,
      });
      const paid = await post(
        `${sandbox.url}/_sandbox/cryptoprocessing/invoices/${id}/pay`,
        '{"kind":"over"}',
        json,
      );
      expect(paid.status).toBe(200);
      expect(paid.json).toMatchObject({ status: 'confirmed' });
      expect(receiver.received).toHaveLength(2);
      const again = await post(`${sandbox.url}/_sandbox/cryptoprocessing/invoices/${id}/expire`, '', intent);
      expect(again.status).toBe(409);

      const cc = await createCryptocloudInvoice(sandbox);
      const expired = await post(
        `${sandbox.url}/_sandbox/cryptocloud/invoices/${String(cc['uuid'])}/expire`,
        '',
        json,
      );
      expect(expired.json).toMatchObject({ status: 'canceled' });
      const list = await get(`${sandbox.url}/_sandbox/cryptocloud/invoices`);
      expect((list.json as unknown[]).length).toBe(1);
      const deliveries = await get(`${sandbox.url}/_sandbox/deliveries`);
      expect((deliveries.json as Array<{ event: string }>).map((d) => d.event)).toEqual([
        'processing',
        'confirmed',
      ]);
    }));

  it('answers unknown providers, invoices and payment kinds with errors', async () =>
    withSandbox({}, async (sandbox) => {
      expect((await get(`${sandbox.url}/_sandbox/paypal/invoices/1`)).status).toBe(404);
      expect((await get(`${sandbox.url}/_sandbox/alphapo/invoices/1`)).status).toBe(404);
      const data = await createCoinspaidInvoice(sandbox, 'alphapo');
      const bad = await post(
        `${sandbox.url}/_sandbox/alphapo/invoices/${String(data['id'])}/pay`,
        '{"kind":"all"}',
        json,
      );
      expect(bad.status).toBe(400);
      const defaultKind = await post(
        `${sandbox.url}/_sandbox/alphapo/invoices/${String(data['id'])}/pay`,
        '',
        intent,
      );
      expect(defaultKind.json).toMatchObject({ status: 'confirmed', payment: { remaining: '0.00000000' } });
      await expect(sandbox.pay('alphapo', '999')).rejects.toMatchObject({
        name: 'SandboxError',
        status: 404,
      });
    }));

  it('serves the credentials', async () =>
    withSandbox({}, async (sandbox) => {
      expect((await get(`${sandbox.url}/_sandbox/credentials`)).json).toEqual(sandbox.credentials);
    }));
});

describe('control API — faults and request counts', () => {
  it('answers the next create request with an injected reply, then behaves normally', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.coinspaid;
      const inject = await post(
        `${sandbox.url}/_sandbox/coinspaid/faults`,
        JSON.stringify({ kind: 'reply', status: 429, body: '', headers: { 'Retry-After': '7' } }),
        json,
      );
      expect(inject.status).toBe(204);
      expect((await get(`${sandbox.url}/_sandbox/coinspaid/faults`)).json).toEqual({ pending: 1 });
      const body = JSON.stringify(coinspaidRequest());
      const limited = await signedPost(`${creds.baseUrl}/invoices/create`, body, creds);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(sandbox.pendingFaults('coinspaid')).toBe(0);
      expect((await signedPost(`${creds.baseUrl}/invoices/create`, body, creds)).status).toBe(201);
    }));

  it('sends string bodies verbatim and objects as JSON', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptocloud;
      sandbox.injectFault('cryptocloud', { kind: 'reply', status: 503, body: '<html>down</html>' });
      sandbox.injectFault('cryptocloud', { kind: 'reply', status: 200, body: { unexpected: [1, 2, 3] } });
      const first = await tokenPost(`${creds.baseUrl}/v2/invoice/create`, {}, creds.apiKey);
      expect([first.status, first.text]).toEqual([503, '<html>down</html>']);
      expect(first.headers.get('content-type')).toMatch(/^text\/plain/);
      const second = await tokenPost(`${creds.baseUrl}/v2/invoice/create`, {}, creds.apiKey);
      expect([second.status, second.text]).toEqual([200, '{"unexpected":[1,2,3]}']);
      expect(second.headers.get('content-type')).toMatch(/^application\/json/);
    }));

  it('holds the response of a hanging request', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptoprocessing;
      await post(
        `${sandbox.url}/_sandbox/cryptoprocessing/faults`,
        JSON.stringify({ kind: 'hang', ms: 300 }),
        json,
      );
      const started = Date.now();
      const slow = await signedPost(
        `${creds.baseUrl}/invoices/create`,
        JSON.stringify(coinspaidRequest()),
        creds,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      expect(slow.status).toBe(201);
      sandbox.injectFault('cryptoprocessing', { kind: 'hang', ms: 5000 });
      await expect(
        fetch(`${creds.baseUrl}/invoices/create`, {
          method: 'POST',
          body: '{}',
          signal: AbortSignal.timeout(100),
        }),
      ).rejects.toThrow();
    }));

  it('resets the socket of the next request', async () =>
    withSandbox({}, async (sandbox) => {
      sandbox.injectFault('alphapo', { kind: 'reset' });
      const { port } = new URL(sandbox.url);
      const outcome = await new Promise<string>((resolve) => {
        const socket = net.connect(Number(port), '127.0.0.1', () =>
          socket.write(
            'POST /alphapo/api/v2/invoices/create HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}',
          ),
        );
        socket.on('data', () => resolve('answered'));
        socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        socket.on('close', () => resolve('closed'));
      });
      expect(outcome).toBe('ECONNRESET');
      const res = await signedPost(
        `${sandbox.credentials.alphapo.baseUrl}/invoices/create`,
        JSON.stringify(coinspaidRequest()),
        sandbox.credentials.alphapo,
      );
      expect(res.status).toBe(201);
    }));

  it('rejects malformed faults and clears pending ones', async () =>
    withSandbox({}, async (sandbox) => {
      const bad = await post(`${sandbox.url}/_sandbox/coinspaid/faults`, '{"kind":"explode"}', json);
      expect(bad.status).toBe(400);
      sandbox.injectFault('coinspaid', { kind: 'reset' });
      expect((await del(`${sandbox.url}/_sandbox/coinspaid/faults`, intent)).status).toBe(204);
      expect(sandbox.pendingFaults('coinspaid')).toBe(0);
    }));

  it('counts API requests per provider (not pages or control calls) and resets the counts', async () =>
    withSandbox({}, async (sandbox) => {
      const count = async (p: string) =>
        ((await get(`${sandbox.url}/_sandbox/${p}/requests`)).json as { count: number }).count;
      const data = await createCoinspaidInvoice(sandbox, 'coinspaid');
      await post(`${sandbox.credentials.coinspaid.baseUrl}/invoices/create`, '{}');
      await post(`${sandbox.credentials.coinspaid.baseUrl}/nowhere`, '{}');
      await get(String(data['url']));
      await createCryptocloudInvoice(sandbox);
      expect(await count('coinspaid')).toBe(3);
      expect(sandbox.requestCount('coinspaid')).toBe(3);
      expect(await count('cryptocloud')).toBe(1);
      expect(await count('alphapo')).toBe(0);
      expect((await del(`${sandbox.url}/_sandbox/coinspaid/requests`, intent)).status).toBe(204);
      expect(await count('coinspaid')).toBe(0);
      expect(await count('cryptocloud')).toBe(1);
      sandbox.resetRequestCount();
      expect(sandbox.requestCount('cryptocloud')).toBe(0);
    }));
});

describe('contractServer', () => {
  it('maps testkit stubs onto faults and counts', async () =>
    withSandbox({}, async (sandbox) => {
      const server: ContractServer = contractServer(sandbox, 'cryptocloud');
      await server.stub('createInvoice', { kind: 'reply', status: 500, body: 'down' });
      const creds = sandbox.credentials.cryptocloud;
      expect((await tokenPost(`${creds.baseUrl}/v2/invoice/create`, {}, creds.apiKey)).status).toBe(500);
      expect(await server.requestCount()).toBe(1);
      await server.reset();
      expect(await server.requestCount()).toBe(0);
      await server.stub('getInvoice', { kind: 'reset' });
      await expect(server.reset()).rejects.toThrow('never used');
      await server.stubSuccess('cancelInvoice');
      expect(sandbox.pendingFaults('cryptocloud')).toBe(0);
      expect(
        ['createInvoice', 'getInvoice', 'cancelInvoice', 'listInvoices'].every((o) =>
          server.serves(o as never),
        ),
      ).toBe(true);
    }));

  it.each(['info', 'canceled', 'list'])(
    'lets a fault answer the next merchant/%s request, before authentication',
    async (path) =>
      withSandbox({}, async (sandbox) => {
        const server = contractServer(sandbox, 'cryptocloud');
        await server.stub('getInvoice', {
          kind: 'reply',
          status: 429,
          body: '',
          headers: { 'Retry-After': '7' },
        });
        const { baseUrl } = sandbox.credentials.cryptocloud;
        const limited = await tokenPost(`${baseUrl}/v2/invoice/merchant/${path}`, {}, 'not-the-key');
        expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
        expect((await tokenPost(`${baseUrl}/v2/invoice/merchant/${path}`, {}, 'not-the-key')).status).toBe(
          403,
        );
        await server.reset();
      }),
  );
});
