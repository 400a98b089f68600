import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import {
  getOrThrow,
  InvoiceKitError,
  toPromise,
  withPromises,
  type Decimal,
  type Invoice,
  type InvoiceEvent,
  type InvoiceProvider,
} from '../src';
import { invalidConfig, notFound, signatureInvalid, timeout, unsupported } from '../src/adapter';

const invoice: Invoice = {
  provider: 'coinspaid',
  id: '1',
  orderId: 'o-1',
  customerReference: null,
  status: 'created',
  providerStatus: 'created',
  failureReason: null,
  paymentUrl: 'https://pay.example/1',
  title: null,
  price: { amount: '1.00' as Decimal, currency: 'EUR' },
  payment: null,
  received: null,
  remaining: null,
  createdAt: null,
  expiresAt: null,
  testMode: true,
  raw: null,
};

const event: InvoiceEvent = {
  provider: 'coinspaid',
  invoiceId: '1',
  orderId: 'o-1',
  status: 'paid',
  providerStatus: 'confirmed',
  failureReason: null,
  received: null,
  remaining: null,
  transactions: [],
  dedupeKey: 'k',
  confirmed: true,
  testMode: true,
  raw: null,
};

const catchError = async (promise: Promise<unknown>): Promise<InvoiceKitError> => {
  try {
    await promise;
  } catch (e) {
    if (e instanceof InvoiceKitError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
};

describe('InvoiceKitError', () => {
  it('carries the tagged error, its tag and a one-line message linking its docs section', () => {
    const error = new InvoiceKitError(timeout('alphapo', 300));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvoiceKitError');
    expect(error.tag).toBe('Timeout');
    expect(error.error).toEqual(timeout('alphapo', 300));
    expect(error.message).toBe(
      '[alphapo] Timeout: alphapo did not answer within 300 ms ' +
        '(see https://github.com/invoicekit/invoicekit/blob/main/docs/errors.md#timeout)',
    );
  });

  it('describes a configuration error', () => {
    expect(new InvoiceKitError(invalidConfig([{ path: 'apiKey', message: 'is required' }])).message).toBe(
      'InvalidConfig: Invalid configuration: apiKey: is required ' +
        '(see https://github.com/invoicekit/invoicekit/blob/main/docs/errors.md#invalidconfig)',
    );
  });
});

describe('toPromise', () => {
  it('resolves with the Right value', async () => {
    await expect(toPromise(TE.right(invoice))).resolves.toBe(invoice);
  });

  it('rejects with an InvoiceKitError carrying the Left', async () => {
    const error = await catchError(toPromise(TE.left(notFound('coinspaid', 404, '9'))));
    expect(error.tag).toBe('NotFound');
    expect(error.error).toMatchObject({ _tag: 'NotFound', status: 404 });
  });
});

describe('getOrThrow', () => {
  it('returns the Right value', () => {
    expect(getOrThrow(E.right(42))).toBe(42);
  });

  it('throws an InvoiceKitError for a Left', () => {
    const left = E.left(unsupported('cryptocloud', 'cancelInvoice'));
    expect(() => getOrThrow(left)).toThrow(InvoiceKitError);
    expect(() => getOrThrow(left)).toThrow(
      '[cryptocloud] Unsupported: cryptocloud does not support cancelInvoice',
    );
  });
});

describe('withPromises', () => {
  const calls: string[] = [];
  const provider: InvoiceProvider = {
    id: 'coinspaid',
    capabilities: {
      operations: { createInvoice: true, getInvoice: true, cancelInvoice: false, listInvoices: false },
      requiredFields: [],
      unsupportedFields: [],
      ignoredFields: [],
      expiresInMinutes: 'any',
      amountFractionDigits: { max: 8, source: 'test' },
      rejectsDuplicateOrders: false,
    },
    createInvoice: (request) => {
      calls.push(`create:${request.orderId}`);
      return TE.right(invoice);
    },
    getInvoice: (ref) => {
      const id = typeof ref === 'string' ? ref : ref.id;
      calls.push(`get:${id}`);
      return id === '1' ? TE.right(invoice) : TE.left(notFound('coinspaid', 404, id));
    },
    cancelInvoice: (ref) => {
      calls.push(`cancel:${typeof ref === 'string' ? ref : ref.id}`);
      return TE.left(unsupported('coinspaid', 'cancelInvoice'));
    },
    parseWebhook: (request) => {
      calls.push(`webhook:${String(request.body)}`);
      return request.body === 'ok'
        ? TE.right(event)
        : TE.left(signatureInvalid('coinspaid', 'bad signature'));
    },
  };
  const wrapped = withPromises(provider);

  beforeEach(() => {
    calls.length = 0;
  });

  it('keeps id and capabilities', () => {
    expect(wrapped.id).toBe('coinspaid');
    expect(wrapped.capabilities).toBe(provider.capabilities);
  });

  it('resolves every method on success and forwards its arguments', async () => {
    await expect(wrapped.createInvoice({ orderId: 'o-1', amount: '1.00', currency: 'EUR' })).resolves.toBe(
      invoice,
    );
    await expect(wrapped.getInvoice('1')).resolves.toBe(invoice);
    await expect(wrapped.parseWebhook({ headers: {}, body: 'ok' })).resolves.toBe(event);
    expect(calls).toEqual(['create:o-1', 'get:1', 'webhook:ok']);
  });

  it('rejects every method with an InvoiceKitError on failure', async () => {
    expect((await catchError(wrapped.getInvoice('2'))).tag).toBe('NotFound');
    expect((await catchError(wrapped.cancelInvoice('1'))).tag).toBe('Unsupported');
    expect((await catchError(wrapped.parseWebhook({ headers: {}, body: 'tampered' }))).tag).toBe(
      'SignatureInvalid',
    );
    expect(calls).toEqual(['get:2', 'cancel:1', 'webhook:tampered']);
  });

  it('passes findInvoicesByOrderId through only where the provider has it', async () => {
    expect(wrapped.findInvoicesByOrderId).toBeUndefined();
    const finding = withPromises({
      ...provider,
      findInvoicesByOrderId: (orderId) =>
        orderId === 'o-1' ? TE.right([invoice]) : TE.left(notFound('coinspaid', 404, orderId)),
    });
    await expect(finding.findInvoicesByOrderId?.('o-1')).resolves.toEqual([invoice]);
    expect((await catchError(finding.findInvoicesByOrderId!('o-2'))).tag).toBe('NotFound');
  });
});
