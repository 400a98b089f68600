import { NowpaymentsStatus, PAYMENT_STATUS } from '../src';
import { isExtraDeposit, paymentStatus, toPaymentStatus } from '../src/status';
import type { NowpaymentsPayment } from '../src/codecs';

const payment = (fields: Partial<NowpaymentsPayment>): NowpaymentsPayment => ({
  payment_id: '5077125051',
  payment_status: 'waiting',
  ...fields,
});

describe('the payment status table', () => {
  it('maps every documented status, and only those', () => {
    expect(Object.keys(PAYMENT_STATUS).sort()).toEqual(Object.keys(NowpaymentsStatus.keys).sort());
    expect(Object.keys(PAYMENT_STATUS)).toHaveLength(9);
  });

  it.each([
    ['waiting', 'pending', null],
    ['confirming', 'processing', null],
    ['confirmed', 'processing', null],
    ['sending', 'processing', null],
    ['partially_paid', 'partially_paid', null],
    ['finished', 'paid', null],
    ['failed', 'failed', 'other'],
    ['refunded', 'refunded', null],
    ['expired', 'expired', 'timer_expired'],
  ] as const)('maps %s to %s (%s)', (word, status, failureReason) => {
    expect(toPaymentStatus(word)).toEqual({ status, failureReason });
  });

  it.each(['', 'FINISHED', 'toString', '__proto__', 'wrong_asset'])(
    'maps the unknown word %j to unknown',
    (word) => {
      expect(toPaymentStatus(word)).toEqual({ status: 'unknown', failureReason: null });
    },
  );
});

describe('a payment status with its amounts', () => {
  it.each([
    [
      'finished, paid exactly',
      { payment_status: 'finished', pay_amount: '15', actually_paid: '15' },
      'paid',
      null,
    ],
    [
      'finished, paid more',
      { payment_status: 'finished', pay_amount: '11.8', actually_paid: '12' },
      'overpaid',
      null,
    ],
    [
      'finished, paid less',
      { payment_status: 'finished', pay_amount: '12.5', actually_paid: '10' },
      'failed',
      'underpaid',
    ],
    ['finished, amounts unknown', { payment_status: 'finished' }, 'paid', null],
    [
      'expired with nothing paid',
      { payment_status: 'expired', actually_paid: '0' },
      'expired',
      'timer_expired',
    ],
    [
      'expired with money received',
      { payment_status: 'expired', actually_paid: '0.5' },
      'failed',
      'underpaid',
    ],
    [
      'a repeated deposit, finished',
      { payment_status: 'finished', parent_payment_id: '1', pay_amount: '1', actually_paid: '1' },
      'partially_paid',
      null,
    ],
    [
      'a repeated deposit, partially paid',
      { payment_status: 'partially_paid', origin_type: 'REPEATED' },
      'partially_paid',
      null,
    ],
    [
      'a repeated deposit, confirming',
      { payment_status: 'confirming', parent_payment_id: '1' },
      'processing',
      null,
    ],
  ] as const)('%s', (_label, fields, status, failureReason) => {
    expect(paymentStatus(payment(fields as Partial<NowpaymentsPayment>))).toEqual({ status, failureReason });
  });

  it('tells the invoice’s own payment from repeated deposits', () => {
    expect(isExtraDeposit(payment({}))).toBe(false);
    expect(isExtraDeposit(payment({ parent_payment_id: null, origin_type: null }))).toBe(false);
    expect(isExtraDeposit(payment({ parent_payment_id: '5592161154' }))).toBe(true);
    expect(isExtraDeposit(payment({ origin_type: 'REPEATED' }))).toBe(true);
  });
});
