import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import * as E from 'fp-ts/Either';
import {
  createProvider,
  type InvoiceProvider,
  type ProviderConfig,
  type WebhookRequest,
} from '@invoicekit/gateway';
import { PROVIDER_IDS, startSandbox, type Sandbox, type SandboxProviderId } from '@invoicekit/sandbox';
import { expectRight, orderEveryProviderAccepts } from '@invoicekit/testkit';
import { DURATION_BUCKETS, otelHooks } from '../src';

const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
const meterProvider = new MeterProvider({ readers: [reader] });
const contextManager = new AsyncLocalStorageContextManager();

let sandbox: Sandbox;
let receiver: Server;
const received: WebhookRequest[] = [];

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  sandbox = await startSandbox({ webhookUrl: `http://127.0.0.1:${port}/hook` });
});
afterAll(async () => {
  await sandbox.close();
  await new Promise((resolve) => receiver.close(resolve));
  await meterProvider.shutdown();
  context.disable();
});
beforeEach(() => spans.reset());

const instrumented = (id: SandboxProviderId, retry = false): InvoiceProvider => {
  const { baseUrl, ...keys } = sandbox.credentials[id];
  const config = {
    provider: id,
    ...keys,
    baseUrl,
    ...(id === 'cryptocloud' ? {} : { environment: 'sandbox' }),
  };
  const built = createProvider(config as ProviderConfig, {
    hooks: otelHooks({ tracerProvider, meterProvider }),
    ...(retry ? { retry: { attempts: 3, baseDelayMs: 1 } } : {}),
  });
  if (E.isLeft(built)) throw new Error(built.left.message);
  return built.right;
};

const finished = (): ReadableSpan[] => spans.getFinishedSpans();
const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

const durationPoints = async () => {
  await reader.forceFlush();
  const metric = metricExporter
    .getMetrics()
    .at(-1)
    ?.scopeMetrics.flatMap((scope) => scope.metrics)
    .find((m) => m.descriptor.name === 'http.client.request.duration');
  return metric;
};

let order = 0;
const nextOrder = (id: string) => `otel-${id}-${Date.now()}-${(order += 1)}`;

describe.each(PROVIDER_IDS)('%s: spans and the duration metric', (id) => {
  it('makes an operation span with one client span per attempt under it, following the HTTP conventions', async () => {
    const invoice = expectRight(
      await instrumented(id).createInvoice(orderEveryProviderAccepts(nextOrder(id)))(),
    );
    const operation = finished().find((s) => s.name === `${id} createInvoice`)!;
    expect(operation.kind).toBe(SpanKind.INTERNAL);
    expect(operation.attributes).toMatchObject({
      'invoicekit.provider': id,
      'invoicekit.operation': 'createInvoice',
    });
    const clients = finished().filter((s) => s.kind === SpanKind.CLIENT);
    expect(clients.length).toBeGreaterThanOrEqual(1);
    expect(clients.every((s) => parentOf(s) === operation.spanContext().spanId)).toBe(true);
    const create = clients.find((s) => s.attributes['invoicekit.operation'] === 'createInvoice')!;
    const url = new URL(sandbox.url);
    expect(create.name).toBe('POST');
    expect(create.attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': url.hostname,
      'server.port': Number(url.port),
      'url.scheme': 'http',
    });
    expect(create.attributes['http.response.status_code']).toBeGreaterThanOrEqual(200);
    expect(create.attributes['error.type']).toBeUndefined();
    expect(create.attributes['http.request.resend_count']).toBeUndefined();
    expect(String(create.attributes['url.full']).startsWith(sandbox.url)).toBe(true);
    const secrets = Object.entries(sandbox.credentials[id]).filter(
      ([name, v]) => name !== 'baseUrl' && !(id === 'btcpay' && name === 'shopId') && typeof v === 'string',
    );
    const text = JSON.stringify(finished().map((s) => s.attributes));
    for (const [, secret] of secrets) expect(text).not.toContain(secret);
    expect(invoice.provider).toBe(id);
    const metric = await durationPoints();
    expect(metric?.descriptor).toMatchObject({ unit: 's', name: 'http.client.request.duration' });
    const point = metric?.dataPoints.find(
      (p) =>
        p.attributes['server.port'] === Number(url.port) && p.attributes['http.request.method'] === 'POST',
    );
    expect(point?.attributes['error.type']).toBeUndefined();
    const histogram = point?.value as { count: number; sum: number; buckets: { boundaries: number[] } };
    expect(histogram.buckets.boundaries).toEqual(DURATION_BUCKETS);
    expect(histogram.count).toBeGreaterThanOrEqual(1);
    expect(histogram.sum).toBeLessThan(histogram.count * 10);
  });

  it('marks a failed attempt with error.type and a resent one with http.request.resend_count', async () => {
    const refused = { kind: 'reply', status: 503, body: 'down' } as const;
    sandbox.injectFault(id, refused);
    const result = await instrumented(id, true).createInvoice(orderEveryProviderAccepts(nextOrder(id)))();
    sandbox.clearFaults(id);
    const clients = finished().filter((s) => s.kind === SpanKind.CLIENT);
    const failed = clients[0]!;
    expect(failed.attributes['error.type']).toBe('503');
    expect(failed.attributes['http.response.status_code']).toBe(503);
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    const operation = finished().find((s) => s.name === `${id} createInvoice`)!;
    if (E.isLeft(result)) {
      expect(operation.status.code).toBe(SpanStatusCode.ERROR);
      expect(operation.attributes['error.type']).toBe(result.left._tag);
    }
    const resent = clients.filter((s) => s.attributes['http.request.resend_count'] !== undefined);
    // Only Cryptomus and Heleket deduplicate creates by order id, so only they send one again after a 503.
    expect(resent.map((s) => s.attributes['http.request.resend_count'])).toEqual(
      id === 'cryptomus' || id === 'heleket' ? [1] : [],
    );
  });

  it('makes a span per webhook with its outcome', async () => {
    const provider = instrumented(id);
    const refused = await provider.parseWebhook({ headers: {}, body: '{"forged":true}' })();
    expect(E.isLeft(refused)).toBe(true);
    const span = finished().find((s) => s.name === `${id} parseWebhook`)!;
    expect(span.attributes['invoicekit.webhook.outcome']).toBe(E.isLeft(refused) ? refused.left._tag : null);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('a verified webhook', () => {
  it.each(['btcpay', 'cryptocloud', 'coinspaid'] as const)(
    '%s: its span has outcome verified and its confirmation calls under it',
    async (id) => {
      const provider = instrumented(id);
      const invoice = expectRight(await provider.createInvoice(orderEveryProviderAccepts(nextOrder(id)))());
      const from = received.length;
      await sandbox.pay(id, invoice.id, 'full');
      await sandbox.idle();
      spans.reset();
      const webhook = received.slice(from).at(-1)!;
      expectRight(await provider.parseWebhook(webhook)());
      const span = finished().find((s) => s.name === `${id} parseWebhook`)!;
      const confirms = id === 'coinspaid' ? 0 : 1;
      expect(span.attributes).toMatchObject({
        'invoicekit.webhook.outcome': 'verified',
        'invoicekit.webhook.confirmations': confirms,
      });
      expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
      const children = finished().filter((s) => parentOf(s) === span.spanContext().spanId);
      expect(children.length).toBeGreaterThanOrEqual(confirms);
    },
  );
});
