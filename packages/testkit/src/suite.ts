import type * as E from 'fp-ts/Either';
import type {
  CreateInvoiceRequest,
  Invoice,
  InvoiceError,
  InvoiceKitFailure,
  InvoiceProvider,
  ProviderId,
} from '@invoicekit/core';
import { expectLeftTag, expectRight } from './expect';
import type { ContractOperation, ContractServer } from './server';

/** What the failure matrix needs of an adapter set-up; a `ContractSetup` has all of it. */
export interface FailureMatrixSetup {
  readonly providerId: ProviderId;
  /** Builds the adapter under test, pointed at the contract server. */
  provider(options: { readonly timeoutMs: number }): InvoiceProvider;
  readonly server: ContractServer;
  /** A request the provider accepts; the server's create success answers it. */
  validRequest(orderId: string): CreateInvoiceRequest;
  /** The provider's own error body for bad credentials. */
  readonly unauthorizedBody: string;
  /**
   * The operations that find an invoice by the merchant's order id (the CoinsPaid platform's cancel):
   * a bare id string cannot name the invoice there, so it must be an `InvalidRequest` about the
   * orderId, without a request.
   */
  readonly byOrderId?: ReadonlyArray<'getInvoice' | 'cancelInvoice'>;
  /** Frees what the setup started. */
  teardown?(): Promise<void>;
}

/** How long the provider under test waits; a hang lasts five times as long. */
export const TIMEOUT_MS = 400;

/** The state a suite shares with the tests it registers, read once the set-up exists. */
export interface SuiteState {
  readonly name: string;
  setup(): FailureMatrixSetup;
  provider(): InvoiceProvider;
  /** A valid request with a fresh orderId. */
  nextRequest(): CreateInvoiceRequest;
  /** Keeps an error the suite saw, for the secret check. */
  record(result: E.Either<InvoiceKitFailure, unknown>): void;
}

/** Creates an invoice through the server's create success. */
export const createThrough = async (state: SuiteState): Promise<Invoice> => {
  await state.setup().server.stubSuccess('createInvoice');
  return expectRight(await state.provider().createInvoice(state.nextRequest())());
};

/**
 * The set-up's server, once it is known to serve `operation`: a supported operation the server has no
 * route for fails the test that needs it, naming what to add.
 */
export const serverFor = (state: SuiteState, operation: ContractOperation): ContractServer => {
  const { server } = state.setup();
  if (!server.serves(operation)) {
    throw new Error(
      `${state.name}: ${operation} is supported but the ContractServer does not serve it; ` +
        `give it a route (nockContractServer: operations.${operation})`,
    );
  }
  return server;
};

/**
 * Calls `operation` of a provider that lacks it and checks the answer is an `Unsupported` naming the
 * provider and the operation, without an HTTP request.
 */
export const expectUnsupported = async (
  state: SuiteState,
  operation: ContractOperation,
  run: () => Promise<E.Either<InvoiceError, unknown>>,
): Promise<void> => {
  const before = await state.setup().server.requestCount();
  const result = await run();
  state.record(result);
  expect(expectLeftTag(result, 'Unsupported')).toMatchObject({
    provider: state.setup().providerId,
    feature: operation,
  });
  expect(await state.setup().server.requestCount()).toBe(before);
};
