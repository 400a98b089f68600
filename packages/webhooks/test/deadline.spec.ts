import type { InvoiceEvent } from '@invoicekit/gateway';
import { DEFAULT_HANDLER_TIMEOUT_MS, webhookHandler, type HandlerSettings } from '../src';
import { FRAMEWORKS, type Served } from './frameworks';
import { eventually, send } from './servers';
import { callbackText, cryptoprocessing, recordingLogger, seeDocs, signedCallback } from './support';

const confirmed = callbackText('coinspaid.invoice.confirmed');
const deposit = callbackText('coinspaid.deposit');

const never = (): Promise<void> => new Promise<void>(() => undefined);
const after = (ms: number, settle: 'resolve' | 'reject'): Promise<void> =>
  new Promise<void>((resolve, reject) =>
    setTimeout(() => (settle === 'resolve' ? resolve() : reject(new Error('late'))), ms),
  );

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const post = (text: string) => {
  const { headers, body } = signedCallback(text);
  return send(`${served!.url}/webhooks`, body, headers);
};

it('without handlerTimeoutMs, answers after the 2 s default: under the 3 s NOWPayments documents', async () => {
  const handle = webhookHandler({
    provider: cryptoprocessing(),
    onEvent: never,
    logger: recordingLogger(),
  });
  const { headers, body } = signedCallback(confirmed);
  const started = Date.now();
  const response = await handle(
    new Request('https://shop.example/webhooks', { method: 'POST', headers, body }),
  );
  const waited = Date.now() - started;
  expect(response.status).toBe(503);
  expect(waited).toBeGreaterThanOrEqual(DEFAULT_HANDLER_TIMEOUT_MS - 5);
  expect(waited).toBeLessThan(3000);
});

describe.each(FRAMEWORKS)('%s with an onEvent that never settles', (_name, mount) => {
  const serve = async (settings: Omit<HandlerSettings<string>, 'logger'>) => {
    const logger = recordingLogger();
    served = await mount({ provider: cryptoprocessing() }, { logger, ...settings });
    return logger;
  };

  it('answers 503 once handlerTimeoutMs pass, and logs one error line saying so', async () => {
    const keys: string[] = [];
    const logger = await serve({
      onEvent: (event: InvoiceEvent) => {
        keys.push(event.dedupeKey);
        return never();
      },
      handlerTimeoutMs: 100,
    });
    const started = Date.now();
    const answer = await post(confirmed);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect([answer.status, answer.text]).toEqual([503, '{"outcome":"HandlerTimedOut"}']);
    expect(logger.lines).toEqual([
      [
        'error',
        'invoicekit webhook answered 503: [cryptoprocessing] HandlerTimedOut: onEvent did not settle within ' +
          `100 ms (handlerTimeoutMs) for event ${keys[0]}; answered so the provider retries${seeDocs('HandlerTimedOut')}`,
      ],
    ]);
  });

  it('drops a late settlement: no second answer or log line, no crash, and the next delivery is served', async () => {
    const late: Array<Promise<void>> = [];
    let settle: () => Promise<void> = () => after(150, 'reject');
    const logger = await serve({
      onEvent: () => {
        const result = settle();
        late.push(result.catch(() => undefined));
        return result;
      },
      handlerTimeoutMs: 50,
    });
    expect((await post(confirmed)).status).toBe(503);
    settle = () => after(150, 'resolve');
    expect((await post(confirmed)).status).toBe(503);
    await Promise.all(late);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logger.lines.map(([level, line]) => [level, line.split(':')[0]])).toEqual([
      ['error', 'invoicekit webhook answered 503'],
      ['error', 'invoicekit webhook answered 503'],
    ]);
    settle = async () => undefined;
    expect((await post(confirmed)).status).toBe(200);
    expect(logger.lines).toHaveLength(2);
  });

  it('bounds onUnsupported the same way', async () => {
    const logger = await serve({
      onEvent: async () => undefined,
      onUnsupported: never,
      handlerTimeoutMs: 50,
    });
    expect((await post(deposit)).status).toBe(503);
    await eventually(() => logger.lines.length === 1);
    expect(logger.lines[0]![1]).toBe(
      'invoicekit webhook answered 503: [cryptoprocessing] HandlerTimedOut: onUnsupported did not settle ' +
        `within 50 ms (handlerTimeoutMs); answered so the provider retries${seeDocs('HandlerTimedOut')}`,
    );
  });
});
