import http from 'node:http';
import { nockContractServer, useNock, type ContractServer } from '../src';

const BASE_URL = 'http://provider.test/api/v2';

type Answer = { readonly status: number; readonly body: string } | { readonly error: string };

const send = (method: 'GET' | 'POST', path: string, body = ''): Promise<Answer> =>
  new Promise((resolve) => {
    const request = http.request(`${BASE_URL}${path}`, { method }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.name }));
    request.end(body);
  });

useNock();

describe('nockContractServer', () => {
  let server: ContractServer;
  beforeEach(() => {
    server = nockContractServer({
      baseUrl: BASE_URL,
      createPath: '/invoices/create',
      success: { status: 201, body: (request) => `{"created":${request}}` },
      operations: {
        getInvoice: [
          { method: 'GET', path: /^\/invoices\/\d+$/, status: 200, body: (_b, { created }) => `${created}` },
        ],
        cancelInvoice: [
          {
            method: 'POST',
            path: /^\/invoices\/\d+\/cancel$/,
            status: 200,
            body: (_b, { path }) => JSON.stringify({ cancelled: path }),
          },
          { method: 'GET', path: /^\/invoices\/\d+$/, status: 200, body: () => '{"read":"back"}' },
        ],
      },
    });
  });
  afterEach(() => server.reset());

  it('stubs the path of the operation it is given, and only that path', async () => {
    await server.stub('getInvoice', { kind: 'reply', status: 401, body: '{"error":"key"}' });
    expect(await send('GET', '/invoices/create')).toEqual({ error: 'ERR_NOCK_NO_MATCH' });
    expect(await send('GET', '/invoices/826900')).toEqual({ status: 401, body: '{"error":"key"}' });
    expect(await server.requestCount()).toBe(2);
  });

  it('answers a successful call with every request it sends, in order, for the invoice it created', async () => {
    await server.stubSuccess('createInvoice');
    expect(await send('POST', '/invoices/create', '{"foreign_id":"o-1"}')).toEqual({
      status: 201,
      body: '{"created":{"foreign_id":"o-1"}}',
    });
    await server.stubSuccess('getInvoice');
    expect(await send('GET', '/invoices/826900')).toEqual({
      status: 200,
      body: '{"created":{"foreign_id":"o-1"}}',
    });
    await server.stubSuccess('cancelInvoice');
    expect(await send('POST', '/invoices/826900/cancel')).toEqual({
      status: 200,
      body: '{"cancelled":"/invoices/826900/cancel"}',
    });
    expect(await send('GET', '/invoices/826900')).toEqual({ status: 200, body: '{"read":"back"}' });
    expect(await server.requestCount()).toBe(4);
  });

  it('counts a reset socket as a request', async () => {
    await server.stub('createInvoice', { kind: 'reset' });
    expect(await send('POST', '/invoices/create')).toEqual({ error: 'ECONNRESET' });
    expect(await server.requestCount()).toBe(1);
  });

  it('says which operations it serves, and refuses to stub one without a route', async () => {
    expect(
      ['createInvoice', 'getInvoice', 'cancelInvoice', 'listInvoices'].map((o) => server.serves(o as never)),
    ).toEqual([true, true, true, false]);
    await expect(server.stub('listInvoices', { kind: 'reset' })).rejects.toThrow(
      'nockContractServer has no route for listInvoices: add it to operations',
    );
    await expect(server.stubSuccess('listInvoices')).rejects.toThrow('no route for listInvoices');
  });

  it('throws on reset naming each stub never called, then starts clean', async () => {
    await server.stubSuccess('cancelInvoice');
    await server.stub('createInvoice', { kind: 'hang', ms: 10 });
    await send('POST', '/invoices/826900/cancel');
    await expect(server.reset()).rejects.toThrow(
      'stubs never called: cancelInvoice: GET http://provider.test/api/v2 matching /^\\/invoices\\/\\d+$/, ' +
        'createInvoice: POST http://provider.test/api/v2/invoices/create',
    );
    expect(await server.requestCount()).toBe(0);
    expect(await send('POST', '/invoices/create')).toEqual({ error: 'ENETUNREACH' });
  });
});
