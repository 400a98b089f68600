import { orderEveryProviderAccepts } from '@invoicekit/testkit';
import { getRequestListener } from '@hono/node-server';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import * as E from 'fp-ts/Either';
import { Hono } from 'hono';
import {
  createGateway,
  signCallback,
  type CreateInvoiceRequest,
  type Gateway,
  type Invoice,
} from '@invoicekit/gateway';
import {
  CALLBACK_TYPES,
  startSandbox,
  type Sandbox,
  type SandboxProviderId,
  type WebhookDelivery,
} from '@invoicekit/sandbox';
import type { OnEvent, WebhookLogger } from '../src';
import { keepRawBody, webhookMiddleware } from '../src/express';
import { webhookPlugin } from '../src/fastify';
import { webhookHandler } from '../src';
import { lineMatching, recordingLogger, testApp, type TestApp } from './support';
import { send, startLoopback, type LoopbackServer } from './servers';

type Name = 'cryptoprocessing' | 'cryptocloud';

interface Endpoint {
  readonly onEvent: OnEvent<Name>;
  readonly logger: WebhookLogger;
  readonly gateway: Gateway<Name>;
}

/** Mounts the webhook endpoint at `/webhooks/:provider` on a loopback server; returns a closer. */
type Mount = (server: LoopbackServer, endpoint: Endpoint) => Promise<() => Promise<void>>;

const byParam = (params: Readonly<Record<string, string | undefined>> | undefined) => params?.provider;

const SERVERS: ReadonlyArray<[string, Mount]> = [
  [
    'Express, webhook route mounted before express.json()',
    async (server, { gateway, onEvent, logger }) => {
      const app = express();
      app.post(
        '/webhooks/:provider',
        webhookMiddleware({ gateway, routeBy: (req) => byParam(req.params), onEvent, logger }),
      );
      app.use(express.json());
      server.listen(app);
      return async () => undefined;
    },
  ],
  [
    'Express, after a global express.json({ verify: keepRawBody })',
    async (server, { gateway, onEvent, logger }) => {
      const app = express();
      app.use(express.json({ verify: keepRawBody }));
      app.post(
        '/webhooks/:provider',
        webhookMiddleware({ gateway, routeBy: (req) => byParam(req.params), onEvent, logger }),
      );
      server.listen(app);
      return async () => undefined;
    },
  ],
  [
    'Fastify plugin',
    async (server, { gateway, onEvent, logger }) => {
      const app: FastifyInstance = Fastify({
        serverFactory: (handler) => {
          server.listen(handler);
          return server.server;
        },
      });
      app.register(
        webhookPlugin({
          gateway,
          path: '/:provider',
          routeBy: (request) => byParam(request.params as Record<string, string>),
          onEvent,
          logger,
        }),
        { prefix: '/webhooks' },
      );
      await app.ready();
      return async () => undefined;
    },
  ],
  [
    'Request/Response handler in Hono on node:http',
    async (server, { gateway, onEvent, logger }) => {
      const handle = webhookHandler({
        gateway,
        routeBy: (request) => new URL(request.url).pathname.split('/').at(-1),
        onEvent,
        logger,
      });
      const app = new Hono();
      app.post('/webhooks/:provider', (c) => handle(c.req.raw));
      server.listen(getRequestListener(app.fetch));
      return async () => undefined;
    },
  ],
];

const bare = (id: string) => id.replace(/^INV-/, '');

describe.each(SERVERS)('%s receives real sandbox deliveries over loopback', (_name, mount) => {
  let server: LoopbackServer;
  let sandbox: Sandbox;
  let gateway: Gateway<Name>;
  let merchant: TestApp;
  let logger: ReturnType<typeof recordingLogger>;
  let unmount: () => Promise<void>;
  let orders = 0;

  beforeAll(async () => {
    server = await startLoopback();
    sandbox = await startSandbox({
      webhookUrls: {
        cryptoprocessing: `${server.url}/webhooks/cryptoprocessing`,
        cryptocloud: `${server.url}/webhooks/cryptocloud`,
      },
      retryDelaysMs: [20, 40, 80],
    });
    const { baseUrl: cpUrl, ...cpKeys } = sandbox.credentials.cryptoprocessing;
    const { baseUrl: ccUrl, ...ccKeys } = sandbox.credentials.cryptocloud;
    const built = createGateway({
      providers: {
        cryptoprocessing: {
          provider: 'cryptoprocessing',
          ...cpKeys,
          baseUrl: cpUrl,
          environment: 'sandbox',
        },
        cryptocloud: { provider: 'cryptocloud', ...ccKeys, baseUrl: ccUrl },
      },
    });
    if (E.isLeft(built)) throw new Error(built.left.message);
    gateway = built.right;
    merchant = testApp();
    logger = recordingLogger();
    unmount = await mount(server, { gateway, onEvent: merchant.onEvent, logger });
  });

  afterAll(async () => {
    await unmount();
    await sandbox.close();
    await server.close();
  });

  const create = async (name: Name, extra: Partial<CreateInvoiceRequest> = {}): Promise<Invoice> => {
    orders += 1;
    const created = await gateway
      .provider(name)
      .createInvoice(orderEveryProviderAccepts(`e2e-${Date.now()}-${orders}`, extra))();
    if (E.isLeft(created)) throw new Error(created.left.message);
    return created.right;
  };

  const deliveriesOf = (provider: SandboxProviderId, invoiceId: string): WebhookDelivery[] =>
    sandbox.deliveries().filter((d) => d.provider === provider && bare(d.invoiceId) === bare(invoiceId));

  const answers = (deliveries: ReadonlyArray<WebhookDelivery>) =>
    deliveries.map((d) => [d.event, d.statusCode]);

  const appliedFor = (invoiceId: string) =>
    merchant.applied.filter((e) => bare(e.invoiceId) === bare(invoiceId)).map((e) => e.status);

  it('paid: every CryptoProcessing callback is answered 200 and applied', async () => {
    const invoice = await create('cryptoprocessing');
    await sandbox.pay('cryptoprocessing', invoice.id, 'full');
    expect(answers(deliveriesOf('cryptoprocessing', invoice.id))).toEqual([
      ['processing', 200],
      ['confirmed', 200],
    ]);
    expect(appliedFor(invoice.id)).toEqual(['processing', 'paid']);
  });

  it('paid: a CryptoCloud postback is confirmed with the API, answered 200 and applied', async () => {
    const invoice = await create('cryptocloud');
    await sandbox.pay('cryptocloud', invoice.id, 'full');
    expect(answers(deliveriesOf('cryptocloud', invoice.id))).toEqual([['paid', 200]]);
    const [event] = merchant.applied.filter((e) => e.invoiceId === invoice.id);
    expect([event?.status, event?.confirmed]).toEqual(['paid', true]);
  });

  it('partial: an instalment is applied as partially_paid and the invoice stays open', async () => {
    const invoice = await create('cryptoprocessing', { allowPartialPayment: true });
    await sandbox.pay('cryptoprocessing', invoice.id, 'partial');
    expect(answers(deliveriesOf('cryptoprocessing', invoice.id))).toEqual([['pending', 200]]);
    expect(appliedFor(invoice.id)).toEqual(['partially_paid']);

    const cloud = await create('cryptocloud');
    await sandbox.pay('cryptocloud', cloud.id, 'partial');
    expect(answers(deliveriesOf('cryptocloud', cloud.id))).toEqual([['partial', 200]]);
    expect(appliedFor(cloud.id)).toEqual(['partially_paid']);
  });

  it('duplicate: the same delivery again is answered 200 and applied once (deduped by dedupeKey)', async () => {
    const invoice = await create('cryptoprocessing');
    await sandbox.pay('cryptoprocessing', invoice.id, 'full');
    const last = deliveriesOf('cryptoprocessing', invoice.id).at(-1)!;
    const { apiKey, secretKey } = sandbox.credentials.cryptoprocessing;
    const again = await send(last.url, last.body, {
      'content-type': last.contentType,
      'x-processing-key': apiKey,
      'x-processing-signature': signCallback(last.body, secretKey),
    });
    expect(again.status).toBe(200);

    const cloud = await create('cryptocloud');
    await sandbox.pay('cryptocloud', cloud.id, 'full');
    const postback = deliveriesOf('cryptocloud', cloud.id).at(-1)!;
    expect((await send(postback.url, postback.body, { 'content-type': postback.contentType })).status).toBe(
      200,
    );

    const keys = merchant.seen.filter(
      (key) => key.includes(bare(invoice.id)) || key.includes(bare(cloud.id)),
    );
    expect(keys).toHaveLength(5);
    expect(new Set(keys).size).toBe(3);
    expect(appliedFor(invoice.id)).toEqual(['processing', 'paid']);
    expect(appliedFor(cloud.id)).toEqual(['paid']);
  });

  it.each(CALLBACK_TYPES)(
    'an authentic %s callback is acknowledged with 200 and not applied',
    async (type) => {
      const before = merchant.seen.length;
      const delivery = await sandbox.sendCallback('cryptoprocessing', { type });
      expect([delivery.statusCode, delivery.attempt]).toEqual([200, 1]);
      expect(merchant.seen).toHaveLength(before);
    },
  );

  it('forged: a callback signed with the wrong key, or a postback pointed at another invoice, is refused with 400', async () => {
    const invoice = await create('cryptoprocessing');
    await sandbox.pay('cryptoprocessing', invoice.id, 'full');
    const real = deliveriesOf('cryptoprocessing', invoice.id).at(-1)!;
    const forgedBody = real.body.replace(/"status":"confirmed"/, '"status":"confirmed","forged":true');
    const forged = await send(real.url, forgedBody, {
      'content-type': real.contentType,
      'x-processing-key': sandbox.credentials.cryptoprocessing.apiKey,
      'x-processing-signature': signCallback(forgedBody, 'not-the-merchant-secret'),
    });
    expect(forged.status).toBe(400);

    const cloud = await create('cryptocloud');
    const other = await create('cryptocloud');
    await sandbox.pay('cryptocloud', cloud.id, 'full');
    const postback = deliveriesOf('cryptocloud', cloud.id).at(-1)!;
    const retargeted = postback.body.replace(
      `"invoice_id":"${bare(cloud.id)}"`,
      `"invoice_id":"${bare(other.id)}"`,
    );
    expect(retargeted).not.toBe(postback.body);
    expect((await send(postback.url, retargeted, { 'content-type': postback.contentType })).status).toBe(400);
    expect(appliedFor(other.id)).toEqual([]);

    const refusals = logger.lines.filter(([, line]) => line.includes('SignatureInvalid'));
    expect(refusals.map(([level]) => level)).toEqual(['warn', 'warn']);
  });

  it('a CryptoCloud postback whose confirmation the API cannot answer gets 503, then the retry is applied', async () => {
    const invoice = await create('cryptocloud');
    // The next CryptoCloud API request is the endpoint's merchant/info confirmation: its socket is reset.
    sandbox.injectFault('cryptocloud', { kind: 'reset' });
    await sandbox.pay('cryptocloud', invoice.id, 'full');
    expect(sandbox.pendingFaults('cryptocloud')).toBe(0);
    expect(answers(deliveriesOf('cryptocloud', invoice.id))).toEqual([
      ['paid', 503],
      ['paid', 200],
    ]);
    expect(appliedFor(invoice.id)).toEqual(['paid']);
    expect(logger.lines.filter(([, line]) => line.includes('ConfirmationFailed'))).toEqual([
      [
        'warn',
        expect.stringMatching(
          lineMatching(
            /^invoicekit webhook answered 503: \[cryptocloud\] ConfirmationFailed: Webhook is authentic but could not be confirmed with cryptocloud: Could not reach cryptocloud \(ECONNRESET\)/,
            'ConfirmationFailed',
          ),
        ),
      ],
    ]);
  });

  it('an onEvent that fails once gets 500, then the retry is applied exactly once', async () => {
    const invoice = await create('cryptoprocessing');
    merchant.failNext(1, (event) => event.invoiceId === invoice.id);
    await sandbox.pay('cryptoprocessing', invoice.id, 'full');
    // Each callback is a delivery of its own, retried on its own schedule: `confirmed` may be answered
    // while `processing` waits for its retry, so the retry is found by its attempt, not its position.
    const attempts = deliveriesOf('cryptoprocessing', invoice.id);
    const attemptsOf = (event: string) =>
      attempts.filter((d) => d.event === event).map((d) => [d.attempt, d.statusCode]);
    expect(attempts).toHaveLength(3);
    expect(attemptsOf('processing')).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect(attemptsOf('confirmed')).toEqual([[1, 200]]);
    const [failed, retried] = attempts.filter((d) => d.event === 'processing');
    expect(retried?.body).toBe(failed?.body);
    const applied = merchant.applied.filter((e) => bare(e.invoiceId) === bare(invoice.id));
    const retriedKey = applied.find((e) => e.status === 'processing')?.dedupeKey;
    expect(merchant.seen.filter((key) => key === retriedKey)).toHaveLength(2);
    expect(applied.map((e) => e.dedupeKey).filter((key) => key === retriedKey)).toHaveLength(1);
    expect(appliedFor(invoice.id).sort()).toEqual(['paid', 'processing']);
  });

  it('logs no credential, whatever it refused', () => {
    const secrets = [
      ...Object.values(sandbox.credentials.cryptoprocessing),
      sandbox.credentials.cryptocloud.apiKey,
      sandbox.credentials.cryptocloud.secretKey,
    ].filter((value) => !value.startsWith('http'));
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const [, line] of logger.lines) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});
