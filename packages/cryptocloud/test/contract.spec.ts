import nock from 'nock';
import { SignJWT } from 'jose';
import * as E from 'fp-ts/Either';
import { parseJsonLossless, stringifyJson } from '@invoicekit/core';
import { describeInvoiceProviderContract, nockContractServer } from '@invoicekit/testkit';
import type { CryptocloudProvider } from '../src';
import { API_KEY, BASE_URL, SECRET_KEY, fixture, makeProvider, responseFixture } from './helpers';

beforeAll(() => nock.disableNetConnect());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const createdResult = (fixture('create.response') as { body: { result: Record<string, unknown> } }).body
  .result;

/** Answers a create with the documented invoice, echoing the request's order_id, amount and currency. */
const echoCreate = (requestText: string): string => {
  const parsed = parseJsonLossless(requestText);
  const request = (E.isRight(parsed) ? parsed.right : {}) as Record<string, unknown>;
  return stringifyJson({
    status: 'success',
    result: {
      ...createdResult,
      order_id: request.order_id,
      amount_in_fiat: request.amount,
      fiat_currency: request.currency,
    },
  });
};

const signedPostback = async (invoiceId: string, secret: string) => {
  const token = await new SignJWT({ id: `INV-${invoiceId}` })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
  return { status: 'success', invoice_id: invoiceId, amount_crypto: 0.034187, currency: 'ETH', token };
};

describeInvoiceProviderContract('cryptocloud', async () => ({
  providerId: 'cryptocloud',
  provider: ({ timeoutMs }) => makeProvider({ timeoutMs }),
  server: nockContractServer({
    baseUrl: BASE_URL,
    createPath: '/v2/invoice/create',
    success: { status: 200, body: echoCreate },
  }),
  secrets: [API_KEY, SECRET_KEY],
  validRequest: (orderId) => ({
    orderId,
    amount: '12.5',
    currency: 'EUR',
    customer: { email: 'buyer@shop.example' },
  }),
  unauthorizedBody: responseFixture('error.401.unauthorized').body,
  unsupportedCall: (provider) =>
    (provider as CryptocloudProvider).createInvoice({
      orderId: 'partial-1',
      amount: '12.5',
      currency: 'EUR',
      allowPartialPayment: true,
    }),
  validWebhook: async () => ({
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(await signedPostback('89UX09KA', SECRET_KEY)),
  }),
  tamperedWebhook: async () => ({
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...(await signedPostback('89UX09KA', SECRET_KEY)), invoice_id: 'OTHER001' }),
  }),
}));
