import * as E from 'fp-ts/Either';
import { expectRight } from '@invoicekit/testkit';
import {
  Invoice,
  InvoiceEvent,
  InvoiceStatus,
  Money,
  ProviderCapabilities,
  ProviderId,
  type Decimal,
} from '../src';
import { DateFromISOString } from '../src/adapter';

const invoice: Invoice = {
  provider: 'coinspaid',
  id: '826900',
  orderId: 'order-1001',
  customerReference: 'cust-42',
  status: 'pending',
  providerStatus: 'pending',
  failureReason: null,
  paymentUrl: 'https://pay.example/826900',
  title: 'Order 1001',
  price: { amount: '12.50' as Decimal, currency: 'EUR' },
  payment: {
    currency: 'BTC',
    amount: '0.00021234' as Decimal,
    address: 'bc1qexample',
    tag: null,
    network: 'bitcoin',
  },
  received: { amount: '0.0001' as Decimal, currency: 'BTC' },
  remaining: { amount: '0.00011234' as Decimal, currency: 'BTC' },
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  expiresAt: new Date('2026-01-01T01:00:00.000Z'),
  testMode: false,
  raw: { id: '826900', amount: '12.50' },
};

const event: InvoiceEvent = {
  provider: 'cryptocloud',
  invoiceId: 'INV-89UX09KA',
  orderId: null,
  status: 'partially_paid',
  providerStatus: 'partial',
  failureReason: null,
  received: { amount: '0.0001' as Decimal, currency: 'BTC' },
  remaining: { amount: '0.00011234' as Decimal, currency: 'BTC' },
  transactions: [{ id: null, txid: 'ab12', currency: 'BTC', amount: '0.0001' as Decimal, confirmations: 2 }],
  dedupeKey: 'INV-89UX09KA:partial:ab12',
  confirmed: true,
  testMode: true,
  raw: 'token-body',
};

describe('Invoice', () => {
  it('round-trips through encode and decode, dates included', () => {
    const encoded = Invoice.encode(invoice);
    expect(encoded.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect(expectRight(Invoice.decode(JSON.parse(JSON.stringify(encoded))))).toEqual(invoice);
  });

  it('round-trips with every nullable field null', () => {
    const bare: Invoice = {
      ...invoice,
      orderId: null,
      customerReference: null,
      title: null,
      payment: null,
      received: null,
      remaining: null,
      createdAt: null,
      expiresAt: null,
    };
    expect(expectRight(Invoice.decode(Invoice.encode(bare)))).toEqual(bare);
  });

  it.each([
    ['an invalid status', { status: 'settled' }],
    ['a provider that is not an id', { provider: 42 }],
    ['a float price', { price: { amount: 12.5, currency: 'EUR' } }],
    ['an exponent price', { price: { amount: '1e3', currency: 'EUR' } }],
    ['a bad date', { createdAt: 'yesterday-ish' }],
  ])('rejects %s', (_label, patch) => {
    expect(E.isLeft(Invoice.decode({ ...Invoice.encode(invoice), ...patch }))).toBe(true);
  });
});

describe('InvoiceEvent', () => {
  it('round-trips through encode and decode', () => {
    expect(expectRight(InvoiceEvent.decode(InvoiceEvent.encode(event)))).toEqual(event);
  });

  it('accepts every failure reason and null', () => {
    for (const failureReason of ['timer_expired', 'underpaid', 'processing_timeout', 'other', null]) {
      expect(E.isRight(InvoiceEvent.decode({ ...event, status: 'failed', failureReason }))).toBe(true);
    }
  });

  it.each([
    ['an invalid status', { status: 'PAID' }],
    ['an unknown failure reason', { failureReason: 'bored' }],
    ['a transaction with a float amount', { transactions: [{ ...event.transactions[0], amount: 0.1 }] }],
  ])('rejects %s', (_label, patch) => {
    expect(E.isLeft(InvoiceEvent.decode({ ...event, ...patch }))).toBe(true);
  });
});

describe('small model codecs', () => {
  it('lists exactly the fourteen canonical statuses, and takes any provider id', () => {
    expect(Object.keys(InvoiceStatus.keys).join(' ')).toBe(
      'created pending processing partially_paid held paid overpaid expired cancelled failed refunding refunded refund_failed unknown',
    );
    expect(ProviderId.is('cryptocloud') && ProviderId.is('a-new-provider')).toBe(true);
  });

  it('decodes ISO date strings and refuses non-strings', () => {
    expect(DateFromISOString.decode('2026-01-01T00:00:00Z')).toEqual(
      E.right(new Date('2026-01-01T00:00:00Z')),
    );
    expect(E.isLeft(DateFromISOString.decode(1767225600000))).toBe(true);
    expect(E.isLeft(DateFromISOString.decode('not a date'))).toBe(true);
  });

  it('requires Money to carry a decimal string', () => {
    expect(Money.is({ amount: '1.00', currency: 'USD' })).toBe(true);
    expect(Money.is({ amount: 1, currency: 'USD' })).toBe(false);
  });

  it('describes capabilities', () => {
    const capabilities = {
      operations: { createInvoice: true, getInvoice: true, cancelInvoice: false, listInvoices: false },
      requiredFields: ['customer.email'],
      unsupportedFields: ['allowPartialPayment'],
      ignoredFields: ['title'],
      expiresInMinutes: [15, 60],
      amountFractionDigits: { max: 8, source: 'create responses carry 8 decimals' },
      rejectsDuplicateOrders: true,
    };
    expect(expectRight(ProviderCapabilities.decode(capabilities))).toEqual(capabilities);
    expect(E.isLeft(ProviderCapabilities.decode({ ...capabilities, expiresInMinutes: 'some' }))).toBe(true);
  });
});
