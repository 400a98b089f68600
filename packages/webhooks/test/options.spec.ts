import * as E from 'fp-ts/Either';
import { DEFAULT_HANDLER_TIMEOUT_MS, type WebhookOptions } from '../src';
import { loggerOf, readOptions } from '../src/options';
import { cryptoprocessing, gateway, recordingLogger } from './support';

const onEvent = async () => undefined;

const problem = (options: unknown): string => {
  const read = readOptions(options as WebhookOptions<string, unknown>);
  return E.isLeft(read) ? read.left.message : 'ok';
};

describe('readOptions', () => {
  it('fills in the defaults', () => {
    const read = readOptions({ provider: cryptoprocessing(), onEvent });
    expect(E.isRight(read) && read.right).toMatchObject({
      maxBodyBytes: null,
      handlerTimeoutMs: DEFAULT_HANDLER_TIMEOUT_MS,
      logger: console,
      onUnsupported: null,
    });
  });

  it.each<[string, unknown, string]>([
    ['not an object', undefined, 'the options must be an object'],
    ['no onEvent', { provider: cryptoprocessing() }, 'onEvent must be a function'],
    [
      'a bad onUnsupported',
      { provider: cryptoprocessing(), onEvent, onUnsupported: 1 },
      'onUnsupported must be',
    ],
    ['a zero limit', { provider: cryptoprocessing(), onEvent, maxBodyBytes: 0 }, 'maxBodyBytes must be'],
    [
      'a fractional limit',
      { provider: cryptoprocessing(), onEvent, maxBodyBytes: 1.5 },
      'maxBodyBytes must be',
    ],
    [
      'a zero deadline',
      { provider: cryptoprocessing(), onEvent, handlerTimeoutMs: 0 },
      'handlerTimeoutMs must be a whole number of milliseconds from 1 to 2147483647',
    ],
    [
      'a fractional deadline',
      { provider: cryptoprocessing(), onEvent, handlerTimeoutMs: 2.5 },
      'handlerTimeoutMs',
    ],
    [
      'an endless deadline',
      { provider: cryptoprocessing(), onEvent, handlerTimeoutMs: Infinity },
      'handlerTimeoutMs',
    ],
    [
      'a deadline a Node timer cannot wait',
      { provider: cryptoprocessing(), onEvent, handlerTimeoutMs: 2 ** 31 },
      'handlerTimeoutMs',
    ],
    [
      'a deadline as text',
      { provider: cryptoprocessing(), onEvent, handlerTimeoutMs: '10000' },
      'handlerTimeoutMs',
    ],
    [
      'a logger without error',
      { provider: cryptoprocessing(), onEvent, logger: { warn: () => 1 } },
      'logger must',
    ],
    ['no source', { onEvent }, 'pass provider (an InvoiceProvider) or gateway'],
    [
      'both sources',
      { provider: cryptoprocessing(), gateway: gateway(), onEvent },
      'either provider or gateway',
    ],
    ['a provider that is not one', { provider: {}, onEvent }, 'provider must be an InvoiceProvider'],
    [
      'a gateway without its provider list',
      { gateway: { ...gateway(), names: undefined }, routeBy: 'credentials', onEvent },
      'pass provider (an InvoiceProvider) or gateway',
    ],
    [
      'a gateway without routeBy',
      { gateway: gateway(), onEvent },
      "routeBy must be 'credentials' or a function",
    ],
  ])('refuses %s', (_name, options, message) => {
    expect(problem(options)).toContain(message);
  });

  it('refuses options it cannot read', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
      },
    );
    expect(problem(hostile)).toBe('invalid webhook handler options: they could not be read');
  });

  it('still finds a usable logger in bad options, else console', () => {
    const logger = recordingLogger();
    expect(loggerOf({ logger })).toBe(logger);
    expect(loggerOf({ logger: {} })).toBe(console);
    expect(loggerOf(null)).toBe(console);
  });
});
