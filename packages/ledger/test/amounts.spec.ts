import { checkAmount, type Expected } from '../src/amounts';
import { money } from './support/fakeProvider';

const eur: Expected = {
  price: money('149.9', 'EUR'),
  payment: { currency: 'BTC', amount: '0.0013' as never },
};

describe('checkAmount', () => {
  it('passes an exact payment in the price currency', () => {
    expect(checkAmount(eur, money('149.9', 'EUR'), 'paid')).toEqual({
      flags: [],
      note: 'received 149.9 EUR of 149.9 EUR',
    });
  });

  it('compares decimals exactly, not as floats', () => {
    const price: Expected = { price: money('0.3', 'USD'), payment: null };
    expect(checkAmount(price, money('0.30000000000000004', 'USD'), 'paid').flags).toEqual(['overpaid']);
    expect(checkAmount(price, money('0.29999999999999999', 'USD'), 'paid').flags).toEqual(['underpaid']);
    expect(checkAmount(price, money('0.30000000', 'USD'), 'paid').flags).toEqual([]);
  });

  it('flags a paid invoice that received less as underpaid, never as silently paid', () => {
    expect(checkAmount(eur, money('149.89', 'EUR'), 'paid')).toEqual({
      flags: ['underpaid'],
      note: 'received 149.89 EUR, less than the 149.9 EUR asked',
    });
  });

  it('does not call a partial payment underpaid, but flags any status that received more', () => {
    expect(checkAmount(eur, money('100', 'EUR'), 'partially_paid').flags).toEqual([]);
    expect(checkAmount(eur, money('150', 'EUR'), 'processing').flags).toEqual(['overpaid']);
  });

  it('compares a crypto amount with the quoted pay amount, currencies case-insensitively', () => {
    expect(checkAmount(eur, money('0.0013', 'btc'), 'paid').flags).toEqual([]);
    expect(checkAmount(eur, money('0.0012', 'BTC'), 'paid').flags).toEqual(['underpaid']);
  });

  it('flags a currency the invoice did not ask for', () => {
    expect(checkAmount(eur, money('0.05', 'ETH'), 'paid')).toEqual({
      flags: ['currency_mismatch'],
      note: 'received 0.05 ETH, but the invoice asked for EUR (price) or BTC (pay currency)',
    });
  });

  it('says when a paid invoice could not be checked', () => {
    expect(checkAmount(eur, null, 'paid').flags).toEqual(['amount_unchecked']);
    const unquoted: Expected = { price: money('10', 'EUR'), payment: { currency: 'BTC', amount: null } };
    expect(checkAmount(unquoted, money('0.0001', 'BTC'), 'paid').flags).toEqual(['amount_unchecked']);
    expect(checkAmount({ price: null, payment: null }, money('10', 'EUR'), 'overpaid').flags).toEqual([
      'amount_unchecked',
    ]);
  });

  it('checks nothing for statuses that report no payment', () => {
    expect(checkAmount(eur, money('1', 'EUR'), 'expired')).toEqual({ flags: [], note: '' });
    expect(checkAmount(eur, null, 'pending')).toEqual({ flags: [], note: '' });
  });
});
