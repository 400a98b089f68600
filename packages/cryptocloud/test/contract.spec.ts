import nock from 'nock';
import * as E from 'fp-ts/Either';
import { parseJsonLossless, stringifyJson } from '@invoicekit/core/adapter';
import { describeInvoiceProviderContract, nockContractServer } from '@invoicekit/testkit';
import { signPostbackToken, type CryptocloudProvider } from '../src';
import {
  API_KEY,
  BASE_URL,
  SECRET_KEY,
  SHOP_ID,
  createdItem,
  envelope,
  makeProvider,
  parsed,
  responseFixture,
} from './helpers';

beforeAll(() => nock.disableNetConnect());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** Answers a create with the documented invoice, echoing the request's order_id, amount and currency. */
const echoCreate = (requestText: string): string => {
  const request = E.getOrElse((): unknown => ({}))(parseJsonLossless(requestText)) as Record<string, unknown>;
  return stringifyJson({
    status: 'success',
    result: {
      ...createdItem(),
      order_id: request.order_id,
      amount_in_fiat: request.amount,
      fiat_currency: request.currency,
    },
  });
};

/** The current postback page's documented fields with a token for `89UX09KA` (bare id, the default). */
const signedPostback = async () => ({
  ...parsed('postback.2026'),
  token: await signPostbackToken('89UX09KA', SECRET_KEY),
});

describeInvoiceProviderContract('cryptocloud', async () => ({
  providerId: 'cryptocloud',
  provider: ({ timeoutMs }) => makeProvider({ timeoutMs }),
  server: nockContractServer({
    baseUrl: BASE_URL,
    createPath: '/v2/invoice/create',
    success: { status: 200, body: echoCreate },
  }),
  secrets: [API_KEY, SECRET_KEY, SHOP_ID],
  validRequest: (orderId) => ({
    orderId,
    amount: '12.5',
    currency: 'EUR',
    customer: { email: 'buyer@shop.example' },
  }),
  unauthorizedBody: responseFixture('error.400.authorization').body,
  unsupportedCall: (provider) =>
    (provider as CryptocloudProvider).createInvoice({
      orderId: 'partial-1',
      amount: '12.5',
      currency: 'EUR',
      allowPartialPayment: true,
    }),
  validWebhook: async () => {
    // Postbacks are confirmed by default: merchant/info answers with the documented invoice object.
    nock(BASE_URL)
      .post('/v2/invoice/merchant/info')
      .reply(200, envelope([createdItem()]).body);
    return { headers: { 'Content-Type': 'application/json' }, body: stringifyJson(await signedPostback()) };
  },
  tamperedWebhook: async () => ({
    headers: { 'Content-Type': 'application/json' },
    body: stringifyJson({ ...(await signedPostback()), invoice_id: 'OTHER001' }),
  }),
}));
