import dns from 'node:dns';
import { createServer } from 'node:http';
import { brotliCompressSync, createGzip, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import * as E from 'fp-ts/Either';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { createNodeTransport } from '../src/adapter';
import { API_KEY, close, listen, useLoopbackServer, type Handler } from './support/loopbackServer';
import { describeHttpTransportOnServer } from './support/transportServerSuite';

const server = useLoopbackServer();
const { seen, request, run } = server;

describeHttpTransportOnServer('createNodeTransport', createNodeTransport, server);

const CAP_ISSUES = [{ path: '', message: 'response body exceeds the size cap' }];
const UNREADABLE_ISSUES = [{ path: '', message: 'the response could not be read' }];

const encoded =
  (encoding: string, bytes: Buffer): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': encoding });
    res.end(bytes);
  };

/** Writes the status line and headers, then `body` bytes, then resets the connection. */
const resetAfter =
  (headers: Record<string, string>, body: Buffer | string): Handler =>
  (req, res) => {
    res.writeHead(200, headers);
    res.write(body);
    setTimeout(() => req.socket.destroy(), 20);
  };

describe('createNodeTransport (real HTTP server, node:http only)', () => {
  const transport = createNodeTransport();

  it('sends exactly its defaults and the caller headers, and keeps the socket alive', async () => {
    expectRight(
      await run(transport, request({ headers: { 'Content-Type': 'application/json', 'X-Key': 'k' } })),
    );
    expectRight(await run(transport, request({ method: 'GET', body: '' })));
    expect(Object.keys(seen[0]!.req.headers).sort()).toEqual(
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
    expect(seen[0]!.req.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(seen[0]!.req.headers.connection).toBe('keep-alive');
    expect(seen[1]!.req.socket).toBe(seen[0]!.req.socket);
  });

  it('sends its own length, not a caller one, and an empty POST with length 0', async () => {
    expectRight(await run(transport, request({ headers: { 'Content-Length': '999' }, body: '{"a":1}' })));
    expectRight(await run(transport, request({ body: '' })));
    expect(seen.map(({ req }) => req.headers['content-length'])).toEqual(['7', '0']);
    expect(seen[0]!.body.toString('utf8')).toBe('{"a":1}');
  });

  it('keeps a byte-order mark in the body text', async () => {
    const bytes = Buffer.from('\ufeff{"a":"é"}', 'utf8');
    server.handle((_req, res) => res.end(bytes));
    expect(expectRight(await run(transport, request())).body).toBe('\ufeff{"a":"é"}');
  });

  it.each([
    ['gzip', 'gzip', gzipSync],
    ['x-gzip', 'x-gzip', gzipSync],
    ['zlib deflate', 'deflate', deflateSync],
    ['raw deflate', 'deflate', deflateRawSync],
    ['br', 'br', brotliCompressSync],
  ] as const)('decompresses a %s body', async (_name, encoding, compress) => {
    const body = JSON.stringify({ name: 'Müller', pad: 'p'.repeat(20_000) });
    server.handle(encoded(encoding, compress(Buffer.from(body, 'utf8'))));
    const response = expectRight(await run(transport, request()));
    expect(response.body).toBe(body);
    expect(response.headers['content-encoding']).toBe(encoding);
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)(
    'counts the cap on the decompressed %s body, keeping the status',
    async (encoding, compress) => {
      const compressed = compress(Buffer.from('y'.repeat(64 * 1024)));
      expect(compressed.length).toBeLessThan(4096);
      server.handle(encoded(encoding, compressed));
      const capped = createNodeTransport({ maxResponseBytes: 4096 });
      expect(expectLeftTag(await run(capped, request()), 'UnexpectedResponse')).toMatchObject({
        status: 200,
        issues: CAP_ISSUES,
        bodyExcerpt: '',
      });
      expect(expectRight(await run(createNodeTransport(), request())).body).toHaveLength(64 * 1024);
    },
  );

  it('stops decompressing an endless gzip stream at the cap', async () => {
    let written = 0;
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' });
      const gzip = createGzip();
      gzip.pipe(res);
      const chunk = Buffer.alloc(64 * 1024);
      const pump = (): void => {
        while (written < 256 * 1024 * 1024 && !res.destroyed && gzip.write(chunk)) written += chunk.length;
        if (written < 256 * 1024 * 1024 && !res.destroyed) gzip.once('drain', pump);
      };
      res.on('close', () => gzip.destroy());
      pump();
    });
    const capped = createNodeTransport({ maxResponseBytes: 4096 });
    expect(expectLeftTag(await run(capped, request()), 'UnexpectedResponse').issues).toEqual(CAP_ISSUES);
    expect(written).toBeLessThan(256 * 1024 * 1024);
  });

  it('maps a body that does not decompress to UnexpectedResponse with its status', async () => {
    server.handle(encoded('gzip', Buffer.from('{"not":"gzip"}')));
    expect(expectLeftTag(await run(transport, request()), 'UnexpectedResponse')).toMatchObject({
      status: 200,
      issues: UNREADABLE_ISSUES,
    });
  });

  it('returns a body in an encoding it does not know as it came', async () => {
    server.handle(encoded('identity', Buffer.from('{"plain":true}')));
    expect(expectRight(await run(transport, request())).body).toBe('{"plain":true}');
  });

  it('keeps one deadline while the body trickles in, however often bytes arrive', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const tick = setInterval(() => res.write(' '), 30);
      res.on('close', () => clearInterval(tick));
    });
    const started = Date.now();
    expect(expectLeftTag(await run(transport, request({ timeoutMs: 300 })), 'Timeout').timeoutMs).toBe(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('keeps the deadline while a compressed body trickles in', async () => {
    const compressed = gzipSync('{"slow":true}');
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' });
      let at = 0;
      const tick = setInterval(() => {
        if (at < compressed.length - 1) res.write(compressed.subarray(at, (at += 1)));
      }, 30);
      res.on('close', () => clearInterval(tick));
    });
    expectLeftTag(await run(transport, request({ timeoutMs: 200 })), 'Timeout');
  });

  it.each([
    ['a plain body with a length', resetAfter({ 'Content-Length': '1000' }, '{"partial":')],
    ['a plain body without a length', resetAfter({}, '{"partial":')],
    ['a gzip body', resetAfter({ 'Content-Encoding': 'gzip' }, gzipSync('x'.repeat(1000)).subarray(0, 20))],
  ])('maps a connection reset in the middle of %s to NetworkError ECONNRESET', async (_name, handler) => {
    server.handle(handler);
    expect(expectLeftTag(await run(transport, request()), 'NetworkError').code).toBe('ECONNRESET');
  });

  it('reads the final answer after 100 Continue and 103 Early Hints', async () => {
    server.handle((_req, res) => {
      res.writeContinue();
      res.writeEarlyHints({ link: '</app.css>; rel=preload; as=style' });
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end('{"created":true}');
    });
    const response = expectRight(await run(transport, request()));
    expect(response).toMatchObject({ status: 201, body: '{"created":true}' });
    expect(response.headers.link).toBeUndefined();
  });

  it('maps a 101 it never asked for to UnexpectedResponse', async () => {
    server.handle((req) =>
      req.socket.end('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'),
    );
    expect(expectLeftTag(await run(transport, request()), 'UnexpectedResponse')).toMatchObject({
      status: 101,
      issues: UNREADABLE_ISSUES,
    });
  });

  it.each([301, 303, 304, 308])('returns a %i as a response and follows nothing', async (status) => {
    server.handle((_req, res) => {
      res.writeHead(status, { Location: server.url('/elsewhere') });
      res.end(status === 304 ? undefined : '{"moved":true}');
    });
    const response = expectRight(await run(transport, request()));
    expect(response.status).toBe(status);
    expect(response.body).toBe(status === 304 ? '' : '{"moved":true}');
    expect(response.headers.location).toBe(server.url('/elsewhere'));
    expect(seen).toHaveLength(1);
  });

  it('maps an answer that is not HTTP to UnexpectedResponse', async () => {
    server.handle((req) => req.socket.end(`NOT HTTP ${API_KEY}\r\n\r\n`));
    expect(expectLeftTag(await run(transport, request()), 'UnexpectedResponse')).toMatchObject({
      status: 0,
      issues: UNREADABLE_ISSUES,
    });
  });

  it.each(['ENOTFOUND', 'EAI_AGAIN'])('maps a failed name lookup to NetworkError %s', async (code) => {
    const lookup = jest
      .spyOn(dns, 'lookup')
      .mockImplementation(((hostname: string, _options: unknown, callback: (error: Error) => void) =>
        process.nextTick(
          callback,
          Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, hostname }),
        )) as unknown as typeof dns.lookup);
    try {
      const error = expectLeftTag(
        await run(transport, request({ url: `http://${API_KEY}.provider.test/x` })),
        'NetworkError',
      );
      expect(error.code).toBe(code);
      expect(lookup).toHaveBeenCalled();
    } finally {
      lookup.mockRestore();
    }
  });

  it('keeps the TLS failure code of an https URL whose server speaks plain HTTP', async () => {
    const url = server.url('/x').replace('http:', 'https:');
    expect(expectLeftTag(await run(transport, request({ url })), 'NetworkError').code).toMatch(/^E[A-Z]+$/);
    expect(seen).toHaveLength(0);
  });

  it.each(['ftp://127.0.0.1/x', 'not a url'])(
    'maps %s to NetworkError EUNKNOWN without a request',
    async (url) => {
      expect(expectLeftTag(await run(transport, request({ url })), 'NetworkError').code).toBe('EUNKNOWN');
    },
  );

  it('maps a header node refuses to send to NetworkError EUNKNOWN', async () => {
    const error = expectLeftTag(
      await run(transport, request({ headers: { 'X-Key': `${API_KEY}\r\nX-Injected: 1` } })),
      'NetworkError',
    );
    expect(error.code).toBe('EUNKNOWN');
    expect(seen).toHaveLength(0);
  });

  it('opens at most maxSockets connections per host', async () => {
    const ports = new Set<number>();
    const slow = createServer((req, res) => {
      ports.add(req.socket.remotePort!);
      setTimeout(() => res.end('{}'), 30);
    });
    const url = `http://127.0.0.1:${await listen(slow)}/x`;
    const limited = createNodeTransport({ maxSockets: 2 });
    const results = await Promise.all(Array.from({ length: 8 }, () => run(limited, request({ url }))));
    await close(slow);
    expect(results.every(E.isRight)).toBe(true);
    expect(ports.size).toBe(2);
  });

  it('never goes through a proxy named in the environment', async () => {
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };
    process.env.HTTP_PROXY = 'http://127.0.0.1:1';
    process.env.http_proxy = 'http://127.0.0.1:1';
    try {
      expectRight(await run(createNodeTransport(), request()));
      expect(seen[0]!.req.url).toBe('/v2/invoice/create');
    } finally {
      for (const [name, value] of Object.entries(saved))
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
    }
  });
});
