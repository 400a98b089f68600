import * as E from 'fp-ts/Either';
import { parseJsonLossless, stringifyJson } from '@invoicekit/core/adapter';
import {
  describeFailureMatrix,
  describeInvoiceProviderContract,
  nockContractServer,
  useNock,
  type ContractSetup,
  type NockExchange,
} from '@invoicekit/testkit';
import type { NowpaymentsProvider } from '../src';
import { API_KEY, BASE_URL, EMAIL, PASSWORD, SECRET_KEY, fixtures, ipn, makeProvider, sign } from './helpers';

useNock();

const orEmpty = E.getOrElse((): unknown => ({}));
const record = (text: string | null): Record<string, unknown> =>
  orEmpty(parseJsonLossless(text ?? '{}')) as Record<string, unknown>;

/** Answers a create with the documented invoice, echoing the request's order, price and currency. */
const echoCreate = (requestText: string): string => {
  const request = record(requestText);
  return stringifyJson({
    ...fixtures.record('invoice.create.response'),
    order_id: request.order_id,
    price_amount: String(request.price_amount),
    price_currency: request.price_currency,
  });
};

/** The documented list page holding one payment made against the invoice last created. */
const paymentsOf = (created: string | null): string => {
  const invoice = record(created);
  const [own] = fixtures.record('payment.list.response').data as Array<Record<string, unknown>>;
  return stringifyJson({
    ...fixtures.record('payment.list.response'),
    data: [
      {
        ...own,
        invoice_id: invoice.id,
        order_id: invoice.order_id,
        price_amount: invoice.price_amount,
        price_currency: invoice.price_currency,
      },
    ],
  });
};

const auth: NockExchange = {
  method: 'POST',
  path: '/auth',
  status: 200,
  body: () => fixtures.body('auth.response'),
};
const list: NockExchange = {
  method: 'GET',
  path: /^\/payment\/\?/,
  status: 200,
  body: (_request, { created }) => paymentsOf(created),
};

const payment = (): string =>
  JSON.stringify({
    ...(JSON.parse(fixtures.body('payment.status.response')) as object),
    invoice_id: 4522625843,
  });

const setup = async (): Promise<ContractSetup> => ({
  providerId: 'nowpayments',
  provider: ({ timeoutMs }) => makeProvider({ timeoutMs, email: EMAIL, password: PASSWORD }),
  server: nockContractServer({
    baseUrl: BASE_URL,
    createPath: '/invoice',
    success: { status: 201, body: echoCreate },
    operations: { getInvoice: [auth, list], listInvoices: [auth, list] },
  }),
  secrets: [API_KEY, SECRET_KEY, EMAIL, PASSWORD],
  validRequest: (orderId) => ({
    orderId,
    amount: '12.5',
    currency: 'EUR',
    title: 'Apple Macbook Pro 2019 x 1',
  }),
  unauthorizedBody: fixtures.body('error.403.invalid-api-key'),
  unsupportedCall: (provider) => provider.cancelInvoice('4522625843'),
  validWebhook: async () => ipn(payment()),
  tamperedWebhook: async () => ({
    headers: { 'x-nowpayments-sig': sign(payment()) },
    body: payment().replace('"actually_paid":12', '"actually_paid":120'),
  }),
});

describeInvoiceProviderContract('nowpayments', setup);

describeFailureMatrix('nowpayments', setup, [
  {
    operation: 'listInvoices',
    call: (provider) => (provider as NowpaymentsProvider).listPayments({ invoiceId: '4522625843' }),
  },
]);
