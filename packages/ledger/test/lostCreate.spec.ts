jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import { networkError, rejected, timeout } from '@invoicekit/core/adapter';
import { drivers, run, runLeft } from './support/harness';
import { fakeProvider } from './support/fakeProvider';
import { exampleRequest } from './support/requests';

describe.each(drivers())('a lost create resolved by order id on $name', (h) => {
  afterAll(() => h.teardown());

  const now = { unresolvedAfterMs: 0, staleAfterMs: 0 };
  const findable = () => fakeProvider('cryptocloud', { findable: true });

  describe('on the create path', () => {
    it('records the one invoice the provider made as the answer, and returns it', async () => {
      const ledger = await h.fresh(now);
      const provider = findable();
      provider.failNextCreate({ error: timeout('cryptocloud', 5000), created: true });
      const invoice = await run(ledger.createInvoice(provider, exampleRequest('order-60')));
      expect(invoice).toMatchObject({ id: 'inv-order-60', orderId: 'order-60', status: 'created' });
      expect(provider.calls).toMatchObject({ create: 1, find: 1 });
      expect(await run(ledger.invoice('cryptocloud', { orderId: 'order-60' }))).toMatchObject({
        creation: 'created',
        invoiceId: 'inv-order-60',
        status: 'created',
        flags: [],
        lastError: null,
      });
      expect((await run(ledger.transitions())).entries).toMatchObject([
        { orderId: 'order-60', invoiceId: 'inv-order-60', from: null, to: 'created', cause: 'create' },
      ]);
    });

    it('leaves the order unresolved when the provider lists none, so nothing is created twice meanwhile', async () => {
      const ledger = await h.fresh(now);
      const provider = findable();
      provider.failNextCreate({ error: networkError('cryptocloud', 'ECONNRESET'), created: false });
      const error = await runLeft(ledger.createInvoice(provider, exampleRequest('order-61')));
      expect(error).toMatchObject({ _tag: 'ProviderFailed', unresolved: true });
      expect(provider.calls).toMatchObject({ create: 1, find: 1 });
      expect(await run(ledger.invoice('cryptocloud', { orderId: 'order-61' }))).toMatchObject({
        creation: 'requested',
        invoiceId: null,
      });
    });

    it('records the newest of several invoices and raises conflicting_invoice for review', async () => {
      const ledger = await h.fresh(now);
      const provider = findable();
      provider.addOlder('order-62', 'inv-old-62');
      provider.failNextCreate({ error: timeout('cryptocloud', 5000), created: true });
      const invoice = await run(ledger.createInvoice(provider, exampleRequest('order-62')));
      expect(invoice.id).toBe('inv-order-62');
      expect(await run(ledger.invoice('cryptocloud', { orderId: 'order-62' }))).toMatchObject({
        creation: 'created',
        invoiceId: 'inv-order-62',
        flags: ['conflicting_invoice'],
      });
      expect((await run(ledger.transitions())).entries).toMatchObject([
        {
          invoiceId: 'inv-order-62',
          applied: false,
          raised: ['conflicting_invoice'],
          action: 'review',
          cause: 'create',
          reason:
            'cryptocloud holds 2 invoices for order order-62: the newest, inv-order-62, is recorded; check that inv-old-62 took no payment',
        },
        { invoiceId: 'inv-order-62', applied: true, to: 'created', action: 'review', cause: 'create' },
      ]);
    });

    it('does not ask when the answer proves nothing was made, nor when the create succeeded', async () => {
      const ledger = await h.fresh(now);
      const provider = findable();
      provider.failNextCreate({ error: rejected('cryptocloud', 400, 'bad', {}), created: false });
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-63')));
      await run(ledger.createInvoice(provider, exampleRequest('order-64')));
      expect(provider.calls).toMatchObject({ create: 2, find: 0 });
    });
  });

  describe('in reconcile', () => {
    it('records the invoice found by order id and never re-sends', async () => {
      const ledger = await h.fresh(now);
      const provider = findable();
      provider.failNextCreate({ error: timeout('cryptocloud', 5000), created: true });
      provider.failNextFind(timeout('cryptocloud', 5000));
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-65')));
      const report = await run(ledger.reconcile({ providers: [provider] }));
      expect(report).toMatchObject({
        checked: [
          {
            orderId: 'order-65',
            invoiceId: 'inv-order-65',
            action: 'find',
            result: 'found invoice inv-order-65 by order id: the lost create did reach cryptocloud',
          },
        ],
        failed: [],
        stale: [],
      });
      expect(provider.calls).toMatchObject({ create: 1, find: 2 });
      expect(await run(ledger.invoice('cryptocloud', { orderId: 'order-65' }))).toMatchObject({
        creation: 'created',
        invoiceId: 'inv-order-65',
        status: 'created',
      });
    });

    it('re-sends the create when the provider lists no invoice for the order', async () => {
      const ledger = await h.fresh(now);
      const provider = findable();
      provider.failNextCreate({ error: timeout('cryptocloud', 5000), created: false });
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-66')));
      const report = await run(ledger.reconcile({ providers: [provider] }));
      expect(report.checked).toEqual([
        {
          provider: 'cryptocloud',
          orderId: 'order-66',
          invoiceId: 'inv-order-66',
          action: 'resend',
          result:
            'created invoice inv-order-66: cryptocloud listed no invoice for this order, so the first attempt made none',
          position: null,
        },
      ]);
      expect(provider.calls).toMatchObject({ create: 2, find: 2 });
      expect(await run(ledger.invoice('cryptocloud', { orderId: 'order-66' }))).toMatchObject({
        creation: 'created',
        invoiceId: 'inv-order-66',
      });
    });

    it('waits unresolvedAfterMs before looking, so a create still under way is not re-sent', async () => {
      const ledger = await h.fresh({ unresolvedAfterMs: 3_600_000, staleAfterMs: 0 });
      const provider = findable();
      provider.failNextCreate({ error: timeout('cryptocloud', 5000), created: false });
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-67')));
      expect((await run(ledger.reconcile({ providers: [provider] }))).checked).toEqual([]);
      expect(provider.calls).toMatchObject({ create: 1, find: 1 });
    });

    it('records the newest of several and raises conflicting_invoice', async () => {
      const ledger = await h.fresh(now);
      const provider = findable();
      provider.failNextCreate({ error: timeout('cryptocloud', 5000), created: true });
      provider.failNextFind(timeout('cryptocloud', 5000));
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-68')));
      provider.addOlder('order-68', 'inv-old-68');
      const report = await run(ledger.reconcile({ providers: [provider] }));
      expect(report.checked).toMatchObject([
        {
          invoiceId: 'inv-order-68',
          action: 'find',
          result:
            'found 2 invoices by order id at cryptocloud: recorded the newest, inv-order-68, and raised conflicting_invoice',
        },
      ]);
      expect(await run(ledger.invoice('cryptocloud', { orderId: 'order-68' }))).toMatchObject({
        invoiceId: 'inv-order-68',
        flags: ['conflicting_invoice'],
      });
    });

    it('reports a failed lookup, re-sends nothing and asks again next time', async () => {
      const ledger = await h.fresh({ ...now, recheckAfterMs: 0 });
      const provider = findable();
      provider.failNextCreate({ error: timeout('cryptocloud', 5000), created: false });
      provider.failNextFind(timeout('cryptocloud', 5000));
      provider.failNextFind(timeout('cryptocloud', 5000));
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-69')));
      const report = await run(ledger.reconcile({ providers: [provider] }));
      expect(report.failed).toMatchObject([
        { orderId: 'order-69', action: 'find', error: { _tag: 'Timeout' } },
      ]);
      expect(provider.calls).toMatchObject({ create: 1, find: 2 });
      expect((await run(ledger.reconcile({ providers: [provider] }))).checked).toMatchObject([
        { orderId: 'order-69', action: 'resend', invoiceId: 'inv-order-69' },
      ]);
    });
  });

  describe('in recreateInvoice', () => {
    it('finds the lost invoice by order id, records it and cancels it before creating again', async () => {
      const ledger = await h.fresh(now);
      const provider = findable();
      provider.failNextCreate({ error: timeout('cryptocloud', 5000), created: true });
      provider.failNextFind(timeout('cryptocloud', 5000));
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-70')));
      const recreated = await run(ledger.recreateInvoice(provider, 'order-70', 'order-70-b'));
      expect(recreated).toMatchObject({ cancelled: true, note: 'cancelled at cryptocloud' });
      expect(provider.store.byId('inv-order-70')).toMatchObject({ status: 'cancelled' });
      expect(await run(ledger.invoice('cryptocloud', { orderId: 'order-70' }))).toMatchObject({
        invoiceId: 'inv-order-70',
        status: 'cancelled',
        replacedBy: 'order-70-b',
      });
    });

    it('refuses to replace an order whose lost invoice turns out paid', async () => {
      const ledger = await h.fresh(now);
      const provider = findable();
      provider.failNextCreate({ error: timeout('cryptocloud', 5000), created: true });
      provider.failNextFind(timeout('cryptocloud', 5000));
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-71')));
      provider.settle('inv-order-71', 'paid');
      const error = await runLeft(ledger.recreateInvoice(provider, 'order-71', 'order-71-b'));
      expect(error).toMatchObject({
        _tag: 'OrderConflict',
        message: expect.stringContaining('already paid'),
      });
      expect(provider.calls).toMatchObject({ create: 1, cancel: 0 });
      expect(await run(ledger.invoice('cryptocloud', { orderId: 'order-71' }))).toMatchObject({
        invoiceId: 'inv-order-71',
        status: 'paid',
        replacedBy: null,
      });
    });
  });
});
