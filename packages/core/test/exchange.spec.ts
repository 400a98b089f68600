import * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import {
  credentialScrubber,
  jsonClient,
  serializeRequest,
  wireNumber,
  type HttpRequest,
  type HttpTransport,
} from '../src/adapter';
import type { Decimal } from '../src';

const Body = t.strict({ order: t.string, amount: t.unknown });
type Body = t.TypeOf<typeof Body>;
const config = { provider: 'acme', baseUrl: 'https://api.acme.test/v1', timeoutMs: 1234, apiKey: 'k-1' };
type Config = typeof config;
const client = jsonClient<Config, { createInvoice: Body; cancelInvoice: Body }>(
  { createInvoice: '/invoices', cancelInvoice: '/invoices/cancel' },
  ({ apiKey }) =>
    (body) => ({ 'X-Key': apiKey, 'X-Sig': `sig(${body})` }),
);

const recording = (answer: ReturnType<HttpTransport>) => {
  const sent: HttpRequest[] = [];
  const transport: HttpTransport = (request) => {
    sent.push(request);
    return answer;
  };
  return { sent, transport };
};

describe('serializeRequest', () => {
  it('serializes once with the codec, exact digits and only its keys, and keeps the wire value', () => {
    const wire = { order: 'o-1', amount: wireNumber('12345678.123456789' as Decimal), extra: 'dropped' };
    const outgoing = serializeRequest(Body)(wire);
    expect(outgoing.body).toBe('{"order":"o-1","amount":12345678.123456789}');
    expect(outgoing.wire).toBe(wire);
  });
});

describe('jsonClient', () => {
  it('posts the exact body to baseUrl + path with JSON and auth headers, and pairs the answer with its request', async () => {
    const response = { status: 201, headers: {}, body: '{"ok":true}' };
    const { sent, transport } = recording(TE.right(response));
    const request = serializeRequest(Body)({ order: 'o-1', amount: null });
    const exchange = expectRight(
      await client(config, transport, credentialScrubber([])).createInvoice(request)(),
    );
    expect(exchange).toEqual({ request, response });
    expect(sent).toEqual([
      {
        provider: 'acme',
        method: 'POST',
        url: 'https://api.acme.test/v1/invoices',
        headers: { 'Content-Type': 'application/json', 'X-Key': 'k-1', 'X-Sig': `sig(${request.body})` },
        body: request.body,
        timeoutMs: 1234,
        operation: { name: 'createInvoice', idempotent: false },
      },
    ]);
  });

  it('labels each request with its endpoint, idempotent only where the client says so', async () => {
    const { sent, transport } = recording(TE.right({ status: 200, headers: {}, body: '' }));
    const labelled = jsonClient<typeof config, { createInvoice: unknown; cancelInvoice: unknown }>(
      { createInvoice: '/invoices', cancelInvoice: '/invoices/cancel' },
      () => () => ({}),
      ['cancelInvoice'],
    )(config, transport, credentialScrubber([]));
    const body = serializeRequest(Body)({ order: 'o-1', amount: null });
    await labelled.createInvoice(body)();
    await labelled.cancelInvoice(body)();
    expect(sent.map((request) => request.operation)).toEqual([
      { name: 'createInvoice', idempotent: false },
      { name: 'cancelInvoice', idempotent: true },
    ]);
  });

  it('gives every endpoint its own path', async () => {
    const { sent, transport } = recording(TE.right({ status: 200, headers: {}, body: '' }));
    const endpoints = client(config, transport, credentialScrubber([]));
    await endpoints.cancelInvoice(serializeRequest(Body)({ order: 'o-1', amount: null }))();
    expect(sent.map((request) => request.url)).toEqual(['https://api.acme.test/v1/invoices/cancel']);
    expect(Object.keys(endpoints)).toEqual(['createInvoice', 'cancelInvoice']);
  });

  it('scrubs the configured credentials from the answer before the adapter reads it', async () => {
    const { transport } = recording(TE.right({ status: 403, headers: {}, body: 'bad key sk_live_secret' }));
    const send = client(config, transport, credentialScrubber(['sk_live_secret'])).createInvoice;
    const exchange = expectRight(await send(serializeRequest(Body)({ order: 'o', amount: null }))());
    expect(exchange.response.body).toBe('bad key [redacted]');
  });

  it('turns a transport that throws into a NetworkError, never a rejection', async () => {
    const transport: HttpTransport = () => {
      throw new Error('boom');
    };
    const send = client(config, transport, credentialScrubber([])).createInvoice;
    const error = expectLeftTag(
      await send(serializeRequest(Body)({ order: 'o', amount: null }))(),
      'NetworkError',
    );
    expect(error.provider).toBe('acme');
  });
});
