import nock from 'nock';
import type { TaskEither } from 'fp-ts/TaskEither';
import { ProviderCapabilities, type InvoiceError, type InvoiceRef } from '@invoicekit/core';
import { expectLeftTag } from '@invoicekit/testkit';
import { COINSPAID_PRESETS, createCoinspaidProvider } from '../src';
import { makeConfig } from './support';

let requests = 0;
const count = () => (requests += 1);

beforeAll(() => {
  nock.disableNetConnect();
  nock.emitter.on('no match', count);
});
afterAll(() => {
  nock.emitter.removeListener('no match', count);
  nock.enableNetConnect();
  // Jest reuses the worker process: without this, the next spec file's nock stacks a second interceptor.
  nock.restore();
});

describe.each(COINSPAID_PRESETS)('%s getInvoice / cancelInvoice', (preset) => {
  const provider = createCoinspaidProvider(makeConfig(preset));

  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const refs: ReadonlyArray<readonly [string, unknown]> = [
    ['a bare id', '826900'],
    ['an Invoice-shaped ref', { id: '826900', orderId: 'test_foreign_id_0344' }],
    ['a ref without orderId', { id: '826900', orderId: null }],
    ['a revoked proxy', revoked.proxy],
    ['undefined', undefined],
  ];

  it.each(['getInvoice', 'cancelInvoice'] as const)(
    '%s is Unsupported without a request, whatever the ref',
    async (operation) => {
      const scope = nock('https://api.coinspaid.test').post(/.*/).reply(500);
      for (const [, ref] of refs) {
        const calling = (): TaskEither<InvoiceError, unknown> => provider[operation](ref as InvoiceRef);
        expect(calling).not.toThrow();
        const error = expectLeftTag(await calling()(), 'Unsupported');
        expect(error).toMatchObject({
          provider: preset,
          feature: operation,
          message: expect.stringContaining('parseWebhook'),
        });
      }
      expect(scope.isDone()).toBe(false);
      expect(requests).toBe(0);
      nock.cleanAll();
    },
  );

  it('says so in its capabilities, with the fields this preset requires', () => {
    expect(ProviderCapabilities.is(provider.capabilities)).toBe(true);
    expect(provider.capabilities).toEqual({
      operations: { createInvoice: true, getInvoice: false, cancelInvoice: false, listInvoices: false },
      requiredFields: [
        'title',
        'redirectUrls',
        'customer.email',
        ...(preset === 'cryptoprocessing' ? ['customer.reference', 'customer.sender'] : []),
      ],
      unsupportedFields: ['payCurrencies'],
      ignoredFields: [],
      expiresInMinutes: [15],
      amountFractionDigits: { max: 8, source: expect.stringContaining('"100.00000000"') },
      rejectsDuplicateOrders: true,
    });
    expect(provider.capabilities.amountFractionDigits.source).toContain(
      'docs.cryptoprocessing.com/api-reference/endpoints/invoices-create',
    );
  });

  it('drops fields the configured defaults cover', () => {
    const withDefaults = createCoinspaidProvider(
      makeConfig(preset, {
        defaults: {
          title: 'Order',
          redirectUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/ko' },
          email: 'refunds@shop.example',
        },
      }),
    );
    expect(withDefaults.capabilities.requiredFields).toEqual(
      preset === 'cryptoprocessing' ? ['customer.reference', 'customer.sender'] : [],
    );
  });
});
