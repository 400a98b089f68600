import { inspect } from 'node:util';
import { parseJsonLossless, stringifyJson } from '@invoicekit/core/adapter';
import {
  describeFailureMatrix,
  describeInvoiceProviderContract,
  expectRight,
  nockContractServer,
  useNock,
  type ContractSetup,
} from '@invoicekit/testkit';
import {
  CRYPTOMUS_BASE_URLS,
  CRYPTOMUS_PRESETS,
  signWebhook,
  type CryptomusPreset,
  type CryptomusProvider,
} from '../src';
import { API_KEY, fixtures, makeProvider, MERCHANT, PAID_WEBHOOK } from './helpers';

useNock();

const created = fixtures.record('create.response').result as Record<string, unknown>;

/** Answers a create like the providers: the SDK fixture's invoice with the request's order, amount and currency. */
const echoCreate = (requestText: string): string => {
  const request = expectRight(parseJsonLossless(requestText)) as Record<string, unknown>;
  return stringifyJson({
    state: 0,
    result: { ...created, order_id: request.order_id, amount: request.amount, currency: request.currency },
  });
};

const lastCreated = (text: string | null): Record<string, unknown> =>
  (expectRight(parseJsonLossless(text ?? '{}')) as { result: Record<string, unknown> }).result;

const paidWebhook = signWebhook({ ...PAID_WEBHOOK, uuid: created.uuid }, API_KEY);

const setup = (preset: CryptomusPreset) => async (): Promise<ContractSetup> => ({
  providerId: preset,
  provider: ({ timeoutMs }) => makeProvider({ baseUrl: undefined, timeoutMs }, {}, preset),
  server: nockContractServer({
    baseUrl: CRYPTOMUS_BASE_URLS[preset],
    createPath: '/v1/payment',
    success: { status: 200, body: echoCreate },
    operations: {
      getInvoice: [
        {
          method: 'POST',
          path: '/v1/payment/info',
          status: 200,
          body: (_request, context) => stringifyJson({ state: 0, result: lastCreated(context.created) }),
        },
      ],
      listInvoices: [
        {
          method: 'POST',
          path: /^\/v1\/payment\/list/,
          status: 200,
          body: (_request, context) =>
            stringifyJson({
              state: 0,
              result: { items: [lastCreated(context.created)], paginate: { nextCursor: null } },
            }),
        },
      ],
    },
  }),
  secrets: [API_KEY],
  validRequest: (orderId) => ({ orderId, amount: '12.5', currency: 'EUR' }),
  unauthorizedBody: fixtures.body('error.401.message'),
  unsupportedCall: (provider) => provider.cancelInvoice(String(created.uuid)),
  validWebhook: async () => ({ headers: { 'content-type': 'application/json' }, body: paidWebhook }),
  tamperedWebhook: async () => ({
    headers: { 'content-type': 'application/json' },
    body: paidWebhook.replace('"payment_amount":"15.00"', '"payment_amount":"16.00"'),
  }),
});

for (const preset of CRYPTOMUS_PRESETS) {
  describeInvoiceProviderContract(preset, setup(preset));
  describeFailureMatrix(preset, setup(preset), [
    { operation: 'listInvoices', call: (provider) => (provider as CryptomusProvider).listInvoices({}) },
  ]);
}

describe('provider object', () => {
  it('keeps the configuration in closures, out of every printed form', () => {
    const provider = makeProvider({ payoutKey: `${API_KEY}-payout` });
    const printed = [inspect(provider, { depth: null, showHidden: true }), JSON.stringify(provider)].join();
    expect(printed).not.toContain(API_KEY);
    expect(printed).not.toContain(MERCHANT);
  });
});
