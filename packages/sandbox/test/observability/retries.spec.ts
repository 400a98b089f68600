import * as E from 'fp-ts/Either';
import { expectRight, orderEveryProviderAccepts } from '@invoicekit/testkit';
import type { RetryOptions } from '@invoicekit/gateway';
import {
  PROVIDER_IDS,
  startSandbox,
  type Sandbox,
  type SandboxFault,
  type SandboxProviderId,
} from '../../src';
import { nextOrderId, recorder, ROUTES, sandboxProvider } from './support';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({});
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.clearFaults());

const RETRY: RetryOptions = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

/** Cryptomus and Heleket return the existing invoice for a repeated order_id, so their creates are re-sent. */
const resendsCreates = (id: SandboxProviderId): boolean => id === 'cryptomus' || id === 'heleket';
/** BTCPay lists invoices by order id: a create whose answer was lost is looked up instead. */
const findsLostCreates = (id: SandboxProviderId): boolean => id === 'btcpay';

const setUp = (id: SandboxProviderId) => {
  const seen = recorder();
  const provider = sandboxProvider(sandbox, id, { hooks: seen.hooks, retry: RETRY }, { timeoutMs: 400 });
  const attempts = (operation: string) => seen.requests.filter((e) => e.operation === operation);
  return { seen, provider, attempts };
};

const READ_FAULTS: ReadonlyArray<readonly [string, ReadonlyArray<SandboxFault>, number]> = [
  [
    'two 503s',
    [
      { kind: 'reply', status: 503, body: 'down' },
      { kind: 'reply', status: 503, body: 'down' },
    ],
    3,
  ],
  [
    'a 429 with Retry-After: 1',
    [{ kind: 'reply', status: 429, body: '', headers: { 'Retry-After': '1' } }],
    2,
  ],
  ['a hang past the timeout', [{ kind: 'hang', ms: 1200 }], 2],
  ['a reset connection', [{ kind: 'reset' }], 2],
];

const CREATE_FAULTS: ReadonlyArray<readonly [string, SandboxFault]> = [
  ['a 503', { kind: 'reply', status: 503, body: 'down' }],
  ['a 429 with Retry-After: 0', { kind: 'reply', status: 429, body: '', headers: { 'Retry-After': '0' } }],
  ['a reset before the invoice is made', { kind: 'reset' }],
];

describe.each(PROVIDER_IDS)('%s: retries against sandbox faults', (id) => {
  const read = ROUTES[id].read;

  (read === null ? it.skip.each(READ_FAULTS) : it.each(READ_FAULTS))(
    'reads an invoice through %s in the documented attempts',
    async (_, faults, expected) => {
      const { provider, attempts } = setUp(id);
      const invoice = expectRight(await provider.createInvoice(orderEveryProviderAccepts(nextOrderId(id)))());
      for (const fault of faults) sandbox.injectFault(id, { ...fault, ...read!.route });
      const got = await provider.getInvoice(invoice)();
      // NOWPayments reads an invoice through its payments: a fresh one has none yet, a NotFound.
      expect(E.isRight(got) ? got.right.id : got.left._tag).toBe(
        id === 'nowpayments' ? 'NotFound' : invoice.id,
      );
      const reads = attempts(read!.operation);
      expect(reads.map((e) => e.attempt)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
      expect(reads.slice(0, -1).every((e) => e.retryInMs !== null && e.errorTag !== null)).toBe(true);
      expect(sandbox.pendingFaults(id)).toBe(0);
    },
  );

  it.each(CREATE_FAULTS)('creates through %s without a second invoice', async (_, fault) => {
    const { provider, attempts } = setUp(id);
    const orderId = nextOrderId(id);
    sandbox.injectFault(id, { ...fault, ...ROUTES[id].create });
    const result = await provider.createInvoice(orderEveryProviderAccepts(orderId))();
    const sent = attempts('createInvoice');
    if (resendsCreates(id)) {
      expect(E.isRight(result)).toBe(true);
      expect(sent).toHaveLength(2);
      expect(sandbox.invoiceCount(id, orderId)).toBe(1);
    } else {
      expect(E.isLeft(result)).toBe(true);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.retryInMs).toBeNull();
      expect(sandbox.invoiceCount(id, orderId)).toBe(0);
    }
  });

  it('settles a create whose answer was lost after the invoice was made, never making a second', async () => {
    const { provider, attempts } = setUp(id);
    const orderId = nextOrderId(id);
    sandbox.injectFault(id, { kind: 'reset', afterHandler: true, ...ROUTES[id].create });
    const result = await provider.createInvoice(orderEveryProviderAccepts(orderId))();
    expect(sandbox.invoiceCount(id, orderId)).toBe(1);
    const made = sandbox.invoices(id).find((invoice) => invoice.orderId === orderId)!;
    if (resendsCreates(id) || findsLostCreates(id)) {
      expect(expectRight(result).id).toBe(made.id);
    } else {
      expect(E.isLeft(result) && result.left._tag).toBe('NetworkError');
    }
    expect(attempts('createInvoice')).toHaveLength(resendsCreates(id) ? 2 : 1);
    expect(attempts('listByOrderId')).toHaveLength(findsLostCreates(id) ? 1 : 0);
  });

  it('stops at the deadline: a create that hangs is one attempt within the deadline', async () => {
    const seen = recorder();
    const provider = sandboxProvider(
      sandbox,
      id,
      { hooks: seen.hooks, retry: { ...RETRY, deadlineMs: 600 } },
      { timeoutMs: 400 },
    );
    const orderId = nextOrderId(id);
    sandbox.injectFault(id, { kind: 'hang', ms: 2000, ...ROUTES[id].create });
    sandbox.injectFault(id, { kind: 'hang', ms: 2000, ...ROUTES[id].create });
    const began = Date.now();
    const result = await provider.createInvoice(orderEveryProviderAccepts(orderId))();
    expect(Date.now() - began).toBeLessThan(resendsCreates(id) ? 1500 : 1000);
    expect(E.isLeft(result) && result.left._tag).toBe('Timeout');
    const creates = seen.requests.filter((e) => e.operation === 'createInvoice');
    expect(creates.length).toBe(resendsCreates(id) ? 2 : 1);
    expect(creates.reduce((sum, e) => sum + e.durationMs, 0)).toBeLessThan(700);
  });
});
