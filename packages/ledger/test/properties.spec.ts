jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import fc from 'fast-check';
import type { InvoiceStatus, Money } from '@invoicekit/core';
import { decide, type Current, type Observation } from '../src/decide';
import { STATUS_RANK, isTerminal } from '../src/status';
import { eventFor, fakeProvider, money } from './support/fakeProvider';
import { pgliteHarness, run } from './support/harness';
import { exampleRequest } from './support/requests';

const STATUSES: InvoiceStatus[] = [
  'created',
  'pending',
  'processing',
  'partially_paid',
  'paid',
  'overpaid',
  'expired',
  'cancelled',
  'failed',
  'unknown',
];

const received: fc.Arbitrary<Money | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    money('149.9', 'EUR'),
    money('100', 'EUR'),
    money('200.5', 'EUR'),
    money('0.0013', 'BTC'),
    money('1', 'ETH'),
  ),
);

const observation: fc.Arbitrary<Observation> = fc.record({
  status: fc.constantFrom(...STATUSES),
  providerStatus: fc.constant('word'),
  failureReason: fc.constantFrom(null, 'timer_expired' as const, 'underpaid' as const),
  received,
  confirmed: fc.constantFrom(true, true, true, false),
});

const start: Current = {
  status: 'created',
  flags: [],
  received: null,
  expected: { price: money('149.9', 'EUR'), payment: { currency: 'BTC', amount: '0.0013' as never } },
  replacedBy: null,
};

const fold = (observations: ReadonlyArray<Observation>, from: Current = start) =>
  observations.reduce(
    ({ current, steps }, seen) => {
      const decision = decide(current, seen);
      const next: Current = {
        ...current,
        status: decision.status,
        received: decision.received,
        flags: [...current.flags, ...decision.raised],
      };
      return { current: next, steps: [...steps, { before: current, seen, decision }] };
    },
    {
      current: from,
      steps: [] as Array<{ before: Current; seen: Observation; decision: ReturnType<typeof decide> }>,
    },
  );

describe('the state machine, for any sequence of observations', () => {
  it('never moves backwards, keeps terminal terminal, applies nothing unconfirmed or unknown, and explains itself', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<InvoiceStatus | null>(null, ...STATUSES.filter((s) => s !== 'unknown')),
        fc.array(observation, { maxLength: 20 }),
        (initial, observations) => {
          const { steps } = fold(observations, { ...start, status: initial });
          for (const { before, seen, decision } of steps) {
            expect(decision.reason.length).toBeGreaterThan(0);
            if (before.status !== null && isTerminal(before.status))
              expect(decision.status).toBe(before.status);
            if (decision.applied) {
              expect(seen.confirmed).toBe(true);
              expect(decision.status).toBe(seen.status);
              expect(decision.status).not.toBe('unknown');
              expect(before.status === null || STATUS_RANK[seen.status] > STATUS_RANK[before.status]).toBe(
                true,
              );
            } else {
              expect(decision.status).toBe(before.status);
            }
            if (!seen.confirmed) expect(decision.raised).toEqual([]);
            for (const flag of decision.raised) expect(before.flags).not.toContain(flag);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the ledger, for any sequence of deliveries (PGlite)', () => {
  const h = pgliteHarness();
  afterAll(() => h.teardown());

  it('appends one feed entry per applied transition or raised flag, and ends where the state machine says', async () => {
    const ledger = await h.fresh();
    const provider = fakeProvider('cryptoprocessing');
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          observation.filter((o) => o.status !== 'unknown' || o.confirmed),
          { minLength: 1, maxLength: 8 },
        ),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (observations, repeats) => {
          runs += 1;
          const invoice = await run(ledger.createInvoice(provider, exampleRequest(`prop-${runs}`)));
          const deliveries = observations.map((seen, i) =>
            eventFor(invoice, seen.status, { ...seen, key: `prop-${runs}-${i}` }),
          );
          const order = [...deliveries.keys(), ...repeats.map((r) => r % deliveries.length)];
          const results = [];
          for (const index of order) results.push(await run(ledger.apply(deliveries[index]!)));
          const firsts = results.filter((r) => !r.duplicate);
          expect(firsts).toHaveLength(deliveries.length);
          for (const repeat of results.filter((r) => r.duplicate)) {
            expect({ ...repeat, duplicate: false }).toEqual(
              firsts.find((r) => r.dedupeKey === repeat.dedupeKey),
            );
          }
          const feed = (await run(ledger.transitions({ limit: 1000, after: 0 }))).entries.filter(
            (e) => e.invoiceId === invoice.id && e.cause === 'delivery',
          );
          expect(feed.map((e) => e.position)).toEqual(
            firsts.filter((r) => r.applied || r.raised.length > 0).map((r) => r.position),
          );
          const expected = fold(observations).current;
          expect(await run(ledger.invoice('cryptoprocessing', { invoiceId: invoice.id }))).toMatchObject({
            status: expected.status,
            flags: expected.flags,
          });
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
