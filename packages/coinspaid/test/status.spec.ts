import { InvoiceStatus, type Decimal } from '@invoicekit/core';
import { callbackStatus, failureReasonFromError, INVOICE_STATUS, toInvoiceStatus } from '../src/status';

const d = (s: string) => s as Decimal;

describe('status table', () => {
  it('maps every documented wire status', () => {
    expect(INVOICE_STATUS).toEqual({
      created: 'created',
      pending: 'pending',
      processing: 'processing',
      confirmed: 'paid',
      failed: 'failed',
    });
    for (const [word, status] of Object.entries(INVOICE_STATUS)) {
      expect(toInvoiceStatus(word)).toBe(status);
      expect(InvoiceStatus.is(status)).toBe(true);
    }
  });

  it.each([
    'paid',
    'expired',
    'cancelled',
    'CONFIRMED',
    '',
    'toString',
    '__proto__',
    'constructor',
    'not_confirmed',
  ])('maps the unknown word %j to unknown', (word) => {
    expect(toInvoiceStatus(word)).toBe('unknown');
  });
});

describe('callback status (DESIGN §6)', () => {
  it.each([
    ['processing', '', null, 'processing', null],
    ['pending', '', d('0.00064700'), 'partially_paid', null],
    ['pending', '', d('0.00000000'), 'pending', null],
    ['pending', '', null, 'pending', null],
    ['confirmed', '', d('0.00000000'), 'paid', null],
    ['confirmed', '', d('0.00010000'), 'paid', null],
    ['failed', 'Timer expired. User not paid.', d('0.00129400'), 'expired', 'timer_expired'],
    ['failed', 'Transaction in processing too long.', null, 'failed', 'processing_timeout'],
    ['failed', 'Timer expired. User paid less than requested.', null, 'expired', 'timer_expired'],
    ['failed', 'Invoice failed. User paid less than requested.', null, 'failed', 'underpaid'],
    ['failed', 'Something else happened', null, 'failed', 'other'],
    ['failed', '', null, 'failed', 'other'],
    ['created', '', null, 'created', null],
    ['refunded', 'whatever', null, 'unknown', null],
  ] as const)('%s / %j / remaining %s → %s (%s)', (word, error, remaining, status, reason) => {
    expect(callbackStatus(word, error, remaining)).toEqual({ status, failureReason: reason });
  });

  it('matches failure texts loosely', () => {
    expect(failureReasonFromError('TIMER EXPIRED')).toBe('timer_expired');
    expect(failureReasonFromError('invoice expired')).toBe('timer_expired');
    expect(failureReasonFromError('user underpaid')).toBe('underpaid');
    expect(failureReasonFromError('processing took more than 24 h')).toBe('processing_timeout');
    expect(failureReasonFromError(null)).toBe('other');
    expect(failureReasonFromError(undefined)).toBe('other');
  });
});
