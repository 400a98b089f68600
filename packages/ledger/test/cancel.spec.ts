jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import * as TE from 'fp-ts/TaskEither';
import { timeout } from '@invoicekit/core/adapter';
import type { FeedEntry, Ledger } from '../src';
import { drivers, run, runLeft } from './support/harness';
import { eventFor, fakeProvider, money, type FakeProvider } from './support/fakeProvider';
import { exampleRequest } from './support/requests';

const feedOf = async (ledger: Ledger): Promise<ReadonlyArray<FeedEntry>> =>
  (await run(ledger.transitions({ limit: 1000 }))).entries;

describe.each(drivers())('cancelInvoice on $name', (h) => {
  afterAll(() => h.teardown());

  const opened = async (provider: FakeProvider, orderId: string) => {
    const ledger = await h.fresh({ unresolvedAfterMs: 0, staleAfterMs: 0 });
    const invoice = await run(ledger.createInvoice(provider, exampleRequest(orderId)));
    return { ledger, invoice };
  };

  it('cancels at once: records the request and the answer, and releases the order', async () => {
    const provider = fakeProvider('cryptocloud');
    const { ledger, invoice } = await opened(provider, 'c-1');
    await run(ledger.apply(eventFor(invoice, 'pending')));
    const cancelled = await run(ledger.cancelInvoice(provider, { orderId: 'c-1' }));
    expect(cancelled).toMatchObject({
      provider: 'cryptocloud',
      invoiceId: invoice.id,
      orderId: 'c-1',
      cancellation: { provider: 'cryptocloud', id: invoice.id, orderId: 'c-1' },
      applied: true,
      from: 'pending',
      to: 'cancelled',
      raised: [],
      reason: 'pending → cancelled: the provider reports "canceled"',
      position: 3,
      action: 'release',
    });
    expect(provider.calls.cancel).toBe(1);
    expect((await feedOf(ledger)).at(-1)).toMatchObject({
      position: 3,
      cause: 'cancel',
      from: 'pending',
      to: 'cancelled',
      applied: true,
      action: 'release',
    });
    const held = await run(ledger.invoice('cryptocloud', { orderId: 'c-1' }));
    expect(held).toMatchObject({
      status: 'cancelled',
      cancel: { outcome: 'cancelled', answer: 'cancelled at cryptocloud' },
    });
    expect(held!.cancel!.answeredAt!.getTime()).toBeGreaterThanOrEqual(held!.cancel!.requestedAt.getTime());
  });

  it('answers the provider’s later expired or cancelled callback with none', async () => {
    const provider = fakeProvider('cryptocloud');
    const { ledger, invoice } = await opened(provider, 'c-2');
    await run(ledger.cancelInvoice(provider, { invoiceId: invoice.id }));
    for (const status of ['expired', 'cancelled'] as const) {
      expect(
        await run(ledger.apply(eventFor(invoice, status, { failureReason: 'timer_expired' }))),
      ).toMatchObject({ applied: false, to: 'cancelled', position: null, action: 'none' });
    }
    expect((await feedOf(ledger)).map((e) => e.cause)).toEqual(['create', 'cancel']);
  });

  it('records cancelled whatever the provider’s read-back calls it: the merchant asked', async () => {
    const provider = fakeProvider('cryptocloud');
    const { ledger, invoice } = await opened(provider, 'c-3');
    const expiring: FakeProvider = {
      ...provider,
      cancelInvoice: () =>
        TE.right({
          provider: 'cryptocloud',
          id: invoice.id,
          orderId: 'c-3',
          invoice: { ...invoice, status: 'expired', providerStatus: 'canceled' },
        }),
    };
    expect(await run(ledger.cancelInvoice(expiring, { orderId: 'c-3' }))).toMatchObject({
      to: 'cancelled',
      action: 'release',
    });
  });

  it('reads what the provider says was received from its answer', async () => {
    const provider = fakeProvider('cryptocloud');
    const { ledger, invoice } = await opened(provider, 'c-11');
    const paidSome: FakeProvider = {
      ...provider,
      cancelInvoice: () =>
        TE.right({
          provider: 'cryptocloud',
          id: invoice.id,
          orderId: 'c-11',
          invoice: {
            ...invoice,
            status: 'cancelled',
            providerStatus: 'canceled',
            received: money('0.0004', 'BTC'),
          },
        }),
    };
    expect(await run(ledger.cancelInvoice(paidSome, { orderId: 'c-11' }))).toMatchObject({
      to: 'cancelled',
      action: 'review',
    });
    expect(await run(ledger.invoice('cryptocloud', { orderId: 'c-11' }))).toMatchObject({
      received: money('0.0004', 'BTC'),
      invoice: { received: money('0.0004', 'BTC') },
    });
  });

  it('applies nothing when the invoice was paid while the provider answered', async () => {
    const provider = fakeProvider('cryptocloud');
    const { ledger, invoice } = await opened(provider, 'c-12');
    const racing: FakeProvider = {
      ...provider,
      cancelInvoice: (ref) => async () => {
        await run(ledger.apply(eventFor(invoice, 'paid', { received: money('149.9', 'EUR') })));
        return provider.cancelInvoice(ref)();
      },
    };
    expect(await run(ledger.cancelInvoice(racing, { orderId: 'c-12' }))).toMatchObject({
      applied: false,
      from: 'paid',
      to: 'paid',
      position: null,
      action: 'none',
    });
    expect((await feedOf(ledger)).map((e) => [e.to, e.action])).toEqual([
      ['created', 'wait'],
      ['paid', 'fulfil'],
    ]);
    expect(await run(ledger.invoice('cryptocloud', { orderId: 'c-12' }))).toMatchObject({
      status: 'paid',
      cancel: { outcome: 'cancelled' },
    });
  });

  it('asks for review when money was received before the cancel', async () => {
    const provider = fakeProvider('cryptocloud');
    const { ledger, invoice } = await opened(provider, 'c-4');
    await run(ledger.apply(eventFor(invoice, 'partially_paid', { received: money('100', 'EUR') })));
    expect(await run(ledger.cancelInvoice(provider, { orderId: 'c-4' }))).toMatchObject({
      from: 'partially_paid',
      to: 'cancelled',
      action: 'review',
    });
    expect(await run(ledger.invoice('cryptocloud', { orderId: 'c-4' }))).toMatchObject({
      status: 'cancelled',
      received: money('100', 'EUR'),
    });
  });

  it('refuses a closed invoice without calling the provider', async () => {
    const provider = fakeProvider('cryptocloud');
    const { ledger, invoice } = await opened(provider, 'c-5');
    await run(ledger.apply(eventFor(invoice, 'paid', { received: money('149.9', 'EUR') })));
    expect(await runLeft(ledger.cancelInvoice(provider, { orderId: 'c-5' }))).toEqual({
      _tag: 'OrderConflict',
      message: 'Order "c-5" at cryptocloud: already paid; nothing to cancel',
      provider: 'cryptocloud',
      orderId: 'c-5',
    });
    const expired = await run(ledger.createInvoice(provider, exampleRequest('c-6')));
    await run(ledger.apply(eventFor(expired, 'expired', { failureReason: 'timer_expired' })));
    expect(await runLeft(ledger.cancelInvoice(provider, { invoiceId: expired.id }))).toMatchObject({
      _tag: 'OrderConflict',
      message: 'Order "c-6" at cryptocloud: already expired; nothing to cancel',
    });
    expect(provider.calls.cancel).toBe(0);
    expect(await run(ledger.invoice('cryptocloud', { orderId: 'c-5' }))).toMatchObject({ cancel: null });
  });

  it('says which invoice it does not know', async () => {
    const provider = fakeProvider('cryptocloud');
    const { ledger } = await opened(provider, 'c-7');
    expect(await runLeft(ledger.cancelInvoice(provider, { orderId: 'nobody' }))).toMatchObject({
      _tag: 'OrderNotFound',
      message: 'The ledger has no invoice for order "nobody" at cryptocloud',
      orderId: 'nobody',
    });
    expect(await runLeft(ledger.cancelInvoice(provider, { invoiceId: 'inv-x' }))).toMatchObject({
      _tag: 'OrderNotFound',
      message: 'The ledger has no invoice "inv-x" at cryptocloud',
      orderId: '',
    });
    expect(provider.calls.cancel).toBe(0);
  });

  it('records a refusal and changes nothing else', async () => {
    const provider = fakeProvider('cryptocloud', { cancellable: false });
    const { ledger } = await opened(provider, 'c-8');
    expect(await runLeft(ledger.cancelInvoice(provider, { orderId: 'c-8' }))).toMatchObject({
      _tag: 'ProviderFailed',
      provider: 'cryptocloud',
      orderId: 'c-8',
      unresolved: false,
      error: { _tag: 'Unsupported' },
    });
    expect(await run(ledger.invoice('cryptocloud', { orderId: 'c-8' }))).toMatchObject({
      status: 'created',
      cancel: { outcome: 'refused', answer: expect.stringContaining('cancelInvoice') },
    });
    expect((await feedOf(ledger)).map((e) => e.cause)).toEqual(['create']);
  });

  it('records an unanswered cancel as unresolved and leaves the invoice open for callbacks and reconcile', async () => {
    const provider = fakeProvider('cryptocloud');
    const { ledger, invoice } = await opened(provider, 'c-9');
    provider.failNextCancel(timeout('cryptocloud', 5000));
    const failed = await runLeft(ledger.cancelInvoice(provider, { orderId: 'c-9' }));
    expect(failed).toMatchObject({ _tag: 'ProviderFailed', unresolved: true, error: { _tag: 'Timeout' } });
    expect(failed.message).toContain(
      'the cancel may have reached cryptocloud, so the ledger leaves the invoice as it was until a callback or reconcile() tells',
    );
    expect(await run(ledger.invoice('cryptocloud', { orderId: 'c-9' }))).toMatchObject({
      status: 'created',
      cancel: { outcome: 'unresolved', answeredAt: expect.any(Date) },
    });
    provider.settle(invoice.id, 'cancelled');
    expect((await run(ledger.reconcile({ providers: [provider] }))).checked).toMatchObject([
      { invoiceId: invoice.id, result: 'created → cancelled: the provider reports "cancelled"' },
    ]);
  });

  it('cancels an unresolved create by order id, and reconcile no longer re-sends it', async () => {
    const provider = fakeProvider('cryptoprocessing');
    const ledger = await h.fresh({ unresolvedAfterMs: 0, staleAfterMs: 0 });
    provider.failNextCreate({ error: timeout('cryptoprocessing', 5000), created: true });
    await runLeft(ledger.createInvoice(provider, exampleRequest('c-10')));
    expect(await run(ledger.cancelInvoice(provider, { orderId: 'c-10' }))).toMatchObject({
      invoiceId: null,
      from: null,
      to: 'cancelled',
      action: 'release',
    });
    expect(provider.store.byOrder('c-10')).toMatchObject({ status: 'cancelled' });
    expect(await run(ledger.reconcile({ providers: [provider] }))).toMatchObject({
      checked: [],
      stale: [],
    });
    expect(provider.calls.create).toBe(1);
  });
});
