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
  type WebhookRequest,
} from '@invoicekit/core';
import { validateCreateInvoiceRequest } from '@invoicekit/core/adapter';
import { expectLeftTag, expectRight } from './expect';
import { registerFailureMatrix } from './matrix';
import { INVOICE_CALLS } from './operations';
import { registerReadAndCancel } from './refs';
import type { ContractOperation } from './server';
import { TIMEOUT_MS, type FailureMatrixSetup, type SuiteState } from './suite';

/**
 * Everything the contract suite needs to exercise one adapter. Reading and cancelling need nothing
 * here: the suite creates an invoice through the server, then asks the server (`stub`/`stubSuccess`,
 * e.g. `nockContractServer`'s `operations`) to answer for it.
 */
export interface ContractSetup extends FailureMatrixSetup {
  /** Every configured credential; none may appear in any error or in the provider's printed forms. */
  readonly secrets: ReadonlyArray<string>;
  /** A call the provider cannot make (an operation or a feature it lacks). */
  unsupportedCall(provider: InvoiceProvider): TaskEither<InvoiceError, unknown>;
  /** A correctly signed webhook for an invoice event. */
  validWebhook(): Promise<WebhookRequest>;
  /** The same webhook with its body changed after signing. */
  tamperedWebhook(): Promise<WebhookRequest>;
}

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

/**
 * Runs the shared behaviour every `InvoiceProvider` must show, against `setup`'s server: create and its
 * input checks, the failure matrix for create, get and cancel, reading and cancelling by every ref form
 * (or `Unsupported` without a request, per capabilities), webhooks, and that no secret ever shows.
 */
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

    const state: SuiteState = {
      name,
      setup: () => setup,
      provider: () => provider,
      nextRequest,
      record: (result) => {
        if (E.isLeft(result)) seenErrors.push(result.left);
      },
    };

    const createLeft = async <T extends InvoiceError['_tag']>(tag: T) => {
      const result = await provider.createInvoice(nextRequest())();
      state.record(result);
      return expectLeftTag(result, tag);
    };

    beforeAll(async () => {
      setup = await makeSetup();
      provider = setup.provider({ timeoutMs: TIMEOUT_MS });
    });
    afterEach(async () => setup.server.reset());
    afterAll(async () => setup.teardown?.());

    it('is given a server that serves every operation the provider supports', () => {
      const { operations } = provider.capabilities;
      const supported = (Object.keys(operations) as ContractOperation[]).filter((o) => operations[o]);
      expect(supported).toContain('createInvoice');
      expect(supported.filter((operation) => !setup.server.serves(operation))).toEqual([]);
    });

    it('creates an invoice that re-encodes and decodes through the canonical codec', async () => {
      await setup.server.stubSuccess('createInvoice');
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

    it.each(INVALID_INPUTS)('rejects %s as InvalidRequest without an HTTP call', async (_label, mutate) => {
      const result = await provider.createInvoice(mutate(nextRequest()) as CreateInvoiceRequest)();
      state.record(result);
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
      state.record(result);
      expectLeftTag(result, 'InvalidRequest');
      expect(await setup.server.requestCount()).toBe(0);
    });

    it('signs and sends what it read first from a request whose getter changes its answer', async () => {
      await setup.server.stubSuccess('createInvoice');
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

    it.each([
      [403, 'Unauthorized'],
      [200, 'UnexpectedResponse'],
      [400, 'UnexpectedResponse'],
    ] as const)('scrubs credentials a proxy echoes back in an HTTP %i body', async (status, tag) => {
      const echo = setup.secrets.map((s) => `X-Echo: ${s} ${encodeURIComponent(s)}`).join('\n');
      await setup.server.stub('createInvoice', {
        kind: 'reply',
        status,
        body: `<html><pre>${echo}</pre></html>`,
      });
      const error = await createLeft(tag);
      const printed = `${JSON.stringify(error)} ${inspect(error, { depth: null })}`;
      for (const secretValue of setup.secrets) expect(printed).not.toContain(secretValue);
    });

    registerFailureMatrix(state, INVOICE_CALLS);
    registerReadAndCancel(state);

    it.each(HOSTILE_WEBHOOKS)(
      'answers a webhook request that is %s with a Left, never a throw',
      async (_l, make) => {
        const result = await provider.parseWebhook(make())();
        state.record(result);
        expect(E.isLeft(result)).toBe(true);
      },
    );

    it('answers an unsupported call with Unsupported without an HTTP call', async () => {
      const result = await setup.unsupportedCall(provider)();
      state.record(result);
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
      state.record(result);
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
