import { inspect } from 'node:util';
import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import {
  compareDecimals,
  Invoice,
  InvoiceEvent,
  type CreateInvoiceRequest,
  type InvoiceError,
  type InvoiceKitFailure,
  type InvoiceProvider,
  type ProviderId,
  type WebhookRequest,
} from '@invoicekit/core';
import { validateCreateInvoiceRequest } from '@invoicekit/core/adapter';
import { expectLeftTag, expectRight } from './expect';
import type { ContractServer } from './server';

/** Everything the contract suite needs to exercise one adapter. */
export interface ContractSetup {
  readonly providerId: ProviderId;
  /** Builds the adapter under test, pointed at the contract server. */
  provider(options: { readonly timeoutMs: number }): InvoiceProvider;
  readonly server: ContractServer;
  /** Every configured credential; none may appear in any error or in the provider's printed forms. */
  readonly secrets: ReadonlyArray<string>;
  /** A request the provider accepts; `stubCreateSuccess` answers it. */
  validRequest(orderId: string): CreateInvoiceRequest;
  /** The provider's own error body for bad credentials. */
  readonly unauthorizedBody: string;
  /** A call the provider cannot make (an operation or a feature it lacks). */
  unsupportedCall(provider: InvoiceProvider): TaskEither<InvoiceError, unknown>;
  /** A correctly signed webhook for an invoice event. */
  validWebhook(): Promise<WebhookRequest>;
  /** The same webhook with its body changed after signing. */
  tamperedWebhook(): Promise<WebhookRequest>;
  /** Frees what the setup started. */
  teardown?(): Promise<void>;
}

const TIMEOUT_MS = 400;

const INVALID_INPUTS: ReadonlyArray<readonly [string, (valid: CreateInvoiceRequest) => unknown]> = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['a string', () => 'order-1'],
  ['an empty object', () => ({})],
  ['a negative amount', (v) => ({ ...v, amount: -5 })],
  ['a zero amount', (v) => ({ ...v, amount: '0.00' })],
  ['NaN', (v) => ({ ...v, amount: Number.NaN })],
  ['Infinity', (v) => ({ ...v, amount: Number.POSITIVE_INFINITY })],
  ['an exponent string', (v) => ({ ...v, amount: '1e5' })],
  ['a lower-case currency', (v) => ({ ...v, currency: 'eur' })],
  ['an empty orderId', (v) => ({ ...v, orderId: '' })],
  ['a bad e-mail', (v) => ({ ...v, customer: { ...v.customer, email: 'not-an-email' } })],
];

const throwingGetter = (valid: CreateInvoiceRequest): CreateInvoiceRequest =>
  Object.defineProperty({ ...valid }, 'currency', {
    enumerable: true,
    get() {
      throw new Error('getter exploded');
    },
  });

const revokedProxy = (valid: CreateInvoiceRequest): CreateInvoiceRequest => {
  const { proxy, revoke } = Proxy.revocable({ ...valid }, {});
  revoke();
  return proxy;
};

const HOSTILE_INPUTS: ReadonlyArray<
  readonly [string, (valid: CreateInvoiceRequest) => CreateInvoiceRequest]
> = [
  ['a request with a throwing getter', throwingGetter],
  ['a revoked proxy', revokedProxy],
  [
    'a request with a __proto__ key',
    (v) => JSON.parse(`{"__proto__":{"amount":"5"},${JSON.stringify(v).slice(1)}`),
  ],
  ['a float sum amount', (v) => ({ ...v, amount: 0.1 + 0.2 })],
];

const NESTED = `${'['.repeat(5000)}${']'.repeat(5000)}`;

const HOSTILE_BODIES: ReadonlyArray<readonly [string, string]> = [
  ['5,000 nested arrays', `{"data":${NESTED},"result":${NESTED}}`],
  ['a __proto__ member', '{"__proto__":{"status":"success"},"data":{"__proto__":{"id":1}}}'],
];

const revokedHeaders = (): WebhookRequest => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return { headers: proxy, body: '{}' };
};

const HOSTILE_WEBHOOKS: ReadonlyArray<readonly [string, () => WebhookRequest]> = [
  ['undefined', () => undefined as unknown as WebhookRequest],
  ['null', () => null as unknown as WebhookRequest],
  ['without headers', () => ({ body: '{}' }) as unknown as WebhookRequest],
  ['a parsed object body', () => ({ headers: {}, body: { id: 1 } }) as unknown as WebhookRequest],
  ['a revoked proxy for headers', revokedHeaders],
  [
    'a throwing body getter',
    () =>
      Object.defineProperty({ headers: {} }, 'body', {
        enumerable: true,
        get() {
          throw new Error('body exploded');
        },
      }) as WebhookRequest,
  ],
  ['5,000 nested arrays, unsigned', () => ({ headers: {}, body: NESTED })],
];

/** Runs the shared behaviour every `InvoiceProvider` must show, against `setup`'s server. */
export const describeInvoiceProviderContract = (
  name: string,
  makeSetup: () => Promise<ContractSetup>,
): void => {
  describe(`${name} — InvoiceProvider contract`, () => {
    let setup: ContractSetup;
    let provider: InvoiceProvider;
    const seenErrors: InvoiceKitFailure[] = [];
    let orderCounter = 0;
    const nextRequest = () => setup.validRequest(`contract-${Date.now()}-${(orderCounter += 1)}`);

    const createLeft = async <T extends InvoiceError['_tag']>(tag: T) => {
      const result = await provider.createInvoice(nextRequest())();
      if (E.isLeft(result)) seenErrors.push(result.left);
      return expectLeftTag(result, tag);
    };

    beforeAll(async () => {
      setup = await makeSetup();
      provider = setup.provider({ timeoutMs: TIMEOUT_MS });
    });
    afterEach(async () => setup.server.reset());
    afterAll(async () => setup.teardown?.());

    it('creates an invoice that re-encodes and decodes through the canonical codec', async () => {
      await setup.server.stubCreateSuccess();
      const request = nextRequest();
      const invoice = expectRight(await provider.createInvoice(request)());
      expect(invoice.provider).toBe(setup.providerId);
      expect(invoice.orderId).toBe(request.orderId);
      const asked = expectRight(
        validateCreateInvoiceRequest(
          setup.providerId,
          request,
          provider.capabilities.amountFractionDigits.max,
        ),
      ).amount;
      expect(compareDecimals(invoice.price.amount, asked)).toBe(0);
      const roundTripped = expectRight(Invoice.decode(Invoice.encode(invoice)));
      expect(roundTripped).toEqual(invoice);
    });

    it.each([401, 403])('maps HTTP %i to Unauthorized', async (status) => {
      await setup.server.stubCreate({ kind: 'reply', status, body: setup.unauthorizedBody });
      expect((await createLeft('Unauthorized')).status).toBe(status);
    });

    it('maps 429 to RateLimited with Retry-After in milliseconds', async () => {
      await setup.server.stubCreate({
        kind: 'reply',
        status: 429,
        body: '',
        headers: { 'Retry-After': '7' },
      });
      expect((await createLeft('RateLimited')).retryAfterMs).toBe(7000);
    });

    it.each([500, 502, 503])('maps HTTP %i to ProviderUnavailable', async (status) => {
      await setup.server.stubCreate({ kind: 'reply', status, body: '<html>down</html>' });
      expect((await createLeft('ProviderUnavailable')).status).toBe(status);
    });

    it('maps a server that never answers to Timeout', async () => {
      await setup.server.stubCreate({ kind: 'hang', ms: TIMEOUT_MS * 5 });
      expect((await createLeft('Timeout')).timeoutMs).toBe(TIMEOUT_MS);
    });

    it('maps a reset socket to NetworkError', async () => {
      await setup.server.stubCreate({ kind: 'reset' });
      expect((await createLeft('NetworkError')).code).toBe('ECONNRESET');
    });

    it.each([
      ['a non-JSON body', 'Internal error, please retry'],
      ['a wrongly shaped body', '{"unexpected":[1,2,3]}'],
    ])('maps %s to UnexpectedResponse with an excerpt', async (_label, body) => {
      await setup.server.stubCreate({ kind: 'reply', status: 200, body });
      expect((await createLeft('UnexpectedResponse')).bodyExcerpt).toBe(body);
    });

    it.each(INVALID_INPUTS)('rejects %s as InvalidRequest without an HTTP call', async (_label, mutate) => {
      const result = await provider.createInvoice(mutate(nextRequest()) as CreateInvoiceRequest)();
      if (E.isLeft(result)) seenErrors.push(result.left);
      expect(expectLeftTag(result, 'InvalidRequest').issues.length).toBeGreaterThan(0);
      expect(await setup.server.requestCount()).toBe(0);
    });

    it('refuses more fraction digits than its capabilities state, without an HTTP call or rounding', async () => {
      const { max } = provider.capabilities.amountFractionDigits;
      expect(provider.capabilities.amountFractionDigits.source.length).toBeGreaterThan(0);
      const result = await provider.createInvoice({ ...nextRequest(), amount: `1.${'1'.repeat(max + 1)}` })();
      const issue = expectLeftTag(result, 'InvalidRequest').issues.find((i) => i.path === 'amount');
      expect(issue?.message).toContain(`at most ${max}`);
      expect(await setup.server.requestCount()).toBe(0);
    });

    it.each(HOSTILE_INPUTS)('turns %s into InvalidRequest without an HTTP call', async (_label, make) => {
      const result = await provider.createInvoice(make(nextRequest()))();
      if (E.isLeft(result)) seenErrors.push(result.left);
      expectLeftTag(result, 'InvalidRequest');
      expect(await setup.server.requestCount()).toBe(0);
    });

    it('signs and sends what it read first from a request whose getter changes its answer', async () => {
      await setup.server.stubCreateSuccess();
      const valid = nextRequest();
      let reads = 0;
      const shifty = Object.defineProperty({ ...valid }, 'orderId', {
        enumerable: true,
        get: () => ((reads += 1) === 1 ? valid.orderId : ''),
      });
      const invoice = expectRight(await provider.createInvoice(shifty)());
      expect(invoice.orderId).toBe(valid.orderId);
      expect(reads).toBe(1);
    });

    it.each(HOSTILE_BODIES)('maps a response holding %s to UnexpectedResponse', async (_label, body) => {
      await setup.server.stubCreate({ kind: 'reply', status: 200, body });
      const error = await createLeft('UnexpectedResponse');
      expect(error.issues[0]?.message).toMatch(/not JSON/);
    });

    it.each([
      [403, 'Unauthorized'],
      [200, 'UnexpectedResponse'],
      [400, 'UnexpectedResponse'],
    ] as const)('scrubs credentials a proxy echoes back in an HTTP %i body', async (status, tag) => {
      const echo = setup.secrets.map((s) => `X-Echo: ${s} ${encodeURIComponent(s)}`).join('\n');
      await setup.server.stubCreate({ kind: 'reply', status, body: `<html><pre>${echo}</pre></html>` });
      const error = await createLeft(tag);
      const printed = `${JSON.stringify(error)} ${inspect(error, { depth: null })}`;
      for (const secretValue of setup.secrets) expect(printed).not.toContain(secretValue);
    });

    it.each(HOSTILE_WEBHOOKS)(
      'answers a webhook request that is %s with a Left, never a throw',
      async (_l, make) => {
        const result = await provider.parseWebhook(make())();
        if (E.isLeft(result)) seenErrors.push(result.left);
        expect(E.isLeft(result)).toBe(true);
      },
    );

    it('answers an unsupported call with Unsupported without an HTTP call', async () => {
      const result = await setup.unsupportedCall(provider)();
      if (E.isLeft(result)) seenErrors.push(result.left);
      expect(expectLeftTag(result, 'Unsupported').feature.length).toBeGreaterThan(0);
      expect(await setup.server.requestCount()).toBe(0);
    });

    it('accepts a correctly signed webhook as an InvoiceEvent', async () => {
      const event = expectRight(await provider.parseWebhook(await setup.validWebhook())());
      expect(InvoiceEvent.is(event)).toBe(true);
      expect(event.provider).toBe(setup.providerId);
    });

    it('rejects a tampered webhook with SignatureInvalid', async () => {
      const result = await provider.parseWebhook(await setup.tamperedWebhook())();
      if (E.isLeft(result)) seenErrors.push(result.left);
      expectLeftTag(result, 'SignatureInvalid');
    });

    it('never shows a configured secret in an error or in the provider itself', () => {
      expect(seenErrors.length).toBeGreaterThan(10);
      const printed = [
        ...seenErrors.flatMap((e) => [JSON.stringify(e), inspect(e, { depth: null }), e.message]),
        inspect(provider, { depth: null, showHidden: true }),
        JSON.stringify(provider),
      ];
      for (const text of printed) {
        for (const secretValue of setup.secrets) expect(text).not.toContain(secretValue);
      }
    });
  });
};
