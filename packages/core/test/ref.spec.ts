import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { readInvoiceRef, readInvoiceRefWithId } from '../src/adapter';

describe('readInvoiceRef', () => {
  it.each([
    ['a bare id', 'INV-89UX09KA', { id: 'INV-89UX09KA', orderId: null }],
    ['a bare id with spaces', '  826900 ', { id: '826900', orderId: null }],
    ['an id and order id', { id: '826900', orderId: 'order-1' }, { id: '826900', orderId: 'order-1' }],
    ['an invoice-like object', { id: '1', orderId: null, status: 'paid' }, { id: '1', orderId: null }],
  ])('reads %s', (_label, ref, expected) => {
    expect(expectRight(readInvoiceRef('cryptocloud', ref))).toEqual(expected);
  });

  it.each([
    ['undefined', undefined],
    ['an empty string', '  '],
    ['a number', 826900],
    ['an object without id', { orderId: 'order-1' }],
    ['an empty order id', { id: '1', orderId: '' }],
    ['a numeric order id', { id: '1', orderId: 5 }],
  ])('refuses %s with a hint of what to pass', (_label, ref) => {
    const error = expectLeftTag(readInvoiceRef('coinspaid', ref), 'InvalidRequest');
    expect(error.issues[0]?.path).toBe('ref');
    expect(error.message).toMatch(/the invoice id, or the Invoice/);
  });

  it('turns a throwing getter into an InvalidRequest, reading the ref once', () => {
    let reads = 0;
    const ref = Object.defineProperty({ orderId: null }, 'id', {
      enumerable: true,
      get: () => {
        reads += 1;
        throw new Error('no');
      },
    });
    expect(expectLeftTag(readInvoiceRef('coinspaid', ref), 'InvalidRequest').issues[0]?.path).toBe('id');
    expect(reads).toBe(1);
  });
});

describe('readInvoiceRefWithId', () => {
  const read = readInvoiceRefWithId('nowpayments', (id) => /^\d+$/.test(id), 'must be digits');

  it('passes a ref whose id the provider writes', () => {
    expect(expectRight(read({ id: '4522625843', orderId: 'order-1' }))).toEqual({
      id: '4522625843',
      orderId: 'order-1',
    });
  });

  it('refuses an id the provider never writes, naming the form, before anything is sent', () => {
    expect(expectLeftTag(read('../admin'), 'InvalidRequest').issues).toEqual([
      { path: 'id', message: 'must be digits' },
    ]);
  });

  it('still refuses what is not a ref at all', () => {
    expect(expectLeftTag(read(42), 'InvalidRequest').issues[0]?.path).toBe('ref');
  });
});
