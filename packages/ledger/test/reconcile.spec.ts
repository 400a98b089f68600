jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import { timeout } from '@invoicekit/core/adapter';
import { drivers, run, runLeft } from './support/harness';
import { eventFor, fakeProvider, money } from './support/fakeProvider';
import { exampleRequest } from './support/requests';

describe.each(drivers())('reconcile and recreate on $name', (h) => {
  afterAll(() => h.teardown());

  const now = { unresolvedAfterMs: 0, staleAfterMs: 0 };

  describe('reconcile', () => {
    it('reads open invoices the provider can read and applies what changed', async () => {
      const ledger = await h.fresh(now);
      const provider = fakeProvider('cryptocloud');
      const open = await run(ledger.createInvoice(provider, exampleRequest('order-20')));
      const done = await run(ledger.createInvoice(provider, exampleRequest('order-21')));
      await run(ledger.apply(eventFor(done, 'paid', { received: money('0.0013', 'BTC') })));
      provider.settle(open.id, 'paid');
      const report = await run(ledger.reconcile({ providers: [provider] }));
      expect(report).toEqual({
        checked: [
          {
            provider: 'cryptocloud',
            orderId: 'order-20',
            invoiceId: open.id,
            action: 'read',
            result:
              'created → paid: the provider reports "paid"; the provider reported no received amount to check',
            position: 4,
          },
        ],
        failed: [],
        stale: [],
        more: false,
      });
      expect(provider.calls.get).toBe(1);
      expect(await run(ledger.invoice('cryptocloud', { orderId: 'order-20' }))).toMatchObject({
        status: 'paid',
        flags: ['amount_unchecked'],
      });
      expect((await run(ledger.reconcile({ providers: [provider] }))).checked).toEqual([]);
    });

    it('re-sends a lost create where the provider refuses duplicate order ids', async () => {
      const ledger = await h.fresh(now);
      const provider = fakeProvider('cryptoprocessing');
      provider.failNextCreate({ error: timeout('cryptoprocessing', 5000), created: false });
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-22')));
      const report = await run(ledger.reconcile({ providers: [provider] }));
      expect(report.checked).toEqual([
        {
          provider: 'cryptoprocessing',
          orderId: 'order-22',
          invoiceId: 'inv-order-22',
          action: 'resend',
          result: 'created invoice inv-order-22: the first attempt never reached cryptoprocessing',
          position: null,
        },
      ]);
      expect(await run(ledger.invoice('cryptoprocessing', { orderId: 'order-22' }))).toMatchObject({
        creation: 'created',
        invoiceId: 'inv-order-22',
        status: 'created',
      });
    });

    it('learns that a lost create did arrive, and lets the next callback resolve it', async () => {
      const ledger = await h.fresh(now);
      const provider = fakeProvider('cryptoprocessing');
      provider.failNextCreate({ error: timeout('cryptoprocessing', 5000), created: true });
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-23')));
      const report = await run(ledger.reconcile({ providers: [provider] }));
      expect(report.checked).toMatchObject([
        {
          action: 'resend',
          invoiceId: null,
          result: expect.stringContaining('already has an invoice for this order'),
        },
      ]);
      expect(report.stale).toMatchObject([
        {
          orderId: 'order-23',
          creation: 'exists',
          reason: expect.stringContaining('its next callback resolves it'),
        },
      ]);
      const atProvider = provider.store.byOrder('order-23')!;
      await run(ledger.apply(eventFor(atProvider, 'pending')));
      expect(await run(ledger.invoice('cryptoprocessing', { orderId: 'order-23' }))).toMatchObject({
        creation: 'delivered',
        invoiceId: atProvider.id,
        status: 'pending',
      });
    });

    it('never re-sends where a second invoice could be made, and reports the order stale', async () => {
      const ledger = await h.fresh(now);
      const provider = fakeProvider('cryptocloud');
      provider.failNextCreate({ error: timeout('cryptocloud', 5000), created: true });
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-24')));
      const report = await run(ledger.reconcile({ providers: [provider] }));
      expect(provider.calls.create).toBe(1);
      expect(report.stale).toMatchObject([
        {
          orderId: 'order-24',
          invoiceId: null,
          creation: 'requested',
          reason:
            "the create's answer was never recorded and cryptocloud cannot be asked by order id without risking a second invoice; its next callback resolves it, or recreateInvoice() replaces it",
        },
      ]);
    });

    it('reports open invoices of providers that cannot be read as stale', async () => {
      const ledger = await h.fresh(now);
      const provider = fakeProvider('cryptoprocessing');
      const invoice = await run(ledger.createInvoice(provider, exampleRequest('order-25')));
      const report = await run(ledger.reconcile({ providers: [provider] }));
      expect(report.checked).toEqual([]);
      expect(report.stale).toMatchObject([
        {
          provider: 'cryptoprocessing',
          invoiceId: invoice.id,
          status: 'created',
          reason: expect.stringMatching(
            /^cryptoprocessing cannot be read; only its callbacks move this invoice/,
          ),
        },
      ]);
      const quiet = await h.fresh({ staleAfterMs: 3_600_000 });
      await run(quiet.createInvoice(provider, exampleRequest('order-26')));
      expect((await run(quiet.reconcile({ providers: [provider] }))).stale).toEqual([]);
    });

    it('asks about each invoice once when several reconcilers run at once', async () => {
      const ledger = await h.fresh(now);
      const provider = fakeProvider('cryptocloud');
      for (let i = 0; i < 8; i += 1) await run(ledger.createInvoice(provider, exampleRequest(`order-3${i}`)));
      const reports = await Promise.all(
        [1, 2, 3].map(() => run(ledger.reconcile({ providers: [provider], limit: 8 }))),
      );
      expect(reports.flatMap((r) => r.checked.map((c) => c.orderId)).sort()).toEqual(
        Array.from({ length: 8 }, (_, i) => `order-3${i}`),
      );
      expect(provider.calls.get).toBe(8);
    });

    it('reports a provider read that fails and tries again next time', async () => {
      const ledger = await h.fresh({ ...now, recheckAfterMs: 0 });
      const provider = fakeProvider('cryptocloud');
      await run(ledger.createInvoice(provider, exampleRequest('order-27')));
      await h.sql("UPDATE invoicekit_ledger.invoices SET invoice_id = 'gone' WHERE order_id = 'order-27'");
      const report = await run(ledger.reconcile({ providers: [provider] }));
      expect(report.failed).toMatchObject([
        {
          orderId: 'order-27',
          action: 'read',
          message: '[cryptocloud] NotFound: cryptocloud has no invoice "gone"',
        },
      ]);
      expect((await run(ledger.reconcile({ providers: [provider] }))).failed).toHaveLength(1);
    });
  });

  describe('recreateInvoice', () => {
    it('cancels an unresolved order by order id and creates it again under a new one', async () => {
      const ledger = await h.fresh(now);
      const provider = fakeProvider('cryptoprocessing');
      provider.failNextCreate({ error: timeout('cryptoprocessing', 5000), created: true });
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-40')));
      const recreated = await run(ledger.recreateInvoice(provider, 'order-40', 'order-40-b'));
      expect(recreated).toMatchObject({ cancelled: true, note: 'cancelled at cryptoprocessing' });
      expect(recreated.invoice).toMatchObject({ orderId: 'order-40-b', price: money('149.9', 'EUR') });
      expect(await run(ledger.invoice('cryptoprocessing', { orderId: 'order-40' }))).toMatchObject({
        status: 'cancelled',
        replacedBy: 'order-40-b',
      });
      expect((await run(ledger.transitions())).entries).toMatchObject([
        { orderId: 'order-40', from: null, to: 'cancelled', cause: 'recreate' },
        { orderId: 'order-40-b', from: null, to: 'created', cause: 'create' },
      ]);
      const late = await run(ledger.apply(eventFor(provider.store.byOrder('order-40')!, 'paid')));
      expect(late).toMatchObject({ applied: false, from: 'cancelled', raised: ['late_payment'] });
    });

    it('replaces an order the provider cannot cancel, says so, and flags a payment on the old one', async () => {
      const ledger = await h.fresh(now);
      const provider = fakeProvider('cryptocloud', { cancellable: false });
      const old = await run(ledger.createInvoice(provider, exampleRequest('order-41')));
      const recreated = await run(ledger.recreateInvoice(provider, 'order-41', 'order-41-b'));
      expect(recreated).toMatchObject({
        cancelled: false,
        note: 'not cancelled: cryptocloud cannot cancel invoices',
      });
      const paidOld = await run(ledger.apply(eventFor(old, 'paid', { received: money('0.0013', 'BTC') })));
      expect(paidOld).toMatchObject({ applied: true, to: 'paid', raised: ['late_payment'] });
      expect(paidOld.reason).toContain('a payment on an order replaced by "order-41-b"');
    });

    it('refuses to re-create a paid order, an unknown order or one already replaced', async () => {
      const ledger = await h.fresh(now);
      const provider = fakeProvider('cryptocloud');
      const paid = await run(ledger.createInvoice(provider, exampleRequest('order-42')));
      await run(ledger.apply(eventFor(paid, 'paid', { received: money('0.0013', 'BTC') })));
      expect(await runLeft(ledger.recreateInvoice(provider, 'order-42', 'x'))).toMatchObject({
        _tag: 'OrderConflict',
        message: 'Order "order-42" at cryptocloud: already paid; nothing to re-create',
      });
      expect(await runLeft(ledger.recreateInvoice(provider, 'nope', 'x'))).toMatchObject({
        _tag: 'OrderNotFound',
      });
      await run(ledger.createInvoice(provider, exampleRequest('order-43')));
      await run(ledger.recreateInvoice(provider, 'order-43', 'order-43-b'));
      expect(await runLeft(ledger.recreateInvoice(provider, 'order-43', 'order-43-c'))).toMatchObject({
        _tag: 'OrderConflict',
        message: expect.stringContaining('already replaced by order "order-43-b"'),
      });
      expect(await runLeft(ledger.createInvoice(provider, exampleRequest('order-43')))).toMatchObject({
        _tag: 'OrderConflict',
      });
    });
  });
});
