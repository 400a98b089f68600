import type * as E from 'fp-ts/Either';
import type { Invoice, InvoiceError, InvoiceProvider } from '@invoicekit/core';
import { expectLeftTag } from './expect';
import type { OperationCall } from './operations';
import type { StubReply } from './server';
import {
  createThrough,
  expectUnsupported,
  serverFor,
  TIMEOUT_MS,
  type FailureMatrixSetup,
  type SuiteState,
} from './suite';

type Check = (result: E.Either<InvoiceError, unknown>) => void;

const reply = (status: number, body: string): StubReply => ({ kind: 'reply', status, body });

const unauthorizedWith =
  (status: number): Check =>
  (result) =>
    expect(expectLeftTag(result, 'Unauthorized').status).toBe(status);

const unavailableWith =
  (status: number): Check =>
  (result) =>
    expect(expectLeftTag(result, 'ProviderUnavailable').status).toBe(status);

const excerptOf =
  (body: string): Check =>
  (result) =>
    expect(expectLeftTag(result, 'UnexpectedResponse').bodyExcerpt).toBe(body);

const refusedAsNotJson: Check = (result) =>
  expect(expectLeftTag(result, 'UnexpectedResponse').issues[0]?.message).toMatch(/not JSON/);

const NESTED = `${'['.repeat(5000)}${']'.repeat(5000)}`;
const NOT_JSON = 'Internal error, please retry';
const WRONG_SHAPE = '{"unexpected":[1,2,3]}';

/** One row of the matrix: what the server does, the error it must map to, and how that error is checked. */
type Failure = readonly [
  label: string,
  tag: InvoiceError['_tag'],
  reply: (setup: FailureMatrixSetup) => StubReply,
  check: Check,
];

const FAILURES: ReadonlyArray<Failure> = [
  ['HTTP 401', 'Unauthorized', (s) => reply(401, s.unauthorizedBody), unauthorizedWith(401)],
  ['HTTP 403', 'Unauthorized', (s) => reply(403, s.unauthorizedBody), unauthorizedWith(403)],
  [
    'HTTP 429 with Retry-After: 7',
    'RateLimited',
    () => ({ kind: 'reply', status: 429, body: '', headers: { 'Retry-After': '7' } }),
    (result) => expect(expectLeftTag(result, 'RateLimited').retryAfterMs).toBe(7000),
  ],
  ['HTTP 500', 'ProviderUnavailable', () => reply(500, '<html>down</html>'), unavailableWith(500)],
  ['HTTP 502', 'ProviderUnavailable', () => reply(502, '<html>down</html>'), unavailableWith(502)],
  ['HTTP 503', 'ProviderUnavailable', () => reply(503, '<html>down</html>'), unavailableWith(503)],
  [
    'a server that never answers',
    'Timeout',
    () => ({ kind: 'hang', ms: TIMEOUT_MS * 5 }),
    (result) => expect(expectLeftTag(result, 'Timeout').timeoutMs).toBe(TIMEOUT_MS),
  ],
  [
    'a reset socket',
    'NetworkError',
    () => ({ kind: 'reset' }),
    (result) => expect(expectLeftTag(result, 'NetworkError').code).toBe('ECONNRESET'),
  ],
  ['a non-JSON body', 'UnexpectedResponse', () => reply(200, NOT_JSON), excerptOf(NOT_JSON)],
  ['a wrongly shaped body', 'UnexpectedResponse', () => reply(200, WRONG_SHAPE), excerptOf(WRONG_SHAPE)],
  [
    'a body of 5,000 nested arrays',
    'UnexpectedResponse',
    () => reply(200, `{"data":${NESTED},"result":${NESTED}}`),
    refusedAsNotJson,
  ],
  [
    'a body with __proto__ members',
    'UnexpectedResponse',
    () => reply(200, '{"__proto__":{"status":"success"},"data":{"__proto__":{"id":1}}}'),
    refusedAsNotJson,
  ],
];

/** Registers the matrix's tests for `calls` in the current `describe`, reading the set-up through `state`. */
export const registerFailureMatrix = (state: SuiteState, calls: ReadonlyArray<OperationCall>): void => {
  for (const call of calls) {
    describe(`${call.operation}: status and transport failures (Unsupported without a request if not supported)`, () => {
      let invoice: Invoice;
      beforeAll(async () => {
        invoice = await createThrough(state);
      });

      it.each(FAILURES)('maps %s to %s', async (_label, _tag, replyFor, check) => {
        const provider = state.provider();
        const subject = () => ({ request: state.nextRequest(), ref: invoice });
        if (!provider.capabilities.operations[call.operation]) {
          return expectUnsupported(state, call.operation, () => call.call(provider, subject())());
        }
        await serverFor(state, call.operation).stub(call.operation, replyFor(state.setup()));
        const result = await call.call(provider, subject())();
        state.record(result);
        check(result);
      });
    });
  }
};

/**
 * Runs every status and transport failure (401/403, 429 with Retry-After, 500/502/503, a hang, a reset
 * socket, non-JSON, wrongly shaped and hostile bodies) against each of `calls`, checking the mapped
 * `InvoiceError`; an operation the provider's capabilities lack must answer `Unsupported` without a
 * request instead. `describeInvoiceProviderContract` already runs it for create, get and cancel; call
 * this for a provider's extra operations (e.g. CryptoCloud's `listInvoices`).
 */
export const describeFailureMatrix = (
  name: string,
  makeSetup: () => Promise<FailureMatrixSetup>,
  calls: ReadonlyArray<OperationCall>,
): void => {
  describe(`${name} — failure matrix`, () => {
    let setup: FailureMatrixSetup;
    let provider: InvoiceProvider;
    let orderCounter = 0;

    beforeAll(async () => {
      setup = await makeSetup();
      provider = setup.provider({ timeoutMs: TIMEOUT_MS });
    });
    afterEach(async () => setup.server.reset());
    afterAll(async () => setup.teardown?.());

    registerFailureMatrix(
      {
        name,
        setup: () => setup,
        provider: () => provider,
        nextRequest: () => setup.validRequest(`matrix-${Date.now()}-${(orderCounter += 1)}`),
        record: () => undefined,
      },
      calls,
    );
  });
};
