import type * as E from 'fp-ts/Either';
import { ProviderCapabilities, type InvoiceError } from '@invoicekit/core';
import { expectLeftTag, useNock } from '@invoicekit/testkit';
import { COINSPAID_PRESETS, createCoinspaidProvider } from '../src';
import { makeConfig } from './support';

const http = useNock();

describe.each(COINSPAID_PRESETS)('%s getInvoice / cancelInvoice', (preset) => {
  const provider = createCoinspaidProvider(makeConfig(preset));
  const cancels = preset === 'cryptoprocessing';

  it('answers getInvoice with an Unsupported that points at parseWebhook, without a request', async () => {
    const result: E.Either<InvoiceError, unknown> = await provider.getInvoice({
      id: '826900',
      orderId: 'order-1',
    })();
    const error = expectLeftTag(result, 'Unsupported');
    expect(error.message).toContain('follow invoice state through parseWebhook');
    expect(http.unmatched()).toBe(0);
  });

  it('says so in its capabilities, with the fields this preset requires', () => {
    expect(ProviderCapabilities.is(provider.capabilities)).toBe(true);
    expect(provider.capabilities).toEqual({
      operations: { createInvoice: true, getInvoice: false, cancelInvoice: cancels, listInvoices: false },
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
