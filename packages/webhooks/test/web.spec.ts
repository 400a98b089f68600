import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { createProvider, type InvoiceEvent, type InvoiceProvider } from '@invoicekit/gateway';
import { webhookHandler, type WebhookHandlerOptions } from '../src';
import {
  AP,
  CP,
  built,
  callbackText,
  cryptoprocessing,
  fixtures,
  gateway,
  lineMatching,
  recordingLogger,
  seeDocs,
  signedCallback,
  testApp,
} from './support';

const URL_BASE = 'https://shop.example/webhooks';

const post = (
  webhook: { readonly headers: Record<string, string>; readonly body: string | Uint8Array },
  path = '',
): Request =>
  new Request(`${URL_BASE}${path}`, { method: 'POST', headers: webhook.headers, body: webhook.body });

const confirmed = callbackText('coinspaid.invoice.confirmed');
const deposit = callbackText('coinspaid.deposit');

const handlerWith = (options: Partial<WebhookHandlerOptions<never>> = {}) => {
  const app = testApp();
  const logger = recordingLogger();
  const handle = webhookHandler({
    provider: cryptoprocessing(),
    onEvent: app.onEvent,
    logger,
    ...options,
  } as WebhookHandlerOptions);
  return { app, logger, handle };
};

const statusOf = async (response: Promise<Response>) => (await response).status;

describe('webhookHandler with one provider', () => {
  it('applies an authentic invoice callback and answers 200', async () => {
    const { app, logger, handle } = handlerWith();
    const response = await handle(post(signedCallback(confirmed)));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(app.applied.map((e) => [e.invoiceId, e.status])).toEqual([['588', 'paid']]);
    expect(logger.lines).toEqual([]);
  });

  it('verifies the exact bytes: a documented body signed by coinspaid-go', async () => {
    const signed = fixtures['coinspaid.deposit_exchange.signed'];
    const { app, handle } = handlerWith({
      provider: built(
        createProvider({
          provider: 'coinspaid',
          apiKey: signed.apiKey ?? '',
          secretKey: signed.secretKey ?? '',
        }),
      ),
    });
    const request = post({
      headers: { 'x-processing-key': signed.apiKey!, 'x-processing-signature': signed.signature! },
      body: new TextEncoder().encode(signed.bodyText!),
    });
    expect(await statusOf(handle(request))).toBe(200);
    expect(app.seen).toEqual([]);
  });

  it('acknowledges an authentic non-invoice callback with 200 without calling onEvent', async () => {
    const { app, logger, handle } = handlerWith();
    const response = await handle(post(signedCallback(deposit)));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(app.seen).toEqual([]);
    expect(logger.lines).toEqual([]);
  });

  it('passes it to onUnsupported when the app opts in, and answers 500 when that fails', async () => {
    const seen: string[] = [];
    const ok = handlerWith({ onUnsupported: (error) => void seen.push(error.eventType) });
    expect(await statusOf(ok.handle(post(signedCallback(deposit))))).toBe(200);
    expect(seen).toEqual(['deposit']);

    const failing = handlerWith({ onUnsupported: () => TE.left('queue full') });
    expect(await statusOf(failing.handle(post(signedCallback(deposit))))).toBe(500);
    expect(failing.logger.lines).toEqual([
      [
        'error',
        'invoicekit webhook answered 500: [cryptoprocessing] ApplyFailed: onUnsupported failed: it returned a Left: queue full' +
          seeDocs('ApplyFailed'),
      ],
    ]);
  });

  it('refuses a forged callback with 400 and logs why, without the keys', async () => {
    const { app, logger, handle } = handlerWith();
    const forged = signedCallback(confirmed.replace('"0.02000000"', '"2.02000000"'), {
      apiKey: CP.apiKey,
      secretKey: 'guessed-secret',
    });
    expect(await statusOf(handle(post(forged)))).toBe(400);
    expect(app.seen).toEqual([]);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]![0]).toBe('warn');
    expect(logger.lines[0]![1]).toMatch(
      lineMatching(
        /^invoicekit webhook answered 400: \[cryptoprocessing\] SignatureInvalid: .+/,
        'SignatureInvalid',
      ),
    );
    expect(logger.lines[0]![1]).not.toContain(CP.secretKey);
    expect(logger.lines[0]![1]).not.toContain(CP.apiKey);
  });

  it('answers 400 to an authentic body it cannot read', async () => {
    const { handle } = handlerWith();
    expect(await statusOf(handle(post(signedCallback('{"type":"invoice","id":'))))).toBe(400);
  });

  it("answers 500 when the app's onEvent fails, then 200 on the retry", async () => {
    const { app, logger, handle } = handlerWith();
    app.failNext(1);
    expect(await statusOf(handle(post(signedCallback(confirmed))))).toBe(500);
    expect(logger.lines).toEqual([
      [
        'error',
        'invoicekit webhook answered 500: [cryptoprocessing] ApplyFailed: onEvent failed for event ' +
          `${app.seen[0]}: it threw: Error: the order database is unavailable${seeDocs('ApplyFailed')}`,
      ],
    ]);
    expect(await statusOf(handle(post(signedCallback(confirmed))))).toBe(200);
    expect(app.applied).toHaveLength(1);
  });

  it('answers 200 and logs an error when onEvent fails with a value that says no retry can succeed', async () => {
    const { logger, handle } = handlerWith({
      onEvent: () => TE.left({ _tag: 'InvalidInput', message: 'invoiceId holds a NUL', retryable: false }),
    });
    expect(await statusOf(handle(post(signedCallback(confirmed))))).toBe(200);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]?.[0]).toBe('error');
    expect(logger.lines[0]?.[1]).toMatch(
      lineMatching(
        /^invoicekit webhook answered 200 without applying: \[cryptoprocessing\] EventRefused: onEvent refused event .* for good .*InvalidInput: invoiceId holds a NUL/,
        'EventRefused',
      ),
    );
  });

  it('takes a TaskEither onEvent: a Left answers 500', async () => {
    const { handle } = handlerWith({ onEvent: () => TE.left({ _tag: 'StorageFailed', message: 'locked' }) });
    expect(await statusOf(handle(post(signedCallback(confirmed))))).toBe(500);
  });

  it('answers 405 with Allow to anything but POST, without reading the body', async () => {
    const { handle } = handlerWith();
    const response = await handle(new Request(URL_BASE, { method: 'GET' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await statusOf(handle(new Request(URL_BASE, { method: 'PUT', body: confirmed })))).toBe(405);
  });

  it('answers 400 to a POST without a body', async () => {
    const { handle } = handlerWith();
    expect(await statusOf(handle(new Request(URL_BASE, { method: 'POST' })))).toBe(400);
  });

  it('answers 413 past maxBodyBytes, declared or streamed', async () => {
    const { handle, logger } = handlerWith({ maxBodyBytes: 1000 });
    expect(await statusOf(handle(post({ headers: {}, body: 'x'.repeat(1001) })))).toBe(413);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        pulled += 1;
        controller.enqueue(new Uint8Array(400));
      },
    });
    const streamed = new Request(URL_BASE, { method: 'POST', body: endless, duplex: 'half' } as RequestInit);
    expect(await statusOf(handle(streamed))).toBe(413);
    expect(pulled).toBeLessThan(10);
    expect(logger.lines[0]).toEqual([
      'warn',
      'invoicekit webhook answered 413: BodyTooLarge: the request body is larger than maxBodyBytes (1000 bytes)' +
        seeDocs('BodyTooLarge'),
    ]);
    const tight = handlerWith({ maxBodyBytes: Buffer.byteLength(confirmed) - 1 });
    expect(await statusOf(tight.handle(post(signedCallback(confirmed))))).toBe(413);
    const roomy = handlerWith({ maxBodyBytes: Buffer.byteLength(confirmed) });
    expect(await statusOf(roomy.handle(post(signedCallback(confirmed))))).toBe(200);
  });

  it('answers 500 when something read the body first', async () => {
    const { handle, logger } = handlerWith();
    const request = post(signedCallback(confirmed));
    await request.text();
    expect(await statusOf(handle(request))).toBe(500);
    expect(logger.lines[0]![1]).toContain('RawBodyUnavailable: the request body was already read');
  });

  it('answers 500 when something locked the body first', async () => {
    const { handle, logger } = handlerWith();
    const request = post(signedCallback(confirmed));
    request.body!.getReader();
    expect(await statusOf(handle(request))).toBe(500);
    expect(logger.lines[0]![1]).toContain('RawBodyUnavailable: the request body was already read');
  });

  it('answers 500 for every delivery when its options are invalid, and says why', async () => {
    const logger = recordingLogger();
    const handle = webhookHandler({
      provider: cryptoprocessing(),
      logger,
    } as unknown as WebhookHandlerOptions);
    expect(await statusOf(handle(post(signedCallback(confirmed))))).toBe(500);
    expect(logger.lines).toEqual([
      [
        'error',
        'invoicekit webhook answered 500: EndpointFailed: invalid webhook handler options: onEvent must be a function' +
          seeDocs('EndpointFailed'),
      ],
    ]);
  });

  it('answers 500 when a custom provider throws instead of returning a Left', async () => {
    const throwing = {
      ...cryptoprocessing(),
      parseWebhook: () => {
        throw new Error('boom');
      },
    } as InvoiceProvider;
    const { handle, app } = handlerWith({ provider: throwing });
    expect(await statusOf(handle(post(signedCallback(confirmed))))).toBe(500);
    expect(app.seen).toEqual([]);
  });

  it("answers 500 when a custom provider's task rejects, and takes a task that answers without a Promise", async () => {
    const rejecting = {
      ...cryptoprocessing(),
      parseWebhook: () => () => Promise.reject(new Error('boom')),
    } as InvoiceProvider;
    const rejected = handlerWith({ provider: rejecting });
    expect(await statusOf(rejected.handle(post(signedCallback(confirmed))))).toBe(500);
    expect(rejected.app.seen).toEqual([]);
    const parsed = await cryptoprocessing().parseWebhook(signedCallback(confirmed))();
    if (E.isLeft(parsed)) throw new Error(parsed.left.message);
    const event = parsed.right;
    const synchronous = { ...cryptoprocessing(), parseWebhook: () => () => E.right(event) };
    const answered = handlerWith({ provider: synchronous as unknown as InvoiceProvider });
    expect(await statusOf(answered.handle(post(signedCallback(confirmed))))).toBe(200);
    expect(answered.app.applied).toEqual([event]);
  });

  it('survives a logger that throws', async () => {
    const { handle } = handlerWith({
      logger: {
        warn: () => {
          throw new Error('log sink down');
        },
        error: () => {
          throw new Error('log sink down');
        },
      },
    });
    expect(await statusOf(handle(post(signedCallback('{}', { apiKey: CP.apiKey, secretKey: 'x' }))))).toBe(
      400,
    );
  });

  it('never rejects, whatever it is given', async () => {
    const { handle } = handlerWith();
    for (const input of [undefined, null, {}, 'POST', { method: 'POST', headers: null }]) {
      expect(await statusOf(handle(input as unknown as Request))).toBe(500);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'GET', 'PATCH', 'DELETE'),
        fc.dictionary(
          fc.constantFrom('x-processing-key', 'x-processing-signature', 'content-type', 'x-other'),
          fc.string().map((s) => s.replace(/[^\x20-\x7e]/g, '')),
        ),
        fc.oneof(fc.string(), fc.uint8Array({ maxLength: 2048 })),
        async (method, headers, body) => {
          const request = new Request(URL_BASE, { method, headers, ...(method === 'GET' ? {} : { body }) });
          const response = await handle(request);
          expect([200, 400, 405, 413, 500, 503]).toContain(response.status);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('webhookHandler with a gateway', () => {
  const byName = (logger = recordingLogger()) => {
    const app = testApp();
    const names: Array<string | null> = [];
    const handle = webhookHandler({
      gateway: gateway(),
      routeBy: (request) => new URL(request.url).pathname.split('/').at(-1),
      onEvent: (event: InvoiceEvent, { name }) => {
        names.push(name);
        return app.onEvent(event);
      },
      logger,
    });
    return { app, names, handle, logger };
  };

  it('routes by the name in the URL and passes it to onEvent', async () => {
    const { handle, names, app } = byName();
    expect(await statusOf(handle(post(signedCallback(confirmed, AP), '/ap')))).toBe(200);
    expect(names).toEqual(['ap']);
    expect(app.applied[0]!.provider).toBe('alphapo');
  });

  it('answers 400 when the URL names a provider the gateway lacks, or the wrong one', async () => {
    const { handle, logger } = byName();
    expect(await statusOf(handle(post(signedCallback(confirmed), '/stripe')))).toBe(400);
    expect(logger.lines[0]![1]).toBe(
      `invoicekit webhook answered 400: NoRoute: no provider is configured under the name "stripe"${seeDocs('NoRoute')}`,
    );
    expect(await statusOf(handle(post(signedCallback(confirmed, AP), '/cp')))).toBe(400);
  });

  it('answers 500 when routeBy throws', async () => {
    const handle = webhookHandler({
      gateway: gateway(),
      routeBy: () => {
        throw new Error('bad route');
      },
      onEvent: async () => undefined,
      logger: recordingLogger(),
    });
    expect(await statusOf(handle(post(signedCallback(confirmed))))).toBe(500);
  });

  it('routes by credentials', async () => {
    const app = testApp();
    const names: Array<string | null> = [];
    const handle = webhookHandler({
      gateway: gateway(),
      routeBy: 'credentials',
      onEvent: (event, { name }) => {
        names.push(name);
        return app.onEvent(event);
      },
      logger: recordingLogger(),
    });
    expect(await statusOf(handle(post(signedCallback(confirmed, AP))))).toBe(200);
    expect(await statusOf(handle(post(signedCallback(confirmed, CP))))).toBe(200);
    expect(names).toEqual(['ap', 'cp']);
    expect(
      await statusOf(handle(post(signedCallback(confirmed, { apiKey: 'someone-else', secretKey: 'x' })))),
    ).toBe(400);
  });
});
