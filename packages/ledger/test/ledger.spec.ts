jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import { type Invoice } from '@invoicekit/core';
import { rejected, timeout } from '@invoicekit/core/adapter';
import { isRetryableLedgerError, migrate, openLedger, pglite, postgres, readMigrations } from '../src';
import { drivers, run, runLeft } from './support/harness';
import { eventFor, fakeProvider, money } from './support/fakeProvider';
import { exampleRequest } from './support/requests';

describe.each(drivers())('ledger on $name', (h) => {
  afterAll(() => h.teardown());

  const rowOf = async (orderId: string) =>
    (
      await h.sql<{
        creation: string;
        invoice_id: string | null;
        status: string | null;
        flags: string[];
        last_error: string | null;
      }>(
        'SELECT creation, invoice_id, status, flags, last_error FROM invoicekit_ledger.invoices WHERE order_id = $1',
        [orderId],
      )
    )[0];
  const count = async (table: string) =>
    Number((await h.sql<{ n: string }>(`SELECT count(*)::text AS n FROM invoicekit_ledger.${table}`))[0]!.n);

  describe('storage', () => {
    it('keeps its tables in its own schema and leaves the app tables alone', async () => {
      await h.sql('DROP TABLE IF EXISTS public.invoices');
      await h.sql('CREATE TABLE public.invoices (id integer PRIMARY KEY, note text)');
      await h.sql("INSERT INTO public.invoices VALUES (1, 'the shop''s own table')");
      await h.fresh();
      const tables = await h.sql<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'invoicekit_ledger' ORDER BY table_name",
      );
      expect(tables.map((t) => t.table_name)).toEqual([
        'deliveries',
        'feed_head',
        'invoices',
        'schema_migrations',
        'transitions',
      ]);
      expect(await h.sql('SELECT * FROM public.invoices')).toEqual([{ id: 1, note: "the shop's own table" }]);
      await h.sql('DROP TABLE public.invoices');
    });

    it('applies each migration once, however often it is opened', async () => {
      const ledger = await h.fresh();
      const files = await run(readMigrations());
      expect(await run(migrate(ledger.storage))).toEqual([]);
      expect(await h.sql('SELECT version, name FROM invoicekit_ledger.schema_migrations')).toEqual(
        files.map((f) => ({ version: f.version, name: f.name })),
      );
    });

    it('refuses a database migrated by a newer ledger, or an edited migration', async () => {
      const ledger = await h.fresh();
      await h.sql(
        "INSERT INTO invoicekit_ledger.schema_migrations (version, name, checksum) VALUES (9999, 'future', 'x')",
      );
      expect(await runLeft(migrate(ledger.storage))).toMatchObject({
        _tag: 'MigrationFailed',
        version: 9999,
      });
      await h.sql('DELETE FROM invoicekit_ledger.schema_migrations WHERE version = 9999');
      await h.sql("UPDATE invoicekit_ledger.schema_migrations SET checksum = 'edited' WHERE version = 1");
      expect(await runLeft(migrate(ledger.storage))).toMatchObject({
        _tag: 'MigrationFailed',
        version: 1,
        message: 'Ledger migration 1 failed: the file changed after it was applied; add a new migration',
      });
    });
  });

  describe('createInvoice', () => {
    it('writes the order before the provider call and the invoice after it', async () => {
      const ledger = await h.fresh();
      const provider = fakeProvider('cryptoprocessing');
      let during: unknown;
      provider.afterCreate = async () => {
        during = await rowOf('order-1');
      };
      const invoice = await run(ledger.createInvoice(provider, exampleRequest('order-1')));
      expect(during).toEqual({
        creation: 'requested',
        invoice_id: null,
        status: null,
        flags: [],
        last_error: null,
      });
      expect(await rowOf('order-1')).toEqual({
        creation: 'created',
        invoice_id: invoice.id,
        status: 'created',
        flags: [],
        last_error: null,
      });
      const { entries } = await run(ledger.transitions());
      expect(entries).toMatchObject([
        {
          position: 1,
          invoiceId: invoice.id,
          orderId: 'order-1',
          from: null,
          to: 'created',
          applied: true,
          cause: 'create',
        },
      ]);
    });

    it('returns the recorded invoice for a repeated order without calling the provider', async () => {
      const ledger = await h.fresh();
      const provider = fakeProvider('cryptocloud');
      const first = await run(ledger.createInvoice(provider, exampleRequest('order-2')));
      const again = await run(ledger.createInvoice(provider, exampleRequest('order-2')));
      expect(again).toEqual(first);
      expect(provider.calls.create).toBe(1);
    });

    it('refuses the same order at another price', async () => {
      const ledger = await h.fresh();
      const provider = fakeProvider('cryptocloud');
      await run(ledger.createInvoice(provider, exampleRequest('order-3')));
      expect(
        await runLeft(ledger.createInvoice(provider, { ...exampleRequest('order-3'), amount: '150' })),
      ).toEqual({
        _tag: 'OrderConflict',
        provider: 'cryptocloud',
        orderId: 'order-3',
        message: 'Order "order-3" at cryptocloud: already recorded with the price 149.9 EUR, not 150 EUR',
      });
    });

    it('lets a refused create be sent again: nothing was created', async () => {
      const ledger = await h.fresh();
      const provider = fakeProvider('cryptoprocessing');
      provider.failNextCreate({
        error: rejected('cryptoprocessing', 400, 'invalid_currency', {}),
        created: false,
      });
      expect(await runLeft(ledger.createInvoice(provider, exampleRequest('order-4')))).toMatchObject({
        _tag: 'ProviderFailed',
        unresolved: false,
        error: { _tag: 'Rejected' },
      });
      expect(await rowOf('order-4')).toMatchObject({ creation: 'refused', invoice_id: null });
      const invoice = await run(ledger.createInvoice(provider, exampleRequest('order-4')));
      expect(await rowOf('order-4')).toMatchObject({
        creation: 'created',
        invoice_id: invoice.id,
        last_error: null,
      });
    });

    it('keeps a timed-out create unresolved and will not guess on a second call', async () => {
      const ledger = await h.fresh();
      const provider = fakeProvider('cryptocloud');
      provider.failNextCreate({ error: timeout('cryptocloud', 5000), created: true });
      expect(await runLeft(ledger.createInvoice(provider, exampleRequest('order-5')))).toMatchObject({
        _tag: 'ProviderFailed',
        unresolved: true,
        message:
          '[cryptocloud] Timeout: cryptocloud did not answer within 5000 ms; the invoice for order "order-5" may exist at cryptocloud, so the ledger keeps it unresolved',
      });
      expect(await rowOf('order-5')).toMatchObject({
        creation: 'requested',
        last_error: '[cryptocloud] Timeout: cryptocloud did not answer within 5000 ms',
      });
      expect(await runLeft(ledger.createInvoice(provider, exampleRequest('order-5')))).toMatchObject({
        _tag: 'OrderConflict',
        message: expect.stringContaining('an earlier create has no recorded answer'),
      });
      expect(provider.calls.create).toBe(1);
    });

    it('validates the request before writing anything', async () => {
      const ledger = await h.fresh();
      const provider = fakeProvider('cryptocloud');
      expect(
        await runLeft(
          ledger.createInvoice(provider, { ...exampleRequest('order-6'), amount: '0.1234567891' }),
        ),
      ).toMatchObject({
        _tag: 'InvalidInput',
        issues: [{ path: 'amount', message: expect.stringContaining('accepts at most 8') }],
      });
      expect(await count('invoices')).toBe(0);
      expect(provider.calls.create).toBe(0);
    });
  });

  describe('apply', () => {
    const created = async (orderId = 'order-10') => {
      const ledger = await h.fresh();
      const provider = fakeProvider('cryptoprocessing');
      const invoice = await run(ledger.createInvoice(provider, exampleRequest(orderId)));
      return { ledger, provider, invoice };
    };

    it('applies a delivery once; a repeat returns the first outcome and changes nothing', async () => {
      const { ledger, invoice } = await created();
      const first = await run(ledger.apply(eventFor(invoice, 'processing')));
      expect(first).toEqual({
        provider: 'cryptoprocessing',
        dedupeKey: `cryptoprocessing:${invoice.id}:processing:`,
        duplicate: false,
        invoiceId: invoice.id,
        orderId: 'order-10',
        applied: true,
        from: 'created',
        to: 'processing',
        raised: [],
        reason: 'created → processing: the provider reports "processing"',
        position: 2,
        testMode: false,
        action: 'wait',
      });
      const again = await run(ledger.apply(eventFor(invoice, 'processing')));
      expect(again).toEqual({ ...first, duplicate: true, action: 'none' });
      expect(await count('deliveries')).toBe(1);
      expect(await count('transitions')).toBe(2);
    });

    it('records a late processing after paid without applying it', async () => {
      const { ledger, invoice } = await created();
      await run(ledger.apply(eventFor(invoice, 'paid', { received: money('149.9', 'EUR') })));
      const late = await run(ledger.apply(eventFor(invoice, 'processing')));
      expect(late).toMatchObject({
        applied: false,
        from: 'paid',
        to: 'paid',
        position: null,
        duplicate: false,
      });
      expect(late.reason).toBe(
        'processing after paid not applied: paid is final (a late or repeated delivery)',
      );
      expect(await rowOf('order-10')).toMatchObject({ status: 'paid', flags: [] });
      expect(await count('deliveries')).toBe(2);
      expect((await run(ledger.transitions())).entries.map((e) => e.to)).toEqual(['created', 'paid']);
    });

    it('flags underpaid and wrong-currency payments on the invoice and the feed', async () => {
      const { ledger, invoice } = await created();
      const paid = await run(ledger.apply(eventFor(invoice, 'paid', { received: money('149.89', 'EUR') })));
      expect(paid).toMatchObject({ applied: true, to: 'paid', raised: ['underpaid'] });
      expect(paid.reason).toBe(
        'created → paid: the provider reports "paid"; received 149.89 EUR, less than the 149.9 EUR asked',
      );
      const { entries } = await run(ledger.transitions({ after: 1 }));
      expect(entries).toMatchObject([
        { to: 'paid', flags: ['underpaid'], raised: ['underpaid'], received: money('149.89', 'EUR') },
      ]);
      const other = await created('order-11');
      expect(
        (await run(other.ledger.apply(eventFor(other.invoice, 'paid', { received: money('0.05', 'ETH') }))))
          .raised,
      ).toEqual(['currency_mismatch']);
      expect(await run(other.ledger.invoice('cryptoprocessing', { orderId: 'order-11' }))).toMatchObject({
        status: 'paid',
        flags: ['currency_mismatch'],
        received: money('0.05', 'ETH'),
        price: money('149.9', 'EUR'),
      });
    });

    it('records and flags a payment that lands after expiry', async () => {
      const { ledger, invoice } = await created();
      await run(ledger.apply(eventFor(invoice, 'expired', { failureReason: 'timer_expired' })));
      const late = await run(ledger.apply(eventFor(invoice, 'paid', { received: money('149.9', 'EUR') })));
      expect(late).toMatchObject({
        applied: false,
        from: 'expired',
        to: 'expired',
        raised: ['late_payment'],
        position: 3,
      });
      expect((await run(ledger.transitions({ after: 2 }))).entries).toMatchObject([
        {
          position: 3,
          from: 'expired',
          to: 'expired',
          applied: false,
          raised: ['late_payment'],
          flags: ['late_payment'],
        },
      ]);
    });

    it('resolves an unresolved create with the first delivery for its order', async () => {
      const ledger = await h.fresh();
      const provider = fakeProvider('cryptoprocessing');
      provider.failNextCreate({ error: timeout('cryptoprocessing', 5000), created: true });
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-12')));
      const atProvider = provider.store.byOrder('order-12')!;
      const result = await run(ledger.apply(eventFor(atProvider, 'pending')));
      expect(result).toMatchObject({
        applied: true,
        from: null,
        to: 'pending',
        invoiceId: atProvider.id,
        position: 1,
      });
      expect(await rowOf('order-12')).toMatchObject({
        creation: 'delivered',
        invoice_id: atProvider.id,
        status: 'pending',
      });
    });

    it('records an unconfirmed delivery without applying it or trusting its order id', async () => {
      const ledger = await h.fresh();
      const provider = fakeProvider('cryptocloud');
      provider.failNextCreate({ error: timeout('cryptocloud', 5000), created: true });
      await runLeft(ledger.createInvoice(provider, exampleRequest('order-13')));
      const atProvider = provider.store.byOrder('order-13')!;
      const result = await run(ledger.apply(eventFor(atProvider, 'paid', { confirmed: false })));
      expect(result).toMatchObject({ applied: false, to: null, position: null });
      expect(result.reason).toContain('not confirmed with the provider');
      expect(await rowOf('order-13')).toMatchObject({
        creation: 'requested',
        invoice_id: null,
        status: null,
      });
      expect(await count('deliveries')).toBe(1);
    });

    it('adopts a delivery for an invoice it never created and says the amount went unchecked', async () => {
      const ledger = await h.fresh();
      const stranger = { provider: 'cryptoprocessing', id: '777', orderId: 'made-elsewhere' };
      expect(
        await run(ledger.apply(eventFor(stranger, 'paid', { received: money('10', 'EUR') }))),
      ).toMatchObject({
        applied: true,
        from: null,
        to: 'paid',
        raised: ['amount_unchecked'],
      });
      expect(await run(ledger.invoice('cryptoprocessing', { invoiceId: '777' }))).toMatchObject({
        creation: 'delivered',
        orderId: 'made-elsewhere',
        price: null,
        flags: ['amount_unchecked'],
      });
    });

    it('flags a delivery that names another invoice for the same order', async () => {
      const { ledger, invoice } = await created();
      const other = await run(ledger.apply(eventFor({ ...invoice, id: 'someone-else' }, 'paid')));
      expect(other).toMatchObject({ applied: false, raised: ['conflicting_invoice'], invoiceId: invoice.id });
      expect(other.reason).toBe(
        `not applied: the ledger holds invoice ${invoice.id} for order order-10, but this delivery names invoice someone-else`,
      );
      expect(await rowOf('order-10')).toMatchObject({ status: 'created', flags: ['conflicting_invoice'] });
    });

    it('records a provider body holding a NUL character, which jsonb refuses as such', async () => {
      const { ledger, invoice } = await created();
      const event = {
        ...eventFor(invoice, 'pending'),
        raw: { note: 'a\u0000b', 'key\u0000': [{ 'x\u0000': 1 }] },
      };
      expect(await run(ledger.apply(event))).toMatchObject({ applied: true });
      expect(await h.sql("SELECT event -> 'raw' AS raw FROM invoicekit_ledger.deliveries")).toEqual([
        { raw: { note: 'a\ufffdb', 'key\ufffd': [{ 'x\ufffd': 1 }] } },
      ]);
    });

    it('refuses an event whose ids hold a NUL character, with an error no retry can change', async () => {
      const { ledger, invoice } = await created();
      const event = eventFor({ ...invoice, id: 'inv\u00001', orderId: 'order\u000010' }, 'paid', {
        received: money('149.9', 'EU\u0000R'),
        key: 'key\u00001',
      });
      const refused = await runLeft(ledger.apply(event));
      expect(refused).toMatchObject({
        _tag: 'InvalidInput',
        issues: ['invoiceId', 'orderId', 'dedupeKey', 'received.currency'].map((path) => ({
          path,
          message: expect.stringContaining('contains the NUL character (U+0000)'),
        })),
      });
      expect(isRetryableLedgerError(refused)).toBe(false);
      await expect(ledger.onEvent(event)).rejects.toMatchObject({
        name: 'LedgerFailure',
        retryable: false,
        error: { _tag: 'InvalidInput' },
      });
      expect(await count('deliveries')).toBe(0);
    });

    it('stores a provider status holding a NUL character, with U+FFFD in its place', async () => {
      const { ledger, invoice } = await created();
      expect(
        await run(ledger.apply(eventFor(invoice, 'unknown', { providerStatus: 'pa\u0000id' }))),
      ).toMatchObject({
        applied: false,
        reason: 'not applied: "pa\ufffdid" is a provider status this version does not know',
      });
      const paid = eventFor(invoice, 'paid', {
        received: money('149.9', 'EUR'),
        providerStatus: 'con\u0000firmed',
      });
      expect(await run(ledger.apply(paid))).toMatchObject({ applied: true, to: 'paid' });
      expect(await run(ledger.invoice('cryptoprocessing', { orderId: 'order-10' }))).toMatchObject({
        status: 'paid',
        providerStatus: 'con\ufffdfirmed',
      });
      expect(await count('deliveries')).toBe(2);
    });

    it('refuses what is not an InvoiceEvent', async () => {
      const ledger = await h.fresh();
      expect(await runLeft(ledger.apply({ provider: 'cryptocloud' } as never))).toMatchObject({
        _tag: 'InvalidInput',
        message: expect.stringContaining('Not an InvoiceEvent'),
      });
    });

    it('hands deliveries to a webhook handler as a promise', async () => {
      const { ledger, invoice } = await created();
      await expect(ledger.onEvent(eventFor(invoice, 'pending'))).resolves.toMatchObject({
        applied: true,
        to: 'pending',
      });
      await expect(ledger.onEvent({} as never)).rejects.toMatchObject({
        name: 'LedgerFailure',
        error: { _tag: 'InvalidInput' },
      });
    });
  });

  describe('transitions', () => {
    it('pages through the feed with a cursor, each entry once and in order', async () => {
      const ledger = await h.fresh();
      const provider = fakeProvider('cryptoprocessing');
      const invoices: Invoice[] = [];
      for (const orderId of ['a', 'b', 'c'])
        invoices.push(await run(ledger.createInvoice(provider, exampleRequest(orderId))));
      for (const invoice of invoices)
        await run(ledger.apply(eventFor(invoice, 'paid', { received: money('149.9', 'EUR') })));
      const seen: number[] = [];
      let cursor = 0;
      for (;;) {
        const page = await run(ledger.transitions({ after: cursor, limit: 4 }));
        if (page.entries.length === 0) {
          expect(page.cursor).toBe(cursor);
          break;
        }
        seen.push(...page.entries.map((e) => e.position));
        cursor = page.cursor;
      }
      expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('refuses a cursor that is not a position', async () => {
      const ledger = await h.fresh();
      expect(await runLeft(ledger.transitions({ after: -1, limit: 5000 }))).toMatchObject({
        _tag: 'InvalidInput',
        issues: [
          { path: 'after', message: 'must be a feed position (an integer ≥ 0)' },
          { path: 'limit', message: 'must be an integer from 1 to 1000' },
        ],
      });
    });
  });
});

describe('database failures', () => {
  it('are StorageFailed values, never exceptions', async () => {
    const unreachable = postgres({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      connectionTimeoutMillis: 2000,
    });
    expect(await runLeft(openLedger({ storage: unreachable }))).toMatchObject({
      _tag: 'StorageFailed',
      code: 'ECONNREFUSED',
    });
    await run(unreachable.close());
  });

  it('make onEvent reject, so a webhook handler answers 500 and the provider retries', async () => {
    const ledger = await run(openLedger({ storage: pglite() }));
    await run(ledger.close());
    const event = eventFor({ provider: 'cryptocloud', id: 'INV-1', orderId: 'o' }, 'paid');
    expect(await runLeft(ledger.apply(event))).toMatchObject({ _tag: 'StorageFailed' });
    await expect(ledger.onEvent(event)).rejects.toMatchObject({
      name: 'LedgerFailure',
      retryable: true,
      error: { _tag: 'StorageFailed' },
      message: expect.stringMatching(/^StorageFailed: The ledger's database failed: /),
    });
  });
});
