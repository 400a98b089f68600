jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import type { InvoiceStatus } from '@invoicekit/core';
import { LedgerFailure, withPromises, type FeedEntry, type Ledger } from '../src';
import { drivers, run } from './support/harness';
import { eventFor, fakeProvider, money, type EventOptions } from './support/fakeProvider';
import { exampleRequest } from './support/requests';

const full = money('149.9', 'EUR');

type Step = readonly [InvoiceStatus, EventOptions?];

/** Applies the steps to a new order and returns the actions of its feed entries after the create. */
const actionsOf = async (ledger: Ledger, orderId: string, steps: ReadonlyArray<Step>) => {
  const provider = fakeProvider('cryptoprocessing');
  const invoice = await run(ledger.createInvoice(provider, exampleRequest(orderId)));
  const results = [];
  for (const [status, options] of steps)
    results.push(await run(ledger.apply(eventFor(invoice, status, options))));
  const entries = (await run(ledger.transitions({ limit: 1000 }))).entries.filter(
    (e) => e.orderId === orderId && e.cause === 'delivery',
  );
  return { results, entries };
};

const summary = (entries: ReadonlyArray<FeedEntry>) => entries.map((e) => [e.to, e.action]);

describe.each(drivers())('what the shop should do, on $name', (h) => {
  afterAll(() => h.teardown());

  it.each<[string, ReadonlyArray<Step>, ReadonlyArray<[InvoiceStatus | null, string]>]>([
    [
      'pay in full',
      [['processing'], ['paid', { received: full }]],
      [
        ['processing', 'wait'],
        ['paid', 'fulfil'],
      ],
    ],
    ['overpay', [['paid', { received: money('200.5', 'EUR') }]], [['overpaid', 'fulfil']]],
    [
      'pay part, then the rest',
      [
        ['partially_paid', { received: money('100', 'EUR') }],
        ['paid', { received: full }],
      ],
      [
        ['partially_paid', 'wait'],
        ['paid', 'fulfil'],
      ],
    ],
    [
      'underpay and let it end',
      [
        ['partially_paid', { received: money('100', 'EUR') }],
        ['failed', { failureReason: 'underpaid', received: money('100', 'EUR') }],
      ],
      [
        ['partially_paid', 'wait'],
        ['failed', 'review'],
      ],
    ],
    [
      'expire unpaid',
      [['pending'], ['expired', { failureReason: 'timer_expired' }]],
      [
        ['pending', 'wait'],
        ['expired', 'release'],
      ],
    ],
    [
      'pay after expiry',
      [
        ['expired', { failureReason: 'timer_expired' }],
        ['paid', { received: full }],
      ],
      [
        ['expired', 'release'],
        ['expired', 'review'],
      ],
    ],
    ['pay without an amount to check', [['paid']], [['paid', 'review']]],
    ['pay in another currency', [['paid', { received: money('1', 'ETH') }]], [['paid', 'review']]],
    [
      'funds held, then released',
      [
        ['held', { received: full }],
        ['paid', { received: full }],
      ],
      [
        ['held', 'review'],
        ['paid', 'fulfil'],
      ],
    ],
    [
      'refund after paid',
      [['paid', { received: full }], ['refunding'], ['refunded']],
      [
        ['paid', 'fulfil'],
        ['refunding', 'review'],
        ['refunded', 'review'],
      ],
    ],
  ])('%s', async (name, steps, expected) => {
    const ledger = await h.fresh();
    const { entries } = await actionsOf(ledger, name.replaceAll(' ', '-'), steps);
    expect(summary(entries)).toEqual(expected);
  });

  it('keeps what was received through a refund', async () => {
    const ledger = await h.fresh();
    await actionsOf(ledger, 'refund', [
      ['paid', { received: full }],
      ['refunded', { received: money('0', 'EUR') }],
    ]);
    expect(await run(ledger.invoice('cryptoprocessing', { orderId: 'refund' }))).toMatchObject({
      status: 'refunded',
      received: full,
      flags: [],
    });
  });

  it('gives none to a duplicate and to a late or backwards delivery, and fulfils once', async () => {
    const ledger = await h.fresh();
    const { results, entries } = await actionsOf(ledger, 'once', [
      ['paid', { received: full }],
      ['paid', { received: full }],
      ['processing'],
      ['pending', { key: 'late-pending' }],
    ]);
    expect(results.map((r) => [r.duplicate, r.applied, r.action])).toEqual([
      [false, true, 'fulfil'],
      [true, true, 'none'],
      [false, false, 'none'],
      [false, false, 'none'],
    ]);
    expect(summary(entries)).toEqual([['paid', 'fulfil']]);
  });

  it('checks the amount a reconcile read reports, instead of flagging it unchecked', async () => {
    const ledger = await h.fresh();
    const provider = fakeProvider('cryptocloud');
    const exact = await run(ledger.createInvoice(provider, exampleRequest('read-1')));
    const more = await run(ledger.createInvoice(provider, exampleRequest('read-2')));
    const less = await run(ledger.createInvoice(provider, exampleRequest('read-3')));
    provider.settle(exact.id, 'paid', money('0.0013', 'BTC'));
    provider.settle(more.id, 'paid', money('0.0020', 'BTC'));
    provider.settle(less.id, 'paid', money('0.0010', 'BTC'));
    await run(ledger.reconcile({ providers: [provider] }));
    const reads = (await run(ledger.transitions({ limit: 100 }))).entries
      .filter((e) => e.cause === 'reconcile')
      .sort((a, b) => a.orderId!.localeCompare(b.orderId!));
    expect(reads.map((e) => [e.orderId, e.to, e.raised, e.action, e.received])).toEqual([
      ['read-1', 'paid', [], 'fulfil', money('0.0013', 'BTC')],
      ['read-2', 'overpaid', ['overpaid'], 'fulfil', money('0.0020', 'BTC')],
      ['read-3', 'paid', ['underpaid'], 'review', money('0.0010', 'BTC')],
    ]);
  });

  it('runs every operation as a promise that rejects with LedgerFailure', async () => {
    const ledger = withPromises(await h.fresh());
    expect(ledger.mode).toBe('live');
    const provider = fakeProvider('cryptocloud');
    const invoice = await ledger.createInvoice(provider, exampleRequest('p-1'));
    expect(await ledger.onEvent(eventFor(invoice, 'paid', { received: full }))).toMatchObject({
      to: 'paid',
      action: 'fulfil',
    });
    expect(await ledger.apply(eventFor(invoice, 'paid', { received: full }))).toMatchObject({
      duplicate: true,
      action: 'none',
    });
    expect((await ledger.transitions()).entries.map((e) => e.action)).toEqual(['wait', 'fulfil']);
    expect(await ledger.invoice('cryptocloud', { orderId: 'p-1' })).toMatchObject({ status: 'paid' });
    const refused = await ledger.cancelInvoice(provider, { orderId: 'p-1' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LedgerFailure);
    expect(refused).toMatchObject({
      message: 'OrderConflict: Order "p-1" at cryptocloud: already paid; nothing to cancel',
      retryable: true,
      error: { _tag: 'OrderConflict' },
    });
    await expect(ledger.transitions({ limit: 0 })).rejects.toMatchObject({
      retryable: false,
      error: { _tag: 'InvalidInput' },
    });
    const other = await ledger.createInvoice(provider, exampleRequest('p-2'));
    expect(await ledger.cancelInvoice(provider, { invoiceId: other.id })).toMatchObject({
      action: 'release',
    });
    expect(await ledger.recreateInvoice(provider, 'p-2', 'p-3')).toMatchObject({ cancelled: false });
    expect(await ledger.reconcile({ providers: [provider] })).toMatchObject({ failed: [] });
  });
});
