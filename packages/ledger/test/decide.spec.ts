import type { InvoiceStatus, Money } from '@invoicekit/core';
import { decide, type Current, type Observation } from '../src/decide';
import type { LedgerFlag } from '../src/flags';
import { money } from './support/fakeProvider';

const at = (status: InvoiceStatus | null, extra: Partial<Current> = {}): Current => ({
  status,
  flags: [],
  received: null,
  expected: { price: money('149.9', 'EUR'), payment: { currency: 'BTC', amount: '0.0013' as never } },
  replacedBy: null,
  ...extra,
});

const seen = (status: InvoiceStatus, extra: Partial<Observation> = {}): Observation => ({
  status,
  providerStatus: status,
  failureReason: null,
  received: null,
  confirmed: true,
  ...extra,
});

const paidInFull: Money = money('149.9', 'EUR');

describe('decide', () => {
  it('applies the first status of an unrecorded invoice', () => {
    expect(decide(at(null), seen('pending'))).toMatchObject({
      applied: true,
      status: 'pending',
      reason: 'unrecorded → pending: the provider reports "pending"',
    });
  });

  it('moves forward through the open statuses', () => {
    expect(decide(at('created'), seen('processing'))).toMatchObject({ applied: true, status: 'processing' });
    expect(decide(at('processing'), seen('partially_paid'))).toMatchObject({
      applied: true,
      status: 'partially_paid',
    });
  });

  it('lets partially_paid become paid', () => {
    const decision = decide(at('partially_paid'), seen('paid', { received: paidInFull }));
    expect(decision).toMatchObject({ applied: true, status: 'paid', raised: [], received: paidInFull });
    expect(decision.reason).toBe(
      'partially_paid → paid: the provider reports "paid"; received 149.9 EUR of 149.9 EUR',
    );
  });

  it('records a late processing after paid without applying it', () => {
    expect(decide(at('paid'), seen('processing'))).toEqual({
      applied: false,
      status: 'paid',
      received: null,
      raised: [],
      reason: 'processing after paid not applied: paid is final (a late or repeated delivery)',
    });
  });

  it('never moves an open invoice backwards', () => {
    expect(decide(at('processing'), seen('pending'))).toMatchObject({
      applied: false,
      status: 'processing',
      reason:
        'pending after processing not applied: it would move the invoice backwards (a late or out-of-order delivery)',
    });
    expect(decide(at('partially_paid'), seen('processing'))).toMatchObject({
      applied: false,
      status: 'partially_paid',
    });
  });

  it.each<[InvoiceStatus, InvoiceStatus]>([
    ['paid', 'expired'],
    ['expired', 'cancelled'],
    ['cancelled', 'pending'],
    ['failed', 'created'],
    ['overpaid', 'paid'],
  ])('keeps %s when %s arrives', (from, next) => {
    expect(decide(at(from), seen(next))).toMatchObject({ applied: false, status: from });
  });

  it('records and flags a payment that arrives after expiry', () => {
    const decision = decide(at('expired'), seen('paid', { received: paidInFull }));
    expect(decision).toMatchObject({ applied: false, status: 'expired', raised: ['late_payment'] });
    expect(decision.reason).toBe(
      'paid reported after expired: recorded, not applied (expired is final); crypto can land after expiry, so refund it or honour the order; received 149.9 EUR of 149.9 EUR',
    );
  });

  it('raises a flag only once', () => {
    expect(decide(at('expired', { flags: ['late_payment'] }), seen('paid')).raised).toEqual([]);
  });

  it('flags a second payment after paid that makes it overpaid', () => {
    expect(decide(at('paid'), seen('overpaid', { received: money('160', 'EUR') }))).toMatchObject({
      applied: false,
      status: 'paid',
      raised: ['overpaid'],
    });
  });

  it('flags underpaid and currency mismatches on the transition that reports paid', () => {
    expect(decide(at('pending'), seen('paid', { received: money('100', 'EUR') })).raised).toEqual([
      'underpaid',
    ]);
    expect(decide(at('pending'), seen('paid', { received: money('1', 'ETH') })).raised).toEqual([
      'currency_mismatch',
    ]);
    expect(decide(at('pending'), seen('paid')).raised).toEqual(['amount_unchecked']);
  });

  it('checks a read without a received amount against what deliveries reported', () => {
    expect(decide(at('partially_paid', { received: paidInFull }), seen('paid')).raised).toEqual([]);
  });

  it('does not take a zero reported before as the amount of a later payment', () => {
    expect(decide(at('created', { received: money('0', 'BTC') }), seen('paid'))).toMatchObject({
      applied: true,
      status: 'paid',
      received: money('0', 'BTC'),
      raised: ['amount_unchecked'],
    });
  });

  it('flags money that failed an invoice as underpaid', () => {
    const decision = decide(at('processing'), seen('failed', { failureReason: 'underpaid' }));
    expect(decision).toMatchObject({ applied: true, status: 'failed', raised: ['underpaid'] });
    expect(decision.reason).toBe('processing → failed: the provider reports "failed" (underpaid)');
  });

  it('applies nothing that was not confirmed with the provider', () => {
    expect(decide(at('pending'), seen('paid', { confirmed: false }))).toMatchObject({
      applied: false,
      status: 'pending',
      raised: [],
      reason: expect.stringContaining('not confirmed with the provider'),
    });
  });

  it('applies no status this version does not know', () => {
    expect(decide(at('pending'), seen('unknown', { providerStatus: 'refunding' }))).toMatchObject({
      applied: false,
      reason: 'not applied: "refunding" is a provider status this version does not know',
    });
  });

  it('flags a payment on an order the merchant replaced', () => {
    const decision = decide(at('pending', { replacedBy: 'order-2' }), seen('paid', { received: paidInFull }));
    expect(decision).toMatchObject({
      applied: true,
      status: 'paid',
      raised: ['late_payment'] as LedgerFlag[],
    });
    expect(decision.reason).toContain('a payment on an order replaced by "order-2"');
  });

  it('updates the received amount of a repeated status and flags it when it grows past the price', () => {
    expect(
      decide(at('partially_paid'), seen('partially_paid', { received: money('150', 'EUR') })),
    ).toMatchObject({
      applied: false,
      received: money('150', 'EUR'),
      raised: ['overpaid'],
    });
  });

  it('records a paid that brought more than asked as overpaid, the same on every provider', () => {
    const decision = decide(at('pending'), seen('paid', { received: money('200.5', 'EUR') }));
    expect(decision).toMatchObject({ applied: true, status: 'overpaid', raised: ['overpaid'] });
    expect(decision.reason).toBe(
      'pending → overpaid: the provider reports "paid"; received 200.5 EUR, more than the 149.9 EUR asked; the ledger records it as overpaid',
    );
    expect(decide(at('pending'), seen('paid', { received: money('0.0014', 'BTC') }))).toMatchObject({
      status: 'overpaid',
    });
    expect(decide(at('pending'), seen('paid', { received: paidInFull })).status).toBe('paid');
    expect(decide(at('pending'), seen('partially_paid', { received: money('200', 'EUR') }))).toMatchObject({
      status: 'partially_paid',
      raised: ['overpaid'],
    });
  });

  it('applies held funds like a part payment: over the open statuses, under paid', () => {
    expect(decide(at('processing'), seen('held', { received: paidInFull }))).toMatchObject({
      applied: true,
      status: 'held',
      received: paidInFull,
      raised: [],
    });
    expect(decide(at('held'), seen('paid', { received: paidInFull }))).toMatchObject({
      applied: true,
      status: 'paid',
    });
    expect(decide(at('partially_paid'), seen('held')).applied).toBe(false);
    expect(decide(at('paid'), seen('held')).applied).toBe(false);
    expect(decide(at('expired'), seen('held', { received: paidInFull })).raised).toEqual(['late_payment']);
  });

  it.each<InvoiceStatus>(['paid', 'overpaid', 'expired', 'cancelled', 'failed'])(
    'applies a refund over %s, keeping what was received',
    (from) => {
      const before = at(from, { received: paidInFull });
      const refunding = decide(before, seen('refunding', { received: money('0', 'EUR') }));
      expect(refunding).toMatchObject({
        applied: true,
        status: 'refunding',
        received: paidInFull,
        raised: [],
      });
      expect(decide(before, seen('refunded'))).toMatchObject({
        applied: true,
        status: 'refunded',
        received: paidInFull,
      });
      expect(decide(before, seen('refund_failed'))).toMatchObject({ applied: true, status: 'refund_failed' });
    },
  );

  it('takes the received amount a refund reports when the ledger had none', () => {
    expect(decide(at('paid'), seen('refunded', { received: paidInFull })).received).toEqual(paidInFull);
  });

  it('ends a refund under way as refunded or failed, and lets a failed refund be completed', () => {
    expect(decide(at('refunding'), seen('refunded'))).toMatchObject({ applied: true, status: 'refunded' });
    expect(decide(at('refunding'), seen('refund_failed'))).toMatchObject({
      applied: true,
      status: 'refund_failed',
    });
    expect(decide(at('refund_failed'), seen('refunded'))).toMatchObject({
      applied: true,
      status: 'refunded',
    });
    expect(decide(at('refund_failed'), seen('refunding'))).toMatchObject({
      applied: false,
      status: 'refund_failed',
    });
  });

  it.each<[InvoiceStatus, InvoiceStatus]>([
    ['refunded', 'refunding'],
    ['refunded', 'refund_failed'],
    ['refunded', 'paid'],
    ['refunding', 'paid'],
    ['refunding', 'expired'],
  ])('keeps %s when %s arrives', (from, next) => {
    expect(decide(at(from), seen(next))).toMatchObject({ applied: false, status: from, raised: [] });
  });
});

describe('decide: a pay currency the invoice never quoted', () => {
  const unquoted = (status: InvoiceStatus | null) =>
    at(status, { expected: { price: money('10', 'EUR'), payment: null } });

  it('takes received + remaining in one currency as the provider quote: paid in full is not a mismatch', () => {
    const decision = decide(
      unquoted('pending'),
      seen('paid', { received: money('0.0002', 'BTC'), remaining: money('0', 'BTC') }),
    );
    expect(decision).toMatchObject({ applied: true, status: 'paid', raised: [] });
  });

  it('checks against that quote: a paid report with something still owed is underpaid', () => {
    const decision = decide(
      unquoted('pending'),
      seen('paid', { received: money('0.0001', 'BTC'), remaining: money('0.0001', 'BTC') }),
    );
    expect(decision.raised).toEqual(['underpaid']);
  });

  it('still calls another currency a mismatch when the provider states nothing owed in it', () => {
    const decision = decide(unquoted('pending'), seen('paid', { received: money('0.0002', 'BTC') }));
    expect(decision.raised).toEqual(['currency_mismatch']);
  });

  it('never replaces a quote the ledger recorded: a currency other than the quoted one stays a mismatch', () => {
    const decision = decide(
      at('pending'),
      seen('paid', { received: money('0.05', 'ETH'), remaining: money('0', 'ETH') }),
    );
    expect(decision.raised).toEqual(['currency_mismatch']);
  });
});

describe('decide: a pay currency fixed at create, its amount quoted later', () => {
  it('takes the quote from the observation when only the currency was recorded', () => {
    const current = at('pending', {
      expected: { price: money('10', 'EUR'), payment: { currency: 'BTC', amount: null } },
    });
    expect(
      decide(current, seen('paid', { received: money('0.0002', 'BTC'), remaining: money('0', 'BTC') })),
    ).toMatchObject({ applied: true, status: 'paid', raised: [] });
  });
});
