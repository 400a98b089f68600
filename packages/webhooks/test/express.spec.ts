import express from 'express';
import { signPostbackToken } from '@invoicekit/gateway';
import { keepRawBody, webhookMiddleware, type ExpressWebhookOptions } from '../src/express';
import {
  callbackText,
  cryptoprocessing,
  fixtures,
  gateway,
  recordingLogger,
  seeDocs,
  signedCallback,
  testApp,
  AP,
  built,
} from './support';
import fc from 'fast-check';
import {
  arbitraryRequest,
  send,
  sendChunked,
  startLoopback,
  WEBHOOK_STATUSES,
  type LoopbackServer,
} from './servers';
import { createProvider } from '@invoicekit/gateway';

const confirmed = callbackText('coinspaid.invoice.confirmed');

const EXPRESSES: ReadonlyArray<[string, typeof express]> = [
  ['Express 5', express],
  ['Express 4', jest.requireActual<typeof express>('express4')],
];

let server: LoopbackServer;
beforeEach(async () => {
  server = await startLoopback();
});
afterEach(() => server.close());

const options = (extra: Partial<ExpressWebhookOptions> = {}) => {
  const app = testApp();
  const logger = recordingLogger();
  return {
    app,
    logger,
    options: {
      provider: cryptoprocessing(),
      onEvent: app.onEvent,
      logger,
      ...extra,
    } as ExpressWebhookOptions,
  };
};

const postCallback = (path: string, text = confirmed, keys?: { apiKey: string; secretKey: string }) => {
  const { headers, body } = signedCallback(text, keys);
  return send(`${server.url}${path}`, body, headers);
};

describe.each(EXPRESSES)('%s', (_version, express) => {
  describe('webhookMiddleware mounted before express.json()', () => {
    it('reads the raw body itself, and the app keeps parsing JSON elsewhere', async () => {
      const { app, options: o } = options();
      const web = express();
      web.post('/webhooks', webhookMiddleware(o));
      web.use(express.json());
      web.post('/orders', (req, res) => void res.json({ parsed: req.body }));
      server.listen(web);

      expect((await postCallback('/webhooks')).status).toBe(200);
      expect(app.applied.map((e) => e.status)).toEqual(['paid']);
      const order = await send(`${server.url}/orders`, '{"sku":"A-1"}', {
        'content-type': 'application/json',
      });
      expect(JSON.parse(order.text)).toEqual({ parsed: { sku: 'A-1' } });
    });

    it('answers with a Content-Length, never chunked, so head and body go out in one write', async () => {
      const { options: o } = options();
      const web = express();
      web.post('/webhooks', webhookMiddleware(o));
      server.listen(web);
      const applied = await postCallback('/webhooks');
      const refused = await send(`${server.url}/webhooks`, '{}', { 'content-type': 'application/json' });
      expect([
        applied.status,
        applied.headers.get('content-length'),
        applied.headers.get('transfer-encoding'),
      ]).toEqual([200, '0', null]);
      expect([refused.status, refused.headers.get('content-length'), refused.text]).toEqual([
        400,
        String(refused.text.length),
        '{"outcome":"SignatureInvalid"}',
      ]);
    });

    it('behind a route-level express.raw(): takes the Buffer it left', async () => {
      const { app, options: o } = options();
      const web = express();
      web.post('/webhooks', express.raw({ type: () => true }), webhookMiddleware(o));
      web.use(express.json());
      server.listen(web);
      expect((await postCallback('/webhooks')).status).toBe(200);
      expect(app.applied).toHaveLength(1);
    });

    it('answers 405 to other methods when mounted with app.use, and 413 past the limit', async () => {
      const { options: o } = options({ maxBodyBytes: 64 * 1024 });
      const web = express();
      web.use('/webhooks', webhookMiddleware(o));
      server.listen(web);
      const got = await send(`${server.url}/webhooks`, '', {}, 'GET');
      expect([got.status, got.headers.get('allow')]).toEqual([405, 'POST']);
      expect((await send(`${server.url}/webhooks`, 'x'.repeat(64 * 1024 + 1))).status).toBe(413);
      expect(await sendChunked(`${server.url}/webhooks`, 8 * 1024 * 1024)).toBe(413);
      expect((await postCallback('/webhooks')).status).toBe(200);
    });

    it('routes a gateway by a route parameter', async () => {
      const { app, options: o } = options();
      const web = express();
      web.post(
        '/webhooks/:provider',
        webhookMiddleware({
          gateway: gateway(),
          routeBy: (req) => req.params?.provider,
          onEvent: app.onEvent,
          logger: o.logger,
        }),
      );
      server.listen(web);
      expect((await postCallback('/webhooks/ap', confirmed, AP)).status).toBe(200);
      expect((await postCallback('/webhooks/nope', confirmed, AP)).status).toBe(400);
      expect(app.applied.map((e) => e.provider)).toEqual(['alphapo']);
    });
  });

  describe('webhookMiddleware mounted after a global express.json()', () => {
    it('without keepRawBody: answers 500 (so the provider retries) and logs what to change at start-up', async () => {
      const { app, logger, options: o } = options();
      const web = express();
      web.use(express.json());
      web.post('/webhooks', webhookMiddleware(o));
      server.listen(web);

      expect((await postCallback('/webhooks')).status).toBe(500);
      expect(app.seen).toEqual([]);
      expect(logger.lines).toEqual([
        [
          'error',
          'invoicekit webhook answered 500: RawBodyUnavailable: another middleware read the request body before ' +
            'the webhook handler, so its exact bytes are gone: at start-up, mount the webhook route before ' +
            'express.json() / express.urlencoded() / express.text(), or pass { verify: keepRawBody } ' +
            `(from @invoicekit/webhooks/express) to each of them${seeDocs('RawBodyUnavailable')}`,
        ],
      ]);
    });

    it('with express.json({ verify: keepRawBody }): verifies the exact bytes the parser read', async () => {
      const { app, options: o } = options();
      const web = express();
      web.use(express.json({ verify: keepRawBody }));
      web.post('/webhooks', webhookMiddleware(o));
      web.post('/orders', (req, res) => void res.json({ parsed: req.body }));
      server.listen(web);

      // Whitespace the JSON parser drops: re-serialising req.body would break the signature.
      const spaced = confirmed.replace(/,"/g, ', "');
      expect((await postCallback('/webhooks', spaced)).status).toBe(200);
      expect(app.applied.map((e) => e.status)).toEqual(['paid']);
      const order = await send(`${server.url}/orders`, '{"sku":"A-1"}', {
        'content-type': 'application/json',
      });
      expect(JSON.parse(order.text)).toEqual({ parsed: { sku: 'A-1' } });
    });

    it('with express.urlencoded({ verify: keepRawBody }): verifies a form-encoded CryptoCloud postback', async () => {
      const secretKey = 'cc-secret-key-0001';
      const provider = built(
        createProvider({
          provider: 'cryptocloud',
          apiKey: 'cc-api-key',
          shopId: 'shop-1',
          secretKey,
          confirmPostbacks: false,
          allowTestMode: true,
        }),
      );
      const { app, options: o } = options({ provider });
      const web = express();
      web.use(express.json({ verify: keepRawBody }));
      web.use(express.urlencoded({ extended: false, verify: keepRawBody }));
      web.post('/webhooks', webhookMiddleware(o));
      server.listen(web);

      const fields = JSON.parse(fixtures['cryptocloud.postback'].text!) as Record<string, string | number>;
      const form = new URLSearchParams({
        ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])),
        token: await signPostbackToken(String(fields.invoice_id), secretKey),
      });
      const answer = await send(`${server.url}/webhooks`, form.toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(answer.status).toBe(200);
      expect(app.applied.map((e) => [e.invoiceId, e.status, e.received])).toEqual([
        ['INV-89UX09KA', 'paid', { amount: '0.000113', currency: 'BNB' }],
      ]);
    });
  });
});

describe('webhookMiddleware as a plain Node listener', () => {
  it('answers every request with a webhook status and keeps serving', async () => {
    const { options: o } = options({ maxBodyBytes: 2048 });
    server.listen(webhookMiddleware(o));
    await fc.assert(
      fc.asyncProperty(arbitraryRequest, async ({ method, headers, body }) => {
        expect(WEBHOOK_STATUSES).toContain((await send(server.url, body, headers, method)).status);
      }),
      { numRuns: 60 },
    );
    expect((await postCallback('/')).status).toBe(200);
  });

  it('serves node:http directly', async () => {
    const { app, options: o } = options();
    server.listen(webhookMiddleware(o));
    expect((await postCallback('/')).status).toBe(200);
    expect(app.applied).toHaveLength(1);
  });
});
