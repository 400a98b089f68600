import Fastify, { type FastifyInstance } from 'fastify';
import { webhookPlugin, type FastifyWebhookOptions } from '../src/fastify';
import {
  AP,
  callbackText,
  cryptoprocessing,
  gateway,
  recordingLogger,
  signedCallback,
  testApp,
} from './support';
import fc from 'fast-check';
import { arbitraryRequest, send, sendChunked, WEBHOOK_STATUSES } from './servers';

const confirmed = callbackText('coinspaid.invoice.confirmed');

let app: FastifyInstance;
let url: string;

const start = async (register: (fastify: FastifyInstance) => void): Promise<void> => {
  app = Fastify();
  register(app);
  url = await app.listen({ port: 0, host: '127.0.0.1' });
};
afterEach(() => app.close());

const options = (extra: Partial<FastifyWebhookOptions> = {}) => {
  const merchant = testApp();
  const logger = recordingLogger();
  return {
    merchant,
    logger,
    options: {
      provider: cryptoprocessing(),
      onEvent: merchant.onEvent,
      logger,
      ...extra,
    } as FastifyWebhookOptions,
  };
};

const postCallback = (path: string, text = confirmed, keys?: { apiKey: string; secretKey: string }) => {
  const { headers, body } = signedCallback(text, keys);
  return send(`${url}${path}`, body, headers);
};

describe('webhookPlugin', () => {
  it("reads the raw body for its route only: the app's other routes keep their JSON parser", async () => {
    const { merchant, options: o } = options();
    await start((fastify) => {
      fastify.post('/orders', async (request) => ({ parsed: request.body }));
      fastify.register(webhookPlugin(o), { prefix: '/webhooks' });
      fastify.post('/later', async (request) => ({ parsed: request.body }));
    });
    const spaced = confirmed.replace(/,"/g, ', "');
    expect((await postCallback('/webhooks', spaced)).status).toBe(200);
    expect(merchant.applied.map((e) => e.status)).toEqual(['paid']);
    for (const path of ['/orders', '/later']) {
      const order = await send(`${url}${path}`, '{"sku":"A-1"}', { 'content-type': 'application/json' });
      expect(JSON.parse(order.text)).toEqual({ parsed: { sku: 'A-1' } });
    }
    const unparsable = await send(`${url}/orders`, 'sku=A-1', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(unparsable.status).toBe(415);
  });

  it('takes any content type, or none, as raw bytes', async () => {
    const { merchant, options: o } = options();
    await start((fastify) => void fastify.register(webhookPlugin(o), { prefix: '/webhooks' }));
    const { headers, body } = signedCallback(confirmed);
    const { 'content-type': _json, ...withoutType } = headers;
    expect((await send(`${url}/webhooks`, body, { ...headers, 'content-type': 'text/plain' })).status).toBe(
      200,
    );
    expect((await send(`${url}/webhooks`, body, withoutType)).status).toBe(200);
    for (const type of ['application/json; charset=utf-8', 'Application/JSON', 'application/json']) {
      expect((await send(`${url}/webhooks`, body, { ...headers, 'content-type': type })).status).toBe(200);
    }
    expect(merchant.applied).toHaveLength(1);
    expect(merchant.seen).toHaveLength(5);
  });

  it('answers 405 to other methods, 400 to an empty POST and 413 past the limit', async () => {
    const { options: o } = options({ maxBodyBytes: 64 * 1024 });
    await start((fastify) => void fastify.register(webhookPlugin(o), { prefix: '/webhooks' }));
    const got = await send(`${url}/webhooks`, '', {}, 'GET');
    expect([got.status, got.headers.get('allow'), got.text]).toEqual([
      405,
      'POST',
      '{"outcome":"MethodNotAllowed"}',
    ]);
    expect((await send(`${url}/webhooks`, '', {}, 'DELETE')).status).toBe(405);
    expect((await send(`${url}/webhooks`, '')).status).toBe(400);
    expect(
      (await send(`${url}/webhooks`, 'x'.repeat(64 * 1024 + 1), { 'content-type': 'application/json' }))
        .status,
    ).toBe(413);
    expect(await sendChunked(`${url}/webhooks`, 8 * 1024 * 1024)).toBe(413);
    expect((await postCallback('/webhooks')).status).toBe(200);
  });

  it('routes a gateway by a path parameter', async () => {
    const merchant = testApp();
    await start(
      (fastify) =>
        void fastify.register(
          webhookPlugin({
            gateway: gateway(),
            path: '/:provider',
            routeBy: (request) => (request.params as { provider?: string }).provider,
            onEvent: merchant.onEvent,
            logger: recordingLogger(),
          }),
          { prefix: '/webhooks' },
        ),
    );
    expect((await postCallback('/webhooks/ap', confirmed, AP)).status).toBe(200);
    expect((await postCallback('/webhooks/cp', confirmed, AP)).status).toBe(400);
    expect(merchant.applied.map((e) => e.provider)).toEqual(['alphapo']);
  });

  it('answers every request with a webhook status and keeps serving', async () => {
    const { options: o } = options({ maxBodyBytes: 2048 });
    await start((fastify) => void fastify.register(webhookPlugin(o), { prefix: '/webhooks' }));
    await fc.assert(
      fc.asyncProperty(arbitraryRequest, async ({ method, headers, body }) => {
        const { status } = await send(`${url}/webhooks`, body, headers, method);
        // Fastify answers 415 itself to a Content-Type header it cannot parse, before any plugin runs.
        expect([...WEBHOOK_STATUSES, 415]).toContain(status);
      }),
      { numRuns: 60 },
    );
    expect((await postCallback('/webhooks')).status).toBe(200);
  });

  it('answers 500 itself when a custom gateway throws while the body limit is worked out', async () => {
    const real = gateway();
    const throwing = {
      ...real,
      provider: () => {
        throw new Error('broken gateway');
      },
    };
    await start(
      (fastify) =>
        void fastify.register(
          webhookPlugin({
            gateway: throwing,
            path: '/:provider',
            routeBy: (request) => (request.params as { provider?: string }).provider,
            onEvent: async () => undefined,
            logger: recordingLogger(),
          }),
          { prefix: '/webhooks' },
        ),
    );
    const answer = await postCallback('/webhooks/cp');
    expect([answer.status, answer.text]).toEqual([500, '{"outcome":"EndpointFailed"}']);
  });

  it('answers 500 when registered with options it cannot use', async () => {
    const logger = recordingLogger();
    await start(
      (fastify) =>
        void fastify.register(
          webhookPlugin({ provider: cryptoprocessing(), logger } as unknown as FastifyWebhookOptions),
          {
            prefix: '/webhooks',
          },
        ),
    );
    expect((await postCallback('/webhooks')).status).toBe(500);
    expect(logger.lines[0]![1]).toContain(
      'EndpointFailed: invalid webhook handler options: onEvent must be a function',
    );
  });
});
