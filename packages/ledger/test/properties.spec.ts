jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import fc from 'fast-check';
import { InvoiceStatus, type Money } from '@invoicekit/core';
import { shopAction, type ShopAction } from '../src/action';
import { checkAmount } from '../src/amounts';
import { decide, type Current, type Decision, type Observation } from '../src/decide';
import type { LedgerMode } from '../src/mode';
import { advances, isRefund, isTerminal } from '../src/status';
import { eventFor, fakeProvider, money } from './support/fakeProvider';
import { pgliteHarness, run } from './support/harness';
import { exampleRequest } from './support/requests';

const STATUSES = Object.keys(InvoiceStatus.keys) as InvoiceStatus[];

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

interface Step {
  readonly before: Current;
  readonly seen: Observation;
  readonly decision: Decision;
  readonly action: ShopAction;
}

/** Runs the state machine over observations of a live invoice, with the action each feed entry would get. */
const fold = (observations: ReadonlyArray<Observation>, from: Current = start) =>
  observations.reduce(
    ({ current, steps }, seen) => {
      const decision = decide(current, seen);
      const flags = [...current.flags, ...decision.raised];
      const action = shopAction('live', {
        applied: decision.applied,
        to: decision.status,
        testMode: false,
        flags,
        raised: decision.raised,
        received: decision.received,
      });
      const next: Current = { ...current, status: decision.status, received: decision.received, flags };
      return { current: next, steps: [...steps, { before: current, seen, decision, action }] };
    },
    { current: from, steps: [] as Step[] },
  );

describe('the state machine, for any sequence of observations', () => {
  it('never moves backwards, leaves a closed invoice only for a refund, applies nothing unconfirmed or unknown, and explains itself', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<InvoiceStatus | null>(null, ...STATUSES.filter((s) => s !== 'unknown')),
        fc.array(observation, { maxLength: 20 }),
        (initial, observations) => {
          const { steps } = fold(observations, { ...start, status: initial });
          for (const { before, seen, decision } of steps) {
            expect(decision.reason.length).toBeGreaterThan(0);
            if (decision.applied) {
              expect(seen.confirmed).toBe(true);
              expect(decision.status).not.toBe('unknown');
              const overpaid = checkAmount(before.expected, decision.received, 'paid').flags.includes(
                'overpaid',
              );
              expect(decision.status).toBe(seen.status === 'paid' && overpaid ? 'overpaid' : seen.status);
              expect(before.status === null || advances(before.status, seen.status)).toBe(true);
              if (before.status !== null && isTerminal(before.status))
                expect(isRefund(seen.status)).toBe(true);
              if (isRefund(seen.status) && before.received !== null)
                expect(decision.received).toEqual(before.received);
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

  it('fulfils an invoice at most once, only paid in full in a checked currency, and never after it closed', () => {
    fc.assert(
      fc.property(fc.array(observation, { maxLength: 20 }), (observations) => {
        const { steps } = fold(observations);
        const fulfilled = steps.filter((step) => step.action === 'fulfil');
        expect(fulfilled.length).toBeLessThanOrEqual(1);
        for (const { before, decision } of fulfilled) {
          expect(['paid', 'overpaid']).toContain(decision.status);
          expect(decision.received).not.toBeNull();
          expect(['EUR', 'BTC']).toContain(decision.received!.currency);
          expect(before.status === null || !isTerminal(before.status)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe.each<[LedgerMode, boolean]>([
  ['live', false],
  ['live', true],
  ['test', true],
])('a %s ledger (test invoices: %s), for any sequence of deliveries (PGlite)', (mode, testMode) => {
  const h = pgliteHarness();
  afterAll(() => h.teardown());

  it('appends one entry per applied transition or raised flag, with its action, and ends where the state machine says', async () => {
    const ledger = await h.fresh({ mode });
    const provider = fakeProvider('cryptoprocessing', { testMode });
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
            eventFor(invoice, seen.status, { ...seen, testMode, key: `prop-${runs}-${i}` }),
          );
          const order = [...deliveries.keys(), ...repeats.map((r) => r % deliveries.length)];
          const results = [];
          for (const index of order) results.push(await run(ledger.apply(deliveries[index]!)));
          const firsts = results.filter((r) => !r.duplicate);
          expect(firsts).toHaveLength(deliveries.length);
          for (const repeat of results.filter((r) => r.duplicate)) {
            expect(repeat.action).toBe('none');
            expect({ ...repeat, duplicate: false, action: undefined }).toEqual({
              ...firsts.find((r) => r.dedupeKey === repeat.dedupeKey),
              action: undefined,
            });
          }
          const entries = (await run(ledger.transitions({ limit: 1000, after: 0 }))).entries.filter(
            (e) => e.invoiceId === invoice.id,
          );
          const feed = entries.filter((e) => e.cause === 'delivery');
          expect(feed.map((e) => e.position)).toEqual(
            firsts.filter((r) => r.applied || r.raised.length > 0).map((r) => r.position),
          );
          expect(feed.map((e) => e.action)).toEqual(
            firsts.filter((r) => r.position !== null).map((r) => r.action),
          );
          for (const e of entries) expect(e.action).toBe(shopAction(mode, e));
          const { current: expected, steps } = fold(observations);
          const held = await run(ledger.invoice('cryptoprocessing', { invoiceId: invoice.id }));
          expect(held).toMatchObject({
            status: expected.status,
            flags: testMode ? ['test_mode', ...expected.flags] : expected.flags,
          });
          const fulfilled = entries.filter((e) => e.action === 'fulfil');
          if (mode === 'live' && testMode) expect(fulfilled).toEqual([]);
          else expect(fulfilled.length).toBe(steps.filter((step) => step.action === 'fulfil').length);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});
