import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { InvoiceStatus, type Money } from '@invoicekit/core';
import { isReviewFlag, shopAction, ShopAction, type ActionBasis } from '../src/action';
import { LedgerFlag } from '../src/flags';
import type { LedgerMode } from '../src/mode';
import { money } from './support/fakeProvider';

const STATUSES = Object.keys(InvoiceStatus.keys) as InvoiceStatus[];
const FLAGS = Object.keys(LedgerFlag.keys) as LedgerFlag[];
const OPEN: ReadonlyArray<InvoiceStatus> = ['created', 'pending', 'processing', 'partially_paid'];
const CLOSED: ReadonlyArray<InvoiceStatus> = ['expired', 'cancelled', 'failed'];
const HELD_OR_REFUND: ReadonlyArray<InvoiceStatus> = ['held', 'refunding', 'refunded', 'refund_failed'];

const applied = (to: InvoiceStatus, extra: Partial<ActionBasis> = {}): ActionBasis => ({
  applied: true,
  to,
  testMode: false,
  flags: [],
  raised: [],
  received: null,
  ...extra,
});

describe('ShopAction', () => {
  it('is a closed set of five values, decoded like any codec', () => {
    expect(Object.keys(ShopAction.keys)).toEqual(['fulfil', 'wait', 'review', 'release', 'none']);
    expect(E.isRight(ShopAction.decode('fulfil'))).toBe(true);
    expect(E.isLeft(ShopAction.decode('ship'))).toBe(true);
  });
});

describe('isReviewFlag', () => {
  it('asks a person about every flag but overpaid, and about test_mode only in a live ledger', () => {
    expect(FLAGS.filter((flag) => !isReviewFlag('live', flag))).toEqual(['overpaid']);
    expect(FLAGS.filter((flag) => !isReviewFlag('test', flag))).toEqual(['test_mode', 'overpaid']);
  });
});

describe('shopAction', () => {
  const ON_APPLY: Record<InvoiceStatus, ShopAction> = {
    created: 'wait',
    pending: 'wait',
    processing: 'wait',
    partially_paid: 'wait',
    held: 'review',
    paid: 'fulfil',
    overpaid: 'fulfil',
    expired: 'release',
    cancelled: 'release',
    failed: 'release',
    refunding: 'review',
    refunded: 'review',
    refund_failed: 'review',
    unknown: 'review',
  };

  it.each(STATUSES)('gives an applied %s with no flags the action of the table', (to) => {
    expect(shopAction('live', applied(to))).toBe(ON_APPLY[to]);
    expect(shopAction('test', applied(to))).toBe(ON_APPLY[to]);
  });

  it('fulfils an overpaid order: the overpaid flag alone is for information', () => {
    expect(shopAction('live', applied('overpaid', { flags: ['overpaid'], raised: ['overpaid'] }))).toBe(
      'fulfil',
    );
    expect(shopAction('live', applied('paid', { flags: ['overpaid'] }))).toBe('fulfil');
  });

  it.each<LedgerFlag>([
    'amount_unchecked',
    'underpaid',
    'currency_mismatch',
    'late_payment',
    'mode_mismatch',
  ])('asks for review of a paid entry that raised %s, or whose invoice holds it', (flag) => {
    expect(shopAction('live', applied('paid', { flags: [flag], raised: [flag] }))).toBe('review');
    expect(shopAction('live', applied('paid', { flags: [flag] }))).toBe('review');
    expect(shopAction('live', applied('pending', { flags: [flag] }))).toBe('review');
  });

  it('never fulfils a test payment in a live ledger, and does in a test ledger', () => {
    const test = applied('paid', { testMode: true, flags: ['test_mode'] });
    expect(shopAction('live', test)).toBe('review');
    expect(shopAction('test', test)).toBe('fulfil');
    expect(shopAction('live', { ...test, flags: [] })).toBe('review');
  });

  it('releases a closed invoice with nothing received, and asks for review when money arrived', () => {
    expect(shopAction('live', applied('expired', { received: money('0', 'BTC') }))).toBe('release');
    expect(shopAction('live', applied('cancelled', { received: money('0.000', 'EUR') }))).toBe('release');
    expect(shopAction('live', applied('failed', { received: money('0.0001', 'BTC') }))).toBe('review');
    expect(shopAction('live', applied('expired', { received: money('100', 'EUR') }))).toBe('review');
  });

  it('gives none to an entry that applied nothing and raised nothing to look at', () => {
    const notApplied: ActionBasis = { ...applied('paid'), applied: false };
    expect(shopAction('live', notApplied)).toBe('none');
    expect(shopAction('live', { ...notApplied, flags: ['late_payment'] })).toBe('none');
    expect(shopAction('live', { ...notApplied, raised: ['overpaid'], flags: ['overpaid'] })).toBe('none');
    expect(shopAction('live', { ...notApplied, raised: ['late_payment'], flags: ['late_payment'] })).toBe(
      'review',
    );
    expect(shopAction('live', { ...notApplied, to: null })).toBe('none');
  });

  it('asks for review of a flag raised in a test ledger, but not of test_mode there', () => {
    const raised = (flag: LedgerFlag): ActionBasis => ({
      ...applied('pending'),
      applied: false,
      raised: [flag],
      flags: [flag],
    });
    expect(shopAction('test', raised('test_mode'))).toBe('none');
    expect(shopAction('test', raised('live_in_test_ledger'))).toBe('review');
    expect(shopAction('live', raised('test_mode'))).toBe('review');
  });
});

const received: fc.Arbitrary<Money | null> = fc.constantFrom(
  null,
  money('0', 'EUR'),
  money('0.00', 'BTC'),
  money('149.9', 'EUR'),
  money('0.0001', 'BTC'),
);

const entry: fc.Arbitrary<{ mode: LedgerMode; basis: ActionBasis }> = fc
  .record({
    mode: fc.constantFrom<LedgerMode>('live', 'test'),
    applied: fc.boolean(),
    to: fc.constantFrom<InvoiceStatus | null>(null, ...STATUSES),
    testMode: fc.boolean(),
    flags: fc.subarray(FLAGS),
    raisedShare: fc.array(fc.boolean(), { minLength: FLAGS.length, maxLength: FLAGS.length }),
    received,
  })
  .map(({ mode, raisedShare, flags, testMode, ...rest }) => ({
    mode,
    basis: {
      ...rest,
      testMode,
      flags: testMode && !flags.includes('test_mode') ? (['test_mode', ...flags] as LedgerFlag[]) : flags,
      raised: flags.filter((_, i) => raisedShare[i]),
    },
  }));

describe('shopAction, for any feed entry', () => {
  it('fulfils only an applied, paid-in-full entry with nothing to look at, never a test in a live ledger', () => {
    fc.assert(
      fc.property(entry, ({ mode, basis }) => {
        const action = shopAction(mode, basis);
        const reviewed = (flags: ReadonlyArray<LedgerFlag>) => flags.some((flag) => isReviewFlag(mode, flag));
        const positive = basis.received !== null && /[1-9]/.test(basis.received.amount);
        if (action === 'fulfil') {
          expect(basis.applied).toBe(true);
          expect(['paid', 'overpaid']).toContain(basis.to);
          expect(reviewed(basis.flags)).toBe(false);
          expect(mode === 'live' && basis.testMode).toBe(false);
        }
        if (action === 'wait') {
          expect(basis.applied).toBe(true);
          expect(OPEN).toContain(basis.to);
          expect(reviewed(basis.flags)).toBe(false);
        }
        if (action === 'release') {
          expect(basis.applied).toBe(true);
          expect(CLOSED).toContain(basis.to);
          expect(positive).toBe(false);
          expect(reviewed(basis.flags)).toBe(false);
        }
        if (action === 'none') expect(basis.applied && basis.to !== null).toBe(false);
        if (reviewed(basis.raised)) expect(action).toBe('review');
        if (basis.applied && basis.to !== null && HELD_OR_REFUND.includes(basis.to))
          expect(action).toBe('review');
        if (basis.applied && basis.to !== null && CLOSED.includes(basis.to) && positive)
          expect(action).toBe('review');
        if (!basis.applied && !reviewed(basis.raised)) expect(action).toBe('none');
      }),
      { numRuns: 2000 },
    );
  });
});
