import { inspect } from 'node:util';
import { describeInvoiceProviderContract, nockContractServer, useNock } from '@invoicekit/testkit';
import { COINSPAID_BASE_URLS, COINSPAID_PRESETS, createCoinspaidProvider, signCallback } from '../src';
import { fixtures, bodyOf, API_KEY, SECRET_KEY, makeConfig, fullRequest } from './support';

useNock();

const template = fixtures.record('create.response.no-timer').data as Record<string, unknown>;

/** Answers like the platform: the request's foreign_id, currency and amount (8 decimals) echoed back. */
const echoInvoice = (requestBody: string): string => {
  const request = JSON.parse(requestBody) as { foreign_id: string; currency: string; amount: number };
  return bodyOf({
    data: {
      ...template,
      foreign_id: request.foreign_id,
      currency: request.currency,
      amount: request.amount.toFixed(8),
    },
  });
};

/** `POST /invoices/{foreign_id}/cancel/`, trailing slash included. */
const CANCEL_PATH = /^\/invoices\/[^/]+\/cancel\/$/;
const cancelled = fixtures.response('cancel.response.ok');
/** The platform cancels by foreign_id: a bare id must be refused, asking for the orderId. */
const BY_ORDER_ID = { byOrderId: ['cancelInvoice'] as const };

const callbackBody = fixtures.body('callback.invoice.confirmed');
const signedHeaders = {
  'X-Processing-Key': API_KEY,
  'X-Processing-Signature': signCallback(callbackBody, SECRET_KEY),
};

for (const preset of COINSPAID_PRESETS) {
  describeInvoiceProviderContract(preset, async () => ({
    ...BY_ORDER_ID,
    providerId: preset,
    provider: ({ timeoutMs }) =>
      createCoinspaidProvider(makeConfig(preset, { baseUrl: undefined, timeoutMs })),
    server: nockContractServer({
      baseUrl: COINSPAID_BASE_URLS[preset].production,
      createPath: '/invoices/create',
      success: { status: 201, body: echoInvoice },
      operations:
        preset === 'cryptoprocessing'
          ? {
              cancelInvoice: [
                { method: 'POST', path: CANCEL_PATH, status: cancelled.status, body: () => cancelled.body },
              ],
            }
          : {},
    }),
    secrets: [API_KEY, SECRET_KEY],
    validRequest: (orderId) => ({ ...fullRequest(orderId), amount: '12.50' }),
    unauthorizedBody: fixtures.body('error.403.bad-key'),
    unsupportedCall: (provider) =>
      provider.createInvoice({ ...fullRequest('unsupported-1'), payCurrencies: ['BTC'] }),
    validWebhook: async () => ({ headers: signedHeaders, body: callbackBody }),
    tamperedWebhook: async () => ({
      headers: signedHeaders,
      body: callbackBody.replace('"confirmed"', '"processing"'),
    }),
  }));
}

describe('provider object', () => {
  it('keeps the configuration in closures, out of every printed form', () => {
    const provider = createCoinspaidProvider(makeConfig('cryptoprocessing'));
    const printed = [inspect(provider, { depth: null, showHidden: true }), JSON.stringify(provider)].join();
    expect(printed).not.toContain(API_KEY);
    expect(printed).not.toContain(SECRET_KEY);
    expect(Object.keys(provider).sort()).toEqual(
      [
        'cancelInvoice',
        'capabilities',
        'createInvoice',
        'getInvoice',
        'id',
        'maxWebhookBodyBytes',
        'parseWebhook',
      ].sort(),
    );
  });
});
