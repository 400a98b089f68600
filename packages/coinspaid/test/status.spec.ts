import fc from 'fast-check';
import { InvoiceStatus, type Decimal } from '@invoicekit/core';
import {
  callbackStatus,
  FAILURE_CAUSE,
  failureReasonFromError,
  INVOICE_STATUS,
  toInvoiceStatus,
} from '../src/status';
import { fixtures } from './support';

const d = (s: string) => s as Decimal;

// The three documented `error` texts (coinspaid/docs api-documentation/v2/invoices.md, callbacks.md).
const NOT_PAID = 'Timer expired. User not paid.';
const UNDERPAID = 'Timer expired. User paid less than requested.';
const PROCESSING = 'Timer expired. Transactions were in status processing too long.';

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
    ['failed', NOT_PAID, d('0.00129400'), 'expired', 'timer_expired'],
    ['failed', UNDERPAID, d('0.0099'), 'failed', 'underpaid'],
    ['failed', PROCESSING, d('0.0099'), 'failed', 'processing_timeout'],
    ['failed', 'Transaction in processing too long.', null, 'failed', 'other'],
    ['failed', 'Invoice failed. User paid less than requested.', null, 'failed', 'other'],
    ['failed', 'Something else happened', null, 'failed', 'other'],
    ['failed', '', null, 'failed', 'other'],
    ['failed', null, null, 'failed', 'other'],
    ['failed', 'Invoice cancelled by merchant.', d('0.02'), 'cancelled', null],
    ['failed', 'Invoice was canceled.', null, 'cancelled', null],
    ['failed', 'Cancellation requested by merchant', null, 'cancelled', null],
    ['failed', 'Timer expired. Invoice cancelled.', null, 'failed', 'other'],
    ['failed', 'Cancelling is not possible', null, 'failed', 'other'],
    ['processing', 'Invoice cancelled by merchant.', null, 'processing', null],
    ['created', '', null, 'created', null],
    ['refunded', 'whatever', null, 'unknown', null],
  ] as const)('%s / %j / remaining %s → %s (%s)', (word, error, remaining, status, reason) => {
    expect(callbackStatus(word, error, remaining)).toEqual({ status, failureReason: reason });
  });

  it.each([
    ['callback.invoice.failed-timer', 'timer_expired'],
    ['callback.invoice.failed-underpaid', 'underpaid'],
    ['callback.invoice.failed-processing-too-long', 'processing_timeout'],
  ])('reads the documented error text of %s as %s', (name, reason) => {
    expect(failureReasonFromError(fixtures.record(name).error as string)).toBe(reason);
  });

  it('knows exactly the three documented causes', () => {
    expect(FAILURE_CAUSE).toEqual({
      'user not paid': 'timer_expired',
      'user paid less than requested': 'underpaid',
      'transactions were in status processing too long': 'processing_timeout',
    });
  });

  it('tolerates case, runs of white space and a missing final full stop in a documented text', () => {
    expect(failureReasonFromError('timer expired. user not paid.')).toBe('timer_expired');
    expect(failureReasonFromError('  Timer expired.   User paid less\tthan requested  ')).toBe('underpaid');
    expect(failureReasonFromError('TIMER EXPIRED.TRANSACTIONS WERE IN STATUS PROCESSING TOO LONG')).toBe(
      'processing_timeout',
    );
  });

  it.each([
    'Timer expired.',
    'Timer expired',
    'TIMER EXPIRED',
    'invoice expired',
    'User not paid.',
    'User paid less than requested.',
    'Timer expired. User not paid. Refund sent.',
    'Timer expired. User not paid in full.',
    'Timer expired. User paid less.',
    'Timer expired: User not paid.',
    'user underpaid',
    'processing took more than 24 h',
  ])('never guesses a reason from the undocumented text %j: other', (text) => {
    expect(failureReasonFromError(text)).toBe('other');
  });

  it('answers other for a missing error text', () => {
    expect(failureReasonFromError(null)).toBe('other');
    expect(failureReasonFromError(undefined)).toBe('other');
  });

  it('never reads any other text as timer_expired, so a failed invoice is expired only on the documented text', () => {
    const notPaid = /^\s*timer\s+expired\.\s*user\s+not\s+paid\s*\.?\s*$/i;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `Timer expired. ${s}`),
          fc.constantFrom(NOT_PAID, UNDERPAID, PROCESSING).map((s) => `${s} x`),
        ),
        (text) => {
          expect(failureReasonFromError(text) === 'timer_expired').toBe(notPaid.test(text));
          const { status } = callbackStatus('failed', text, null);
          expect(status === 'expired').toBe(notPaid.test(text));
        },
      ),
      { numRuns: 500 },
    );
  });
});
