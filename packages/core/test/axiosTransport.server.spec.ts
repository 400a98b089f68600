import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import * as E from 'fp-ts/Either';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { type InvoiceKitFailure } from '../src';
import { createAxiosTransport, type HttpRequest } from '../src/adapter';

const API_KEY = 'ak_live_server_5e6f7a8b9c0d';
const SECRET_HEADER = 'sig_3c2b1a0f9e8d';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler = (_req, res) => res.end('{}');
const seen: IncomingMessage[] = [];
const lefts: InvoiceKitFailure[] = [];

const listen = (s: Server): Promise<number> =>
  new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

const close = (s: Server): Promise<void> =>
  new Promise((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  });

const request = (overrides: Partial<HttpRequest> = {}): HttpRequest => ({
  provider: 'cryptocloud',
  method: 'POST',
  url: `${baseUrl}/v2/invoice/create`,
  headers: {
    'Content-Type': 'application/json',
    Authorization: `Token ${API_KEY}`,
    'X-Signature': SECRET_HEADER,
  },
  body: '{"amount":10}',
  timeoutMs: 2000,
  ...overrides,
});

const run = async (transport: ReturnType<typeof createAxiosTransport>, req: HttpRequest) => {
  const result = await transport(req)();
  if (E.isLeft(result)) lefts.push(result.left);
  return result;
};

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    handler(req, res);
  });
  baseUrl = `http://127.0.0.1:${await listen(server)}`;
});

afterEach(() => {
  seen.length = 0;
  handler = (_req, res) => res.end('{}');
});

afterAll(async () => {
  await close(server);
});

describe('createAxiosTransport (real HTTP server)', () => {
  const transport = createAxiosTransport();

  it('reaches a real server and reads its answer', async () => {
    handler = (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Echo-Length': String(body.length) });
        res.end(JSON.stringify({ echoed: body }));
      });
    };
    const response = expectRight(await run(transport, request({ body: '{"name":"Müller"}' })));
    expect(JSON.parse(response.body)).toEqual({ echoed: '{"name":"Müller"}' });
    expect(response.headers['x-echo-length']).toBe('17');
  });

  it('maps a server that never answers to Timeout after timeoutMs', async () => {
    handler = () => undefined;
    const error = expectLeftTag(await run(transport, request({ timeoutMs: 250 })), 'Timeout');
    expect(error).toEqual({
      _tag: 'Timeout',
      provider: 'cryptocloud',
      timeoutMs: 250,
      message: 'cryptocloud did not answer within 250 ms',
    });
  });

  it('maps a server that sends headers but stalls the body to Timeout', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('{"partial":');
    };
    expect(expectLeftTag(await run(transport, request({ timeoutMs: 250 })), 'Timeout').timeoutMs).toBe(250);
  });

  it('maps a destroyed socket to NetworkError ECONNRESET', async () => {
    handler = (req) => req.socket.destroy();
    expect(expectLeftTag(await run(transport, request()), 'NetworkError').code).toBe('ECONNRESET');
  });

  it('maps a refused port to NetworkError ECONNREFUSED', async () => {
    const spare = createServer();
    const port = await listen(spare);
    await close(spare);
    const error = expectLeftTag(
      await run(transport, request({ url: `http://127.0.0.1:${port}/x` })),
      'NetworkError',
    );
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('maps a body larger than maxResponseBytes to UnexpectedResponse', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`{"pad":"${'x'.repeat(64 * 1024)}"}`);
    };
    const capped = createAxiosTransport({ maxResponseBytes: 4096 });
    const error = expectLeftTag(await run(capped, request()), 'UnexpectedResponse');
    expect(error.issues).toEqual([{ path: '', message: 'response body exceeds the size cap' }]);
  });

  it('accepts a body exactly at the cap', async () => {
    handler = (_req, res) => res.end('y'.repeat(4096));
    const capped = createAxiosTransport({ maxResponseBytes: 4096 });
    expect(expectRight(await run(capped, request())).body).toHaveLength(4096);
  });

  it('reuses one keep-alive socket for sequential requests', async () => {
    const keepAlive = createAxiosTransport();
    handler = (_req, res) => res.end('{}');
    expectRight(await run(keepAlive, request()));
    expectRight(await run(keepAlive, request({ method: 'GET', body: '' })));
    expect(seen).toHaveLength(2);
    expect(seen[1]!.socket).toBe(seen[0]!.socket);
    expect(seen[1]!.socket.remotePort).toBe(seen[0]!.socket.remotePort);
    expect(seen[0]!.headers.connection).toBe('keep-alive');
  });

  it('sends exactly the request headers, with its own Accept and User-Agent and none of axios defaults', async () => {
    expectRight(
      await run(transport, request({ headers: { 'Content-Type': 'application/json', 'X-Key': 'k' } })),
    );
    const { headers } = seen[0]!;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-key']).toBe('k');
    expect(headers.accept).toBe('application/json');
    expect(headers['user-agent']).toMatch(/^invoicekit\/\d+\.\d+\.\d+/);
    expect(Object.keys(headers).sort()).toEqual(
      [
        'accept',
        'accept-encoding',
        'connection',
        'content-length',
        'content-type',
        'host',
        'user-agent',
        'x-key',
      ].sort(),
    );
  });

  it('keeps each deadline whole when deadlines are reused, and never reuses one that fired', async () => {
    const reusing = createAxiosTransport({ maxSockets: 4 });
    handler = (_req, res) => res.end('{}');
    const answered = await Promise.all(Array.from({ length: 12 }, () => run(reusing, request())));
    expect(answered.every(E.isRight)).toBe(true);

    handler = () => undefined;
    const started = Date.now();
    const stalled = await Promise.all(
      Array.from({ length: 4 }, () => run(reusing, request({ timeoutMs: 200 }))),
    );
    expect(stalled.map((result) => E.isLeft(result) && result.left._tag)).toEqual(Array(4).fill('Timeout'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    let delayed = 0;
    handler = (_req, res) => setTimeout(() => res.end(`{"n":${(delayed += 1)}}`), 150);
    const afterTimeouts = await Promise.all(Array.from({ length: 8 }, () => run(reusing, request())));
    expect(afterTimeouts.map((result) => E.isRight(result))).toEqual(Array(8).fill(true));
  });

  it('never rejects, whatever the failure', async () => {
    const failing: Handler[] = [() => undefined, (req) => req.socket.destroy(), (_req, res) => res.end('{}')];
    for (const h of failing) {
      handler = h;
      await expect(transport(request({ timeoutMs: 150 }))()).resolves.toBeDefined();
    }
    await expect(transport(request({ url: 'http://127.0.0.1:1/x' }))()).resolves.toBeDefined();
    await expect(transport(request({ url: 'not a url' }))()).resolves.toBeDefined();
  });

  it('never puts a request header value into an error', () => {
    expect(lefts.length).toBeGreaterThanOrEqual(5);
    for (const error of lefts) {
      for (const printed of [
        JSON.stringify(error),
        inspect(error, { depth: null, showHidden: true }),
        error.message,
      ]) {
        expect(printed).not.toContain(API_KEY);
        expect(printed).not.toContain(SECRET_HEADER);
      }
    }
  });
});
