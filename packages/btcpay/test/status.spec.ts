import { BTCPAY_INVOICE_STATUS, BtcpayAdditionalStatus, BtcpayStatus } from '../src';
import { providerStatusOf, toStatusMeaning } from '../src/status';

const STATUSES = Object.keys(BtcpayStatus.keys);
const ADDITIONAL = Object.keys(BtcpayAdditionalStatus.keys);

describe('BTCPay status table', () => {
  it('maps every documented status × additionalStatus', () => {
    for (const status of STATUSES) {
      for (const additional of ADDITIONAL) {
        expect(toStatusMeaning(status, additional).status).not.toBe('unknown');
      }
    }
    expect(Object.keys(BTCPAY_INVOICE_STATUS).sort()).toEqual([...STATUSES].sort());
  });

  it.each([
    ['New', 'None', 'pending', null],
    ['New', 'PaidPartial', 'partially_paid', null],
    ['Processing', 'None', 'processing', null],
    ['Settled', 'None', 'paid', null],
    ['Settled', 'PaidOver', 'overpaid', null],
    ['Settled', 'Marked', 'paid', null],
    ['Settled', 'PaidLate', 'paid', null],
    ['Expired', 'None', 'expired', 'timer_expired'],
    ['Expired', 'PaidPartial', 'failed', 'underpaid'],
    ['Expired', 'PaidLate', 'paid', null],
    ['Invalid', 'Marked', 'cancelled', null],
    ['Invalid', 'None', 'failed', 'processing_timeout'],
  ])('maps %s/%s to %s (%s)', (status, additional, canonical, reason) => {
    expect(toStatusMeaning(status, additional)).toEqual({ status: canonical, failureReason: reason });
  });

  it.each([
    ['Paid', 'None'],
    ['New', 'Refunded'],
    ['toString', 'None'],
    ['New', 'constructor'],
  ])('maps the unknown pair %s/%s to unknown', (status, additional) => {
    expect(toStatusMeaning(status, additional).status).toBe('unknown');
  });

  it('reads a missing additionalStatus as None', () => {
    expect(toStatusMeaning('Settled', null).status).toBe('paid');
    expect(providerStatusOf('Settled', null)).toBe('Settled');
    expect(providerStatusOf('Expired', 'PaidLate')).toBe('Expired/PaidLate');
  });
});
