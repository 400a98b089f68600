import nock from 'nock';
import * as E from 'fp-ts/Either';
import { parseJsonLossless } from '@invoicekit/core/adapter';
import {
  describeFailureMatrix,
  describeInvoiceProviderContract,
  nockContractServer,
  useNock,
  type ContractSetup,
} from '@invoicekit/testkit';
import type { BtcpayProvider } from '../src';
import {
  API_KEY,
  BASE_URL,
  fixtures,
  makeProvider,
  PATHS,
  plain,
  record,
  signedDelivery,
  STORE_ID,
  WEBHOOK_SECRET,
} from './helpers';

useNock();

const orEmpty = E.getOrElse((): unknown => ({}));

/** Answers a create with the schema-built invoice, echoing the request's amount, currency and metadata. */
const echoCreate = (requestText: string): string => {
  const request = orEmpty(parseJsonLossless(requestText)) as Record<string, unknown>;
  return JSON.stringify({
    ...record('invoice.new'),
    amount: request.amount,
    currency: request.currency,
    metadata: request.metadata,
  });
};

const created = (text: string | null): Record<string, unknown> =>
  (text === null ? record('invoice.new') : JSON.parse(text)) as Record<string, unknown>;

const ID_PATH = /^\/api\/v1\/stores\/[^/]+\/invoices\/[A-Za-z0-9_-]+$/;

const setup = async (): Promise<ContractSetup> => ({
  providerId: 'btcpay',
  provider: ({ timeoutMs }) => makeProvider({ timeoutMs }),
  server: nockContractServer({
    baseUrl: BASE_URL,
    createPath: PATHS.invoices,
    success: { status: 200, body: echoCreate },
    operations: {
      getInvoice: [
        { method: 'GET', path: ID_PATH, status: 200, body: (_r, c) => JSON.stringify(created(c.created)) },
        {
          method: 'GET',
          path: /\/payment-methods$/,
          status: 200,
          body: () => JSON.stringify(plain('methods.unpaid')),
        },
      ],
      cancelInvoice: [
        {
          method: 'POST',
          path: /\/status$/,
          status: 200,
          body: (_r, c) =>
            JSON.stringify({ ...created(c.created), status: 'Invalid', additionalStatus: 'Marked' }),
        },
      ],
      listInvoices: [
        {
          method: 'GET',
          path: /^\/api\/v1\/stores\/[^/]+\/invoices\?orderId=/,
          status: 200,
          body: (_r, c) => JSON.stringify([created(c.created)]),
        },
      ],
    },
  }),
  secrets: [API_KEY, WEBHOOK_SECRET],
  validRequest: (orderId) => ({
    orderId,
    amount: '12.5',
    currency: 'EUR',
    title: 'Order',
    customer: { email: 'buyer@shop.example' },
    expiresInMinutes: 30,
    redirectUrls: { success: 'https://shop.example/paid', failure: 'https://shop.example/failed' },
  }),
  unauthorizedBody: fixtures.body('error.401.unauthenticated'),
  unsupportedCall: (provider) =>
    provider.createInvoice({
      orderId: 'fill-or-kill-1',
      amount: '12.5',
      currency: 'EUR',
      allowPartialPayment: false,
    }),
  validWebhook: async () => {
    nock(BASE_URL)
      .get(PATHS.invoice)
      .reply(200, JSON.stringify(plain('invoice.settled')));
    nock(BASE_URL)
      .get(PATHS.methods)
      .reply(200, JSON.stringify(plain('methods.paid')));
    return signedDelivery(plain('webhook.settled'));
  },
  tamperedWebhook: async () => {
    const delivery = signedDelivery(plain('webhook.settled'));
    return { ...delivery, body: delivery.body.toString().replace(STORE_ID, `${STORE_ID.slice(0, -1)}7`) };
  },
});

describeInvoiceProviderContract('btcpay', setup);

describeFailureMatrix('btcpay', setup, [
  {
    operation: 'listInvoices',
    call: (provider) => (provider as BtcpayProvider).findInvoicesByOrderId('ORDER-1001'),
  },
]);
