import * as E from 'fp-ts/Either';
import { expectRight, orderEveryProviderAccepts } from '@invoicekit/testkit';
import { hookFailures, type ProviderHooks } from '@invoicekit/gateway';
import { PROVIDER_IDS, startSandbox, type Sandbox, type SandboxFault } from '../../src';
import { credentialsOf, nextOrderId, recorder, refusingFirst, ROUTES, sandboxProvider } from './support';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({});
});
afterAll(() => sandbox.close());

const PERSONAL = ['buyer@shop.example', 'Friedrich', 'Müller', '1995-08-17'];

/** Each fault on a create, the error it must be, and the attempt's status and class. */
const FAILURES: ReadonlyArray<readonly [string, SandboxFault, string, number | null, string | null]> = [
  [
    '401',
    { kind: 'reply', status: 401, body: '{"message":"Unauthenticated."}' },
    'Unauthorized',
    401,
    'Unauthorized',
  ],
  [
    '429',
    { kind: 'reply', status: 429, body: '', headers: { 'Retry-After': '9' } },
    'RateLimited',
    429,
    'RateLimited',
  ],
  [
    '503',
    { kind: 'reply', status: 503, body: '<html>down</html>' },
    'ProviderUnavailable',
    503,
    'ProviderUnavailable',
  ],
  [
    'unreadable 200',
    { kind: 'reply', status: 200, body: '{"unexpected":[1]}' },
    'UnexpectedResponse',
    200,
    null,
  ],
  ['hang', { kind: 'hang', ms: 1500 }, 'Timeout', null, 'Timeout'],
  ['reset', { kind: 'reset' }, 'NetworkError', null, 'NetworkError'],
];

describe.each(PROVIDER_IDS)('%s: hook events', (id) => {
  it('reports a create: one attempt, its operation, redacted bodies, no credential or personal data', async () => {
    const seen = recorder();
    const provider = sandboxProvider(sandbox, id, { hooks: seen.hooks });
    const invoice = expectRight(await provider.createInvoice(orderEveryProviderAccepts(nextOrderId(id)))());
    const creates = seen.requests.filter((e) => e.operation === 'createInvoice');
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({
      provider: id,
      method: 'POST',
      attempt: 1,
      errorTag: null,
      retryInMs: null,
    });
    expect(creates[0]!.status).toBeGreaterThanOrEqual(200);
    expect(creates[0]!.status).toBeLessThan(300);
    expect(creates[0]!.url.startsWith(sandbox.url)).toBe(true);
    expect(creates[0]!.responseBody).toContain(invoice.id);
    expect(seen.operations.map((e) => [e.operation, e.errorTag])).toEqual([['createInvoice', null]]);
    const text = seen.text();
    for (const secret of [...credentialsOf(sandbox, id), ...PERSONAL]) expect(text).not.toContain(secret);
  });

  it.each(FAILURES)(
    'reports a create answered by a %s fault with its error tag',
    async (_, fault, tag, status, attemptTag) => {
      const seen = recorder();
      const provider = sandboxProvider(sandbox, id, { hooks: seen.hooks }, { timeoutMs: 300 });
      sandbox.injectFault(id, { ...fault, ...ROUTES[id].create });
      const result = await provider.createInvoice(orderEveryProviderAccepts(nextOrderId(id)))();
      sandbox.clearFaults(id);
      expect(E.isLeft(result) && result.left._tag).toBe(tag);
      expect(seen.operations.map((e) => e.errorTag)).toEqual([tag]);
      const attempt = seen.requests.find((e) => e.operation === 'createInvoice');
      expect([attempt?.status, attempt?.errorTag]).toEqual([status, attemptTag]);
    },
  );

  it('reports a create sent again after a refused connection: two attempts, one invoice', async () => {
    const seen = recorder();
    const { transport } = refusingFirst(1);
    const provider = sandboxProvider(sandbox, id, {
      hooks: seen.hooks,
      transport,
      retry: { attempts: 3, baseDelayMs: 1 },
    });
    const orderId = nextOrderId(id);
    expectRight(await provider.createInvoice(orderEveryProviderAccepts(orderId))());
    const creates = seen.requests.filter((e) => e.operation === 'createInvoice');
    const first = seen.requests[0]!;
    expect([first.attempt, first.errorCode, first.retryInMs === null]).toEqual([1, 'ECONNREFUSED', false]);
    expect(creates.at(-1)).toMatchObject({
      attempt: first.operation === 'createInvoice' ? 2 : 1,
      errorTag: null,
    });
    expect(sandbox.invoiceCount(id, orderId)).toBe(1);
  });

  it('gives the same results with a hook that throws on every event, and counts each throw', async () => {
    const throwing: ProviderHooks = {
      onRequest: () => {
        throw new Error('log sink down');
      },
      onOperation: () => Promise.reject(new Error('later')),
      scope: () => {
        throw new Error('no tracer');
      },
    };
    const plain = sandboxProvider(sandbox, id, {});
    const hooked = sandboxProvider(sandbox, id, { hooks: throwing });
    const orderId = nextOrderId(id);
    const created = expectRight(await hooked.createInvoice(orderEveryProviderAccepts(orderId))());
    expect(created.orderId).toBe(orderId);
    const missing = { id: 'no-such-invoice', orderId: 'no-such-order' };
    expect(await hooked.getInvoice(missing)()).toEqual(await plain.getInvoice(missing)());
    await new Promise((resolve) => setImmediate(resolve));
    expect(hookFailures(throwing)).toBeGreaterThanOrEqual(4);
  });
});
