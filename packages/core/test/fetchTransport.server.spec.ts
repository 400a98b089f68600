import * as E from 'fp-ts/Either';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { createFetchTransport } from '../src/adapter';
import { endlessBody, useLoopbackServer } from './support/loopbackServer';
import { describeHttpTransportOnServer } from './support/transportServerSuite';

const server = useLoopbackServer();
const { seen, request, run } = server;

describeHttpTransportOnServer('createFetchTransport', createFetchTransport, server);

describe('createFetchTransport (real HTTP server, fetch only)', () => {
  const transport = createFetchTransport();

  it('keeps a byte-order mark in the body text', async () => {
    const bytes = Buffer.concat([Buffer.from('\ufeff{"a":"é"}', 'utf8'), Buffer.from([0xff])]);
    server.handle((_req, res) => res.end(bytes));
    expect(expectRight(await run(transport, request())).body).toBe(bytes.toString('utf8'));
  });

  it('adds no content type of its own', async () => {
    expectRight(await run(transport, request({ headers: { 'X-Key': 'k' } })));
    expect(seen[0]!.req.headers['x-key']).toBe('k');
    expect(seen[0]!.req.headers['content-type']).toBeUndefined();
  });

  it('keeps the status of an answer whose streamed body exceeds the cap', async () => {
    server.handle(endlessBody().handler);
    const capped = createFetchTransport({ maxResponseBytes: 4096 });
    expect(expectLeftTag(await run(capped, request()), 'UnexpectedResponse')).toMatchObject({
      status: 200,
      issues: [{ path: '', message: 'response body exceeds the size cap' }],
      bodyExcerpt: '',
    });
  });

  it('maps a GET that carries a body to NetworkError instead of rejecting', async () => {
    await expect(transport(request({ method: 'GET', body: 'a GET cannot carry this' }))()).resolves.toEqual(
      E.left(expect.objectContaining({ _tag: 'NetworkError' })),
    );
  });
});
