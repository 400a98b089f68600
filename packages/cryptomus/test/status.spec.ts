import { canonicalStatus, PAYMENT_STATUS, type CryptomusStatus } from '../src';

/** The 14 rows of the "Payment statuses" page, doc.cryptomus.com and doc.heleket.com alike. */
const DOCUMENTED: ReadonlyArray<CryptomusStatus> = [
  'paid',
  'paid_over',
  'wrong_amount',
  'process',
  'confirm_check',
  'wrong_amount_waiting',
  'check',
  'fail',
  'cancel',
  'system_fail',
  'refund_process',
  'refund_fail',
  'refund_paid',
  'locked',
];

describe('status table', () => {
  it('maps exactly the 14 documented words', () => {
    expect(Object.keys(PAYMENT_STATUS).sort()).toEqual([...DOCUMENTED].sort());
  });

  it.each([
    ['check', false, 'pending', null],
    ['process', false, 'processing', null],
    ['confirm_check', false, 'processing', null],
    ['wrong_amount_waiting', false, 'partially_paid', null],
    ['paid', true, 'paid', null],
    ['paid_over', true, 'overpaid', null],
    ['wrong_amount', true, 'failed', 'underpaid'],
    ['cancel', true, 'expired', 'timer_expired'],
    ['fail', true, 'failed', 'other'],
    ['system_fail', true, 'failed', 'other'],
    ['refund_process', false, 'refunding', null],
    ['refund_fail', true, 'refund_failed', null],
    ['refund_paid', true, 'refunded', null],
    ['locked', true, 'held', null],
  ] as const)('%s (is_final %s) is %s / %s', (word, isFinal, status, failureReason) => {
    expect(canonicalStatus(word, isFinal)).toEqual({ status, failureReason });
  });

  it.each([
    ['wrong_amount_waiting', 'failed', 'underpaid'],
    ['check', 'expired', 'timer_expired'],
    ['confirm_check', 'failed', 'other'],
    ['process', 'failed', 'other'],
  ] as const)(
    'honours is_final: a final %s is never reported open (%s / %s)',
    (word, status, failureReason) => {
      expect(canonicalStatus(word, true)).toEqual({ status, failureReason });
    },
  );

  it('keeps a final status when is_final is false or absent', () => {
    expect(canonicalStatus('paid', false).status).toBe('paid');
    expect(canonicalStatus('cancel', null).status).toBe('expired');
  });

  it.each(['', 'PAID', 'refunded', 'expired', '__proto__', 'constructor'])(
    'maps the unknown word %p to unknown',
    (word) => {
      expect(canonicalStatus(word, true)).toEqual({ status: 'unknown', failureReason: null });
    },
  );
});
