import * as E from 'fp-ts/Either';
import { expectRight } from '@invoicekit/testkit';
import { createAxiosTransport } from '../src/adapter';
import { useLoopbackServer } from './support/loopbackServer';
import { describeHttpTransportOnServer } from './support/transportServerSuite';

const server = useLoopbackServer();
const { seen, request, run } = server;

describeHttpTransportOnServer('createAxiosTransport', createAxiosTransport, server);

describe('createAxiosTransport (real HTTP server, axios only)', () => {
  const transport = createAxiosTransport();

  it('reuses one keep-alive socket for sequential requests', async () => {
    const keepAlive = createAxiosTransport();
    expectRight(await run(keepAlive, request()));
    expectRight(await run(keepAlive, request({ method: 'GET', body: '' })));
    expect(seen).toHaveLength(2);
    expect(seen[1]!.req.socket).toBe(seen[0]!.req.socket);
    expect(seen[1]!.req.socket.remotePort).toBe(seen[0]!.req.socket.remotePort);
    expect(seen[0]!.req.headers.connection).toBe('keep-alive');
  });

  it('sends exactly the request headers and none of axios defaults', async () => {
    expectRight(
      await run(transport, request({ headers: { 'Content-Type': 'application/json', 'X-Key': 'k' } })),
    );
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
  });

  it('keeps each deadline whole when deadlines are reused, and never reuses one that fired', async () => {
    const reusing = createAxiosTransport({ maxSockets: 4 });
    const answered = await Promise.all(Array.from({ length: 12 }, () => run(reusing, request())));
    expect(answered.every(E.isRight)).toBe(true);

    server.handle(() => undefined);
    const started = Date.now();
    const stalled = await Promise.all(
      Array.from({ length: 4 }, () => run(reusing, request({ timeoutMs: 200 }))),
    );
    expect(stalled.map((result) => E.isLeft(result) && result.left._tag)).toEqual(Array(4).fill('Timeout'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    let delayed = 0;
    server.handle((_req, res) => setTimeout(() => res.end(`{"n":${(delayed += 1)}}`), 150));
    const afterTimeouts = await Promise.all(Array.from({ length: 8 }, () => run(reusing, request())));
    expect(afterTimeouts.map((result) => E.isRight(result))).toEqual(Array(8).fill(true));
  });
});
