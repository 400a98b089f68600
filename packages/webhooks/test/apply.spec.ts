import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { applyEvent, describeCause, startHandler } from '../src/apply';
import { readOptions } from '../src/options';
import { callbackText, cryptoprocessing, signedCallback } from './support';
import type { HandlerResult } from '../src';

const outcomeOf = async (call: () => HandlerResult) => startHandler(call);

describe('startHandler: what counts as applied', () => {
  it.each<[string, () => HandlerResult]>([
    ['a resolved Promise', async () => 'stored'],
    ['a synchronous return', () => undefined],
    ['a Right TaskEither', () => TE.right(1)],
    ['a Right Either', () => E.right(1)],
    ['a Promise of a Right', async () => E.right(1)],
  ])('%s is applied', async (_name, call) => {
    expect(await outcomeOf(call)).toEqual(E.right(undefined));
  });

  it.each<[string, () => HandlerResult, string]>([
    ['a rejected Promise', () => Promise.reject(new Error('db down')), 'it threw: Error: db down'],
    [
      'a synchronous throw',
      () => {
        throw new TypeError('x is undefined');
      },
      'it threw: TypeError: x is undefined',
    ],
    ['a Left TaskEither', () => TE.left('conflict'), 'it returned a Left: conflict'],
    [
      'a Left Either',
      () => E.left({ _tag: 'StorageFailed', message: 'no connection' }),
      'it returned a Left: StorageFailed: no connection',
    ],
    ['a Promise of a Left', async () => E.left(new Error('late')), 'it returned a Left: Error: late'],
  ])('%s failed', async (_name, call, reason) => {
    expect(await outcomeOf(call)).toEqual(E.left({ reason, retryable: true }));
  });

  it.each<[string, () => HandlerResult]>([
    ['a rejection', () => Promise.reject(Object.assign(new Error('NUL in id'), { retryable: false }))],
    ['a Left', () => TE.left({ _tag: 'InvalidInput', message: 'NUL in id', retryable: false })],
  ])('%s whose value says retryable: false is a final failure', async (_name, call) => {
    const outcome = await outcomeOf(call);
    expect(E.isLeft(outcome) && outcome.left.retryable).toBe(false);
  });

  it('runs a TaskEither an async handler returned instead of taking it for success', async () => {
    let ran = false;
    const apply = TE.fromTask(async () => {
      ran = true;
      return 1;
    });
    expect(await outcomeOf((async () => apply) as () => HandlerResult)).toEqual(E.right(undefined));
    expect(ran).toBe(true);
    expect(await outcomeOf((async () => TE.left('busy')) as () => HandlerResult)).toEqual(
      E.left({ reason: 'it returned a Left: busy', retryable: true }),
    );
  });
});

describe('startHandler: settling without a timer', () => {
  it('answers at once, not as a Promise, for a plain return or a synchronous throw', () => {
    expect(startHandler(() => undefined)).toEqual(E.right(undefined));
    expect(startHandler((() => 'stored') as unknown as () => HandlerResult)).toEqual(E.right(undefined));
    expect(
      startHandler(() => {
        throw new Error('db down');
      }),
    ).toEqual(E.left({ reason: 'it threw: Error: db down', retryable: true }));
    expect(startHandler(() => E.right(1))).toBeInstanceOf(Promise);
    expect(startHandler(() => TE.right(1))).toBeInstanceOf(Promise);
  });
});

describe('applyEvent: the deadline', () => {
  const settingsWith = (onEvent: () => HandlerResult, handlerTimeoutMs: number) => {
    const checked = readOptions({ provider: cryptoprocessing(), onEvent, handlerTimeoutMs });
    if (E.isLeft(checked)) throw new Error(checked.left.message);
    return checked.right;
  };
  const verified = async () => {
    const parsed = await cryptoprocessing().parseWebhook(
      signedCallback(callbackText('coinspaid.invoice.confirmed')),
    )();
    if (E.isLeft(parsed)) throw new Error(parsed.left.message);
    return { event: parsed.right, name: null };
  };

  afterEach(() => jest.useRealTimers());

  it('starts no timer for a handler that returned a plain value', async () => {
    const delivery = await verified();
    jest.useFakeTimers();
    const outcome = applyEvent(
      settingsWith(() => undefined, 2000),
      delivery,
    );
    expect(jest.getTimerCount()).toBe(0);
    expect(outcome).toMatchObject({ _tag: 'Applied', event: delivery.event });
  });

  it('counts handlerTimeoutMs from the call, so time the handler spent before returning its Promise counts', async () => {
    const delivery = await verified();
    const started = performance.now();
    const outcome = await applyEvent(
      settingsWith(() => {
        while (performance.now() - started < 150);
        return new Promise<void>(() => undefined);
      }, 200),
      delivery,
    );
    expect(outcome._tag).toBe('HandlerTimedOut');
    expect(performance.now() - started).toBeLessThan(320);
  });
});

describe('describeCause', () => {
  it('describes tagged errors, Errors, strings and other values in one line', () => {
    expect(describeCause({ _tag: 'StorageFailed', provider: 'ledger', message: 'a\nb' })).toBe(
      '[ledger] StorageFailed: a b',
    );
    expect(describeCause(new RangeError('too\n big'))).toBe('RangeError: too big');
    expect(describeCause('plain text')).toBe('plain text');
    expect(describeCause(42)).toBe('a value of type number');
    expect(describeCause(null)).toBe('a value of type null');
  });

  it('never prints an arbitrary object, so nothing the app attached leaks into the log', () => {
    expect(describeCause({ password: 'hunter2' })).toBe('a value of type object');
  });

  it('cuts long reasons', () => {
    expect(describeCause('x'.repeat(1000))).toHaveLength(301);
  });

  it('survives a hostile value', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        getPrototypeOf: () => {
          throw new Error('trap');
        },
      },
    );
    expect(describeCause(hostile)).toBe('a value that cannot be described');
  });
});
