import nock from 'nock';
import * as TE from 'fp-ts/TaskEither';
import { unsupported } from '@invoicekit/core/adapter';
import { describeInvoiceProviderContract, nockContractServer } from '../src';
import { fakeProvider, signFake } from './fakeProvider';

const BASE_URL = 'https://fake-provider.test/api';
const API_KEY = 'fake-api-key-0123456789';
const webhookBody = '{"status":"paid"}';

beforeAll(() => nock.disableNetConnect());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describeInvoiceProviderContract('fake provider', async () => ({
  providerId: 'coinspaid',
  provider: ({ timeoutMs }) => fakeProvider(BASE_URL, API_KEY, timeoutMs),
  server: nockContractServer({
    baseUrl: BASE_URL,
    createPath: '/create',
    success: {
      status: 200,
      body: (request) =>
        JSON.stringify({ id: 7, order: JSON.parse(request).order, amount: '12.50', currency: 'EUR' }),
    },
  }),
  secrets: [API_KEY],
  validRequest: (orderId) => ({
    orderId,
    amount: '12.5',
    currency: 'EUR',
    customer: { email: 'a@shop.example' },
  }),
  unauthorizedBody: '{"error":"bad key"}',
  unsupportedCall: () => TE.left(unsupported('coinspaid', 'getInvoice')),
  validWebhook: async () => ({
    headers: { 'X-Signature': signFake(API_KEY, webhookBody) },
    body: webhookBody,
  }),
  tamperedWebhook: async () => ({
    headers: { 'X-Signature': signFake(API_KEY, webhookBody) },
    body: webhookBody.replace('paid', 'PAID'),
  }),
}));
