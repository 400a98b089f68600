import { createServer } from 'node:http';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import {
  close,
  endlessBody,
  ENDLESS_BYTES,
  expectScrubbed,
  listen,
  type Handler,
  type LoopbackServer,
} from './loopbackServer';
import type { TransportFactory } from './transportSuite';

/** The `HttpTransport` contract against a real loopback server, run once per transport. */
export const describeHttpTransportOnServer = (
  name: string,
  create: TransportFactory,
  server: LoopbackServer,
): void =>
  describe(`${name} (real HTTP server)`, () => {
    const transport = create();
    const { seen, request, run } = server;

    it('sends the exact UTF-8 bytes with their length and reads the answer', async () => {
      const body = '{"name":"Müller","note":"größer € 😀"}';
      server.handle((_req, res) => {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'X-Echo-Length': String(seen[0]!.body.length),
        });
        res.end(JSON.stringify({ echoed: seen[0]!.body.toString('utf8') }));
      });
      const response = expectRight(await run(transport, request({ body })));
      expect(JSON.parse(response.body)).toEqual({ echoed: body });
      expect(seen[0]!.body.equals(Buffer.from(body, 'utf8'))).toBe(true);
      expect(seen[0]!.req.headers['content-length']).toBe(String(Buffer.byteLength(body, 'utf8')));
      expect(response.headers['x-echo-length']).toBe(String(Buffer.byteLength(body, 'utf8')));
    });

    it('returns the body text as sent, invalid UTF-8 decoded to U+FFFD', async () => {
      const bytes = Buffer.concat([Buffer.from('{"a":"é"}', 'utf8'), Buffer.from([0xff])]);
      server.handle((_req, res) => res.end(bytes));
      expect(expectRight(await run(transport, request())).body).toBe(bytes.toString('utf8'));
    });

    it('sends its own Accept and User-Agent and the caller headers', async () => {
      expectRight(
        await run(transport, request({ headers: { 'Content-Type': 'application/json', 'X-Key': 'k' } })),
      );
      const { headers } = seen[0]!.req;
      expect(headers['content-type']).toBe('application/json');
      expect(headers['x-key']).toBe('k');
      expect(headers.accept).toBe('application/json');
      expect(headers['user-agent']).toMatch(/^invoicekit\/\d+\.\d+\.\d+$/);
    });

    it('sends a GET without a body', async () => {
      expectRight(await run(transport, request({ method: 'GET', body: '' })));
      expect(seen[0]!.req.method).toBe('GET');
      expect(seen[0]!.body.length).toBe(0);
      expect(seen[0]!.req.headers['content-length']).toBeUndefined();
    });

    it('joins a repeated response header, Set-Cookie included', async () => {
      server.handle((_req, res) => {
        res.setHeader('Set-Cookie', ['a=1', 'b=2']);
        res.setHeader('X-Multi', ['c', 'd']);
        res.end('{}');
      });
      const { headers } = expectRight(await run(transport, request()));
      expect(headers['set-cookie']).toBe('a=1, b=2');
      expect(headers['x-multi']).toBe('c, d');
    });

    it('returns a redirect as a response and never follows it', async () => {
      server.handle((_req, res) => {
        res.writeHead(307, { Location: server.url('/stolen') });
        res.end();
      });
      const response = expectRight(await run(transport, request()));
      expect(response.status).toBe(307);
      expect(response.headers.location).toBe(server.url('/stolen'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen.map(({ req }) => req.url)).toEqual(['/v2/invoice/create']);
    });

    it('maps a server that never answers to Timeout after timeoutMs', async () => {
      server.handle(() => undefined);
      const started = Date.now();
      const error = expectLeftTag(await run(transport, request({ timeoutMs: 250 })), 'Timeout');
      expect(error).toEqual({
        _tag: 'Timeout',
        provider: 'cryptocloud',
        timeoutMs: 250,
        message: 'cryptocloud did not answer within 250 ms',
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    });

    it('keeps the deadline over the body read: headers sent, body stalled → Timeout', async () => {
      server.handle((_req, res) => {
        res.writeHead(200, { 'Content-Length': '100' });
        res.write('{"partial":');
      });
      expect(expectLeftTag(await run(transport, request({ timeoutMs: 250 })), 'Timeout').timeoutMs).toBe(250);
    });

    it('maps a destroyed socket to NetworkError ECONNRESET', async () => {
      server.handle((req) => req.socket.destroy());
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

    it('stops reading at the cap: a streamed body without a length → UnexpectedResponse', async () => {
      const endless = endlessBody();
      server.handle(endless.handler);
      const capped = create({ maxResponseBytes: 4096 });
      const error = expectLeftTag(await run(capped, request()), 'UnexpectedResponse');
      expect(error).toMatchObject({
        issues: [{ path: '', message: 'response body exceeds the size cap' }],
        bodyExcerpt: '',
      });
      expect(endless.written()).toBeLessThan(ENDLESS_BYTES);
    });

    it('refuses a declared length above the cap', async () => {
      server.handle((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(64 * 1024 + 10) });
        res.end(`{"pad":"${'x'.repeat(64 * 1024)}"}`);
      });
      const capped = create({ maxResponseBytes: 4096 });
      const error = expectLeftTag(await run(capped, request()), 'UnexpectedResponse');
      expect(error.issues).toEqual([{ path: '', message: 'response body exceeds the size cap' }]);
    });

    it('accepts a body exactly at the cap', async () => {
      server.handle((_req, res) => res.end('y'.repeat(4096)));
      const capped = create({ maxResponseBytes: 4096 });
      expect(expectRight(await run(capped, request())).body).toHaveLength(4096);
    });

    it('keeps the connection alive for the next request', async () => {
      const ports: number[] = [];
      const fresh = createServer((req, res) => {
        ports.push(req.socket.remotePort!);
        res.end('{}');
      });
      const url = `http://127.0.0.1:${await listen(fresh)}/x`;
      for (const method of ['POST', 'GET', 'POST'] as const) {
        expectRight(await run(transport, request({ url, method, body: method === 'GET' ? '' : '{}' })));
        // undici returns a connection to its pool a few ticks after the body was read.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await close(fresh);
      expect(ports).toHaveLength(3);
      expect(new Set(ports).size).toBe(1);
    });

    it('never rejects, whatever the failure', async () => {
      const failing: Handler[] = [
        () => undefined,
        (req) => req.socket.destroy(),
        (_req, res) => res.end('{}'),
      ];
      for (const h of failing) {
        server.handle(h);
        await expect(transport(request({ timeoutMs: 150 }))()).resolves.toBeDefined();
      }
      await expect(transport(request({ url: 'http://127.0.0.1:1/x' }))()).resolves.toBeDefined();
      await expect(transport(request({ url: 'not a url' }))()).resolves.toBeDefined();
    });

    it('never puts a request header value into an error', () => {
      expect(server.lefts.length).toBeGreaterThanOrEqual(6);
      for (const error of server.lefts) expectScrubbed(error);
    });
  });
