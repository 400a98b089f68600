jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { openLedger } from '../src';
import { CLAIM_BATCH, STALE_PAGE } from '../src/reconcile';
import { fakeProvider } from './support/fakeProvider';
import { drivers, run, type Harness } from './support/harness';
import { exampleRequest } from './support/requests';
import { FUNCTION_SETTINGS, functionQueries, watched } from './support/statements';

/**
 * `count` invoices written as an earlier import would: every tenth open (half of those at a provider
 * reconcile cannot read), all quiet for two days, none checked yet.
 */
const bulk = (h: Harness, count: number) =>
  h.sql(
    `INSERT INTO invoicekit_ledger.invoices (provider, order_id, invoice_id, creation, status, price_amount,
       price_currency, flags, test_mode, requested_at, updated_at)
     SELECT CASE WHEN g % 20 = 0 THEN 'cryptoprocessing' ELSE 'cryptocloud' END, 'bulk-' || g, 'inv-bulk-' || g,
       'created', CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'paid' END, '149.9', 'EUR', '{}', false,
       now() - interval '3 days', now() - interval '2 days' + g * interval '1 millisecond'
     FROM generate_series(1, $1::int) AS g`,
    [count],
  );

/** Open CryptoCloud invoices among `bulk(h, 20 * OPEN_READABLE)` (one in twenty): a few more than two claim batches. */
const OPEN_READABLE = 2 * CLAIM_BATCH + 70;

/** A provider double that reads every invoice as pending, wherever it came from. */
const readsAll = () => {
  const provider = fakeProvider('cryptocloud');
  return {
    ...provider,
    getInvoice: (ref: Parameters<typeof provider.getInvoice>[0]) =>
      typeof ref === 'string' || provider.store.byId(ref.id) !== undefined
        ? provider.getInvoice(ref)
        : provider.createInvoice({ ...exampleRequest(ref.orderId ?? ref.id) }),
  };
};

describe.each(drivers())('reconcile at scale on $name', (h) => {
  afterAll(() => h.teardown());

  it('claims and reports from indexes: no statement it sends scans the invoices', async () => {
    const base = await h.fresh({ staleAfterMs: 3_600_000 });
    await bulk(h, 30_000);
    const { storage, take } = watched(base.storage);
    const ledger = await run(openLedger({ storage, staleAfterMs: 3_600_000 }));
    take();
    const report = await run(
      ledger.reconcile({ providers: [readsAll(), fakeProvider('cryptoprocessing')], limit: 60 }),
    );
    expect(report.checked).toHaveLength(60);
    expect(report.stale).toHaveLength(1000);
    const sent = [...new Map(take().sent.map((s) => [s.text, s])).values()];
    const source = async (name: string) =>
      (await h.sql<{ prosrc: string }>('SELECT prosrc FROM pg_proc WHERE proname = $1', [name]))[0]!.prosrc;
    const inside = (await Promise.all(sent.map((s) => functionQueries(s, source)))).flat();
    expect(inside).toHaveLength(2);
    for (const { text, params } of [...sent, ...inside]) {
      const plan = await run(
        base.storage.transaction((tx) =>
          pipe(
            TE.traverseSeqArray((setting: string) => tx.query(setting))(FUNCTION_SETTINGS),
            TE.flatMap(() => tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params)),
          ),
        ),
      );
      const lines = plan.map((row) => row['QUERY PLAN']).join('\n');
      expect({ text, scans: lines.match(/(Seq|Bitmap Heap) Scan on invoices/g) }).toEqual({
        text,
        scans: null,
      });
    }
  }, 60_000);

  it('runs its two reads with their index settings and without JIT compilation, the stale report planned for its arguments', async () => {
    await h.fresh();
    const settings = await h.sql<{ proname: string; proconfig: string[] }>(
      `SELECT proname, proconfig FROM pg_proc
       WHERE proname IN ('due_invoices', 'quiet_invoices') ORDER BY proname`,
    );
    const indexed = ['enable_bitmapscan=off', 'enable_seqscan=off', 'jit=off'];
    expect(settings).toEqual([
      { proname: 'due_invoices', proconfig: indexed },
      { proname: 'quiet_invoices', proconfig: [...indexed, 'plan_cache_mode=force_custom_plan'] },
    ]);
  });

  it('works through its limit in batches, each invoice once per call', async () => {
    const ledger = await h.fresh({ recheckAfterMs: 0 });
    await bulk(h, 20 * OPEN_READABLE);
    const provider = readsAll();
    const first = await run(ledger.reconcile({ providers: [provider], limit: 2 * CLAIM_BATCH + 5 }));
    expect(first.checked).toHaveLength(2 * CLAIM_BATCH + 5);
    expect(new Set(first.checked.map((c) => c.orderId)).size).toBe(2 * CLAIM_BATCH + 5);
    expect(first.more).toBe(true);
    const all = await run(ledger.reconcile({ providers: [provider], limit: 2 * OPEN_READABLE }));
    expect(all.checked).toHaveLength(OPEN_READABLE);
    expect(new Set(all.checked.map((c) => c.orderId)).size).toBe(OPEN_READABLE);
    expect(all.more).toBe(false);
  });

  it('claims in batches on PGlite and in one statement on a server', async () => {
    const base = await h.fresh({ recheckAfterMs: 0 });
    await bulk(h, 20 * OPEN_READABLE);
    const { storage, take } = watched(base.storage);
    const ledger = await run(openLedger({ storage, recheckAfterMs: 0 }));
    take();
    const report = await run(ledger.reconcile({ providers: [readsAll()], limit: 2 * CLAIM_BATCH + 5 }));
    expect(report.checked).toHaveLength(2 * CLAIM_BATCH + 5);
    const claims = take().sent.filter((s) => s.text.trimStart().startsWith('WITH claimed AS'));
    expect(claims).toHaveLength(h.name === 'pglite' ? 3 : 1);
  });

  it('reads the stale report in pages on PGlite and in one statement on a server', async () => {
    const base = await h.fresh();
    await bulk(h, 12_000);
    const { storage, take } = watched(base.storage);
    const ledger = await run(openLedger({ storage }));
    take();
    const report = await run(ledger.reconcile({ providers: [fakeProvider('cryptoprocessing')] }));
    expect(report.stale).toHaveLength(1000);
    const pages = take().sent.filter((s) => s.text.includes('quiet_invoices'));
    expect(pages).toHaveLength(h.name === 'pglite' ? 1000 / STALE_PAGE : 1);
  });

  it('reports the thousand quietest open invoices nobody can ask about, quietest first', async () => {
    const ledger = await h.fresh();
    await bulk(h, 12_000);
    const report = await run(ledger.reconcile({ providers: [fakeProvider('cryptoprocessing')] }));
    expect(report.stale.length).toBeGreaterThan(STALE_PAGE);
    expect(report.stale.map((s) => s.orderId)).toEqual(
      Array.from({ length: 1000 }, (_, i) => `bulk-${10 * (i + 1)}`),
    );
    expect(report.stale.slice(0, 2)).toMatchObject([
      {
        provider: 'cryptocloud',
        status: 'pending',
        reason: 'no cryptocloud provider was given to reconcile()',
      },
      {
        provider: 'cryptoprocessing',
        status: 'pending',
        reason: expect.stringMatching(/^cryptoprocessing cannot be read/),
      },
    ]);
  });

  it('lets the event loop run between its statements', async () => {
    const ledger = await h.fresh({ recheckAfterMs: 0 });
    await bulk(h, 800);
    let turns = 0;
    let live = true;
    const turn = () => {
      turns += 1;
      if (live) setImmediate(turn);
    };
    setImmediate(turn);
    turns = 0;
    const report = await run(ledger.reconcile({ providers: [readsAll()], limit: 36 }));
    live = false;
    expect(report.checked).toHaveLength(36);
    expect(turns).toBeGreaterThanOrEqual(36 / 4);
  });
});
