import nock from 'nock';
import * as E from 'fp-ts/Either';
import { parseJsonLossless, stringifyJson } from '@invoicekit/core/adapter';
import {
  describeFailureMatrix,
  describeInvoiceProviderContract,
  nockContractServer,
  useNock,
  type ContractSetup,
} from '@invoicekit/testkit';
import { signPostbackToken, type CryptocloudProvider } from '../src';
import {
  fixtures,
  envelope,
  createdItem,
  makeProvider,
  API_KEY,
  SECRET_KEY,
  SHOP_ID,
  BASE_URL,
} from './helpers';

useNock();

const orEmpty = E.getOrElse((): unknown => ({}));

/** Answers a create with the documented invoice, echoing the request's order_id, amount and currency. */
const echoCreate = (requestText: string): string => {
  const request = orEmpty(parseJsonLossless(requestText)) as Record<string, unknown>;
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

/** The invoice the server's last create answered with, as merchant/info and merchant/list report it. */
const createdResult = (created: string | null): Record<string, unknown> =>
  (orEmpty(parseJsonLossless(created ?? '{}')) as { result: Record<string, unknown> }).result;

/** The current postback page's documented fields with a token for `89UX09KA` (bare id, the default). */
const signedPostback = async () => ({
  ...fixtures.record('postback.2026'),
  token: await signPostbackToken('89UX09KA', SECRET_KEY),
});

const setup = async (): Promise<ContractSetup> => ({
  providerId: 'cryptocloud',
  provider: ({ timeoutMs }) => makeProvider({ timeoutMs }),
  server: nockContractServer({
    baseUrl: BASE_URL,
    createPath: '/v2/invoice/create',
    success: { status: 200, body: echoCreate },
    operations: {
      getInvoice: [
        {
          method: 'POST',
          path: '/v2/invoice/merchant/info',
          status: 200,
          body: (_request, { created }) => envelope([createdResult(created)]).body,
        },
      ],
      cancelInvoice: [
        {
          method: 'POST',
          path: '/v2/invoice/merchant/canceled',
          status: fixtures.response('cancel.response').status,
          body: () => fixtures.body('cancel.response'),
        },
        {
          method: 'POST',
          path: '/v2/invoice/merchant/info',
          status: 200,
          body: (_request, { created }) => envelope([{ ...createdResult(created), status: 'canceled' }]).body,
        },
      ],
      listInvoices: [
        {
          method: 'POST',
          path: '/v2/invoice/merchant/list',
          status: 200,
          body: (_request, { created }) => envelope([createdResult(created)], { all_count: 1 }).body,
        },
      ],
    },
  }),
  secrets: [API_KEY, SECRET_KEY, SHOP_ID],
  validRequest: (orderId) => ({
    orderId,
    amount: '12.5',
    currency: 'EUR',
    customer: { email: 'buyer@shop.example' },
  }),
  unauthorizedBody: fixtures.body('error.400.authorization'),
  unsupportedCall: (provider) =>
    provider.createInvoice({
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
});

describeInvoiceProviderContract('cryptocloud', setup);

describeFailureMatrix('cryptocloud', setup, [
  {
    operation: 'listInvoices',
    call: (provider) =>
      (provider as CryptocloudProvider).listInvoices({
        from: new Date('2026-01-01'),
        to: new Date('2026-01-31'),
      }),
  },
]);
