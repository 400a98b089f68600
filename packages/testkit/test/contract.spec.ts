import { describeFailureMatrix, describeInvoiceProviderContract, nockContractServer, useNock } from '../src';
import type { ContractSetup, ContractServer, NockServerOptions } from '../src';
import { serverFor, type SuiteState } from '../src/suite';
import { fakeProvider, signFake, type FakeProvider } from './fakeProvider';

const BASE_URL = 'https://fake-provider.test/api';
const API_KEY = 'fake-api-key-0123456789';
const webhookBody = '{"status":"paid"}';

useNock();

const createdBody = (request: string): string =>
  JSON.stringify({
    id: 7,
    order: JSON.parse(request).order,
    amount: '12.50',
    currency: 'EUR',
    status: 'new',
  });

const cancelledBody = (created: string | null): string =>
  JSON.stringify({ ...JSON.parse(created ?? '{}'), status: 'cancelled' });

const ROUTES: NockServerOptions = {
  baseUrl: BASE_URL,
  createPath: '/create',
  success: { status: 200, body: createdBody },
  operations: {
    getInvoice: [
      { method: 'GET', path: /^\/invoices\/\w+$/, status: 200, body: (_b, { created }) => created ?? '' },
    ],
    cancelInvoice: [
      {
        method: 'POST',
        path: /^\/invoices\/\w+\/cancel$/,
        status: 200,
        body: (_b, { path }) => JSON.stringify({ id: path.split('/')[2], cancelled: true }),
      },
      {
        method: 'GET',
        path: /^\/invoices\/\w+$/,
        status: 200,
        body: (_b, { created }) => cancelledBody(created),
      },
    ],
    listInvoices: [
      { method: 'GET', path: '/invoices', status: 200, body: (_b, { created }) => `[${created}]` },
    ],
  },
};

const fakeSetup = (
  supports: { readonly getInvoice: boolean; readonly cancelInvoice: boolean },
  server: ContractServer,
): ContractSetup => ({
  providerId: 'fake',
  provider: ({ timeoutMs }) => fakeProvider({ baseUrl: BASE_URL, apiKey: API_KEY, timeoutMs, supports }),
  server,
  secrets: [API_KEY],
  validRequest: (orderId) => ({
    orderId,
    amount: '12.5',
    currency: 'EUR',
    customer: { email: 'a@shop.example' },
  }),
  unauthorizedBody: '{"error":"bad key"}',
  unsupportedCall: (provider) =>
    provider.createInvoice({ orderId: 'partial-1', amount: '1', currency: 'EUR', allowPartialPayment: true }),
  validWebhook: async () => ({
    headers: { 'X-Signature': signFake(API_KEY, webhookBody) },
    body: webhookBody,
  }),
  tamperedWebhook: async () => ({
    headers: { 'X-Signature': signFake(API_KEY, webhookBody) },
    body: webhookBody.replace('paid', 'PAID'),
  }),
});

const ALL = { getInvoice: true, cancelInvoice: true };
const NONE = { getInvoice: false, cancelInvoice: false };

describeInvoiceProviderContract('fake provider', async () => fakeSetup(ALL, nockContractServer(ROUTES)));

describeInvoiceProviderContract('fake provider without get and cancel', async () =>
  fakeSetup(
    NONE,
    nockContractServer({ ...ROUTES, operations: { listInvoices: ROUTES.operations.listInvoices } }),
  ),
);

describeFailureMatrix('fake provider', async () => fakeSetup(ALL, nockContractServer(ROUTES)), [
  { operation: 'listInvoices', call: (provider) => (provider as FakeProvider).listInvoices() },
]);

describe('a contract server without a route for a supported operation', () => {
  const server = nockContractServer({ ...ROUTES, operations: { getInvoice: ROUTES.operations.getInvoice } });
  const state: SuiteState = {
    name: 'fake provider',
    setup: () => fakeSetup(ALL, server),
    provider: () => fakeProvider({ baseUrl: BASE_URL, apiKey: API_KEY, timeoutMs: 100 }),
    nextRequest: () => fakeSetup(ALL, server).validRequest('order-1'),
    record: () => undefined,
  };

  it('fails the test that needs it, naming the route to add, instead of skipping', () => {
    expect(serverFor(state, 'getInvoice')).toBe(server);
    expect(() => serverFor(state, 'cancelInvoice')).toThrow(
      'fake provider: cancelInvoice is supported but the ContractServer does not serve it; ' +
        'give it a route (nockContractServer: operations.cancelInvoice)',
    );
  });
});
