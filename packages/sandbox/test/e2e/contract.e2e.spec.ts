import * as E from 'fp-ts/Either';
import type { CryptocloudProvider } from '@invoicekit/gateway';
import type { SandboxProviderId as ProviderId } from '../../src';
import {
  describeFailureMatrix,
  describeInvoiceProviderContract,
  type FailureMatrixSetup,
  orderEveryProviderAccepts,
} from '@invoicekit/testkit';
import { contractServer } from '../../src';
import { documented } from '../helpers';
import { retargeted, startHarness, tampered, webhooksSince, type Harness } from './support';

const FORBIDDEN = documented['coinspaid.error.403'];
const UNAUTHORIZED_BODIES: Record<ProviderId, string> = {
  cryptoprocessing: JSON.stringify(FORBIDDEN.bad_header_signature),
  alphapo: JSON.stringify(FORBIDDEN.bad_header_key),
  coinspaid: JSON.stringify(FORBIDDEN.required_header_key),
  cryptocloud: JSON.stringify(documented['cryptocloud.error'].unauthorized),
  cryptomus: '{"state":1,"message":"Unauthorized: check the merchant uuid and the sign"}',
  heleket: '{"state":1,"message":"Unauthorized: check the merchant uuid and the sign"}',
  btcpay: '{"code":"unauthenticated","message":"Authentication is required for accessing this endpoint"}',
  nowpayments: '{"status":false,"statusCode":403,"code":"INVALID_API_KEY","message":"Invalid api key"}',
};

const ids: ReadonlyArray<ProviderId> = ['cryptoprocessing', 'alphapo', 'coinspaid', 'cryptocloud'];

/** The CoinsPaid platform cancels by foreign_id: a bare id must be refused, asking for the orderId. */
const byOrderId = (id: ProviderId) => ({
  byOrderId: id === 'cryptocloud' ? [] : (['cancelInvoice'] as const),
});

/** What the contract suite and the failure matrix need of a sandbox-backed provider. */
const matrixSetup = (harness: Harness, id: ProviderId): FailureMatrixSetup => ({
  ...byOrderId(id),
  providerId: id,
  provider: ({ timeoutMs }) => harness.provider(id, { timeoutMs }),
  server: contractServer(harness.sandbox, id),
  validRequest: (orderId) => orderEveryProviderAccepts(orderId),
  unauthorizedBody: UNAUTHORIZED_BODIES[id],
  teardown: () => harness.close(),
});

describe.each(ids)('%s against the sandbox over loopback HTTP', (id) => {
  let harness: Harness;

  const paidWebhook = async () => {
    const from = harness.receiver.received.length;
    const created = await harness
      .provider(id)
      .createInvoice(orderEveryProviderAccepts(`webhook-${Date.now()}`))();
    if (E.isLeft(created)) throw new Error(created.left.message);
    await harness.sandbox.pay(id, created.right.id, 'full');
    const webhooks = webhooksSince(harness.receiver, from);
    return webhooks[webhooks.length - 1]!;
  };

  describeInvoiceProviderContract(`${id} (sandbox)`, async () => {
    harness = await startHarness();
    const credentials = harness.sandbox.credentials[id];
    return {
      ...matrixSetup(harness, id),
      secrets: Object.entries(credentials)
        .filter(([name]) => name !== 'baseUrl' && name !== 'shopId')
        .map(([, value]) => value),
      unsupportedCall: (provider) =>
        id === 'cryptocloud'
          ? provider.createInvoice(
              orderEveryProviderAccepts(`partial-${Date.now()}`, { allowPartialPayment: true }),
            )
          : provider.getInvoice('1'),
      validWebhook: paidWebhook,
      tamperedWebhook: async () => (id === 'cryptocloud' ? retargeted : tampered)(await paidWebhook()),
    };
  });
});

describeFailureMatrix('cryptocloud (sandbox)', async () => matrixSetup(await startHarness(), 'cryptocloud'), [
  {
    operation: 'listInvoices',
    call: (provider) => (provider as CryptocloudProvider).listInvoices({ from: new Date(), to: new Date() }),
  },
]);
