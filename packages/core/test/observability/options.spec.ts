import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { decodeConfig } from '../../src/config';
import { checkOptions, defineProvider } from '../../src/descriptor';
import type { InvoiceProvider } from '../../src/provider';

const descriptor = defineProvider<{ provider: 'acme' }, { provider: 'acme' }>({
  ids: ['acme'],
  decodeConfig: decodeConfig(t.type({ provider: t.literal('acme') })),
  create: () => ({ id: 'acme' }) as InvoiceProvider,
  env: {},
  ownsWebhook: () => false,
  rejectsDuplicateOrders: false,
});

describe('provider options given at run time', () => {
  it('accepts hooks, retries and personal fields', () => {
    const options = {
      hooks: { onRequest: () => undefined },
      retry: { attempts: 3 },
      personalFields: ['phone'],
    };
    expect(checkOptions(options)).toEqual(E.right(options));
    expect(E.isRight(descriptor.configure({ provider: 'acme' }, options))).toBe(true);
  });

  it('refuses unusable ones as InvalidConfig naming each path', () => {
    const bad = {
      hooks: { onRequest: 'log' },
      retry: { attempts: 0, baseDelayMs: -1, deadlineMs: 1.5 },
      personalFields: ['email', 3],
    } as never;
    const result = descriptor.configure({ provider: 'acme' }, bad);
    expect(E.isLeft(result) && result.left.issues.map((i) => i.path)).toEqual([
      'hooks.onRequest',
      'retry.attempts',
      'retry.baseDelayMs',
      'retry.deadlineMs',
      'personalFields',
    ]);
    expect(E.isLeft(checkOptions({ retry: { attempts: 11 } }))).toBe(true);
  });

  it('refuses options whose reading throws', () => {
    const hostile = Object.defineProperty({}, 'hooks', {
      get: () => {
        throw new Error('trap');
      },
    });
    expect(E.isLeft(checkOptions(hostile))).toBe(true);
  });
});
