import type * as E from 'fp-ts/Either';
import { Invoice, InvoiceCancellation, type InvoiceError, type InvoiceRef } from '@invoicekit/core';
import { expectLeftTag, expectRight } from './expect';
import { cancelInvoiceCall, getInvoiceCall, type OperationCall } from './operations';
import { createThrough, expectUnsupported, serverFor, type SuiteState } from './suite';

const REF_FORMS: ReadonlyArray<readonly [string, (created: Invoice) => InvoiceRef]> = [
  ['the bare id', (created) => created.id],
  ['{ id, orderId }', (created) => ({ id: created.id, orderId: created.orderId })],
  ['the created Invoice', (created) => created],
];

const revokedRef = (): unknown => {
  const { proxy, revoke } = Proxy.revocable({ id: '1', orderId: null }, {});
  revoke();
  return proxy;
};

const INVALID_REFS: ReadonlyArray<readonly [string, () => unknown]> = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['an empty string', () => ''],
  ['a blank string', () => '   '],
  ['an object without id', () => ({ orderId: 'order-1' })],
  ['a numeric id', () => ({ id: 5, orderId: null })],
  ['a revoked proxy', revokedRef],
];

/** Checks an answer names the created invoice, and its order when the ref carried one. */
const expectSameInvoice = (
  created: Invoice,
  ref: InvoiceRef,
  answer: { readonly provider: string; readonly id: string; readonly orderId: string | null },
) => {
  expect(answer.provider).toBe(created.provider);
  expect(answer.id).toBe(created.id);
  if (typeof ref !== 'string') expect(answer.orderId).toBe(created.orderId);
};

const SUCCESS_CHECKS: Readonly<
  Record<'getInvoice' | 'cancelInvoice', (created: Invoice, ref: InvoiceRef, value: unknown) => void>
> = {
  getInvoice: (created, ref, value) => {
    expect(Invoice.is(value)).toBe(true);
    const invoice = value as Invoice;
    expect(expectRight(Invoice.decode(Invoice.encode(invoice)))).toEqual(invoice);
    expectSameInvoice(created, ref, invoice);
  },
  cancelInvoice: (created, ref, value) => {
    expect(InvoiceCancellation.is(value)).toBe(true);
    const cancellation = value as InvoiceCancellation;
    const roundTripped = InvoiceCancellation.decode(InvoiceCancellation.encode(cancellation));
    expect(expectRight(roundTripped)).toEqual(cancellation);
    expectSameInvoice(created, ref, cancellation);
    if (cancellation.invoice !== null) expectSameInvoice(created, ref, cancellation.invoice);
  },
};

/** Checks a bare id is refused as an `InvalidRequest` about the orderId, without a request. */
const expectOrderIdAsked = async (
  state: SuiteState,
  run: () => Promise<E.Either<InvoiceError, unknown>>,
): Promise<void> => {
  const before = await state.setup().server.requestCount();
  const result = await run();
  state.record(result);
  const { issues } = expectLeftTag(result, 'InvalidRequest');
  expect(issues.some((issue) => /orderId/.test(`${issue.path} ${issue.message}`))).toBe(true);
  expect(await state.setup().server.requestCount()).toBe(before);
};

const READ_AND_CANCEL: ReadonlyArray<OperationCall<'getInvoice' | 'cancelInvoice'>> = [
  getInvoiceCall,
  cancelInvoiceCall,
];

/** Registers, for getInvoice and cancelInvoice, a success per ref form and the refusal of bad refs. */
export const registerReadAndCancel = (state: SuiteState): void => {
  for (const call of READ_AND_CANCEL) {
    describe(`${call.operation} (Unsupported without a request if not supported)`, () => {
      it.each(REF_FORMS)('answers for %s, through the canonical codec', async (_label, refOf) => {
        const provider = state.provider();
        const created = await createThrough(state);
        const subject = { request: state.nextRequest(), ref: refOf(created) };
        if (!provider.capabilities.operations[call.operation]) {
          return expectUnsupported(state, call.operation, () => call.call(provider, subject)());
        }
        if (typeof subject.ref === 'string' && state.setup().byOrderId?.includes(call.operation)) {
          return expectOrderIdAsked(state, () => call.call(provider, subject)());
        }
        await serverFor(state, call.operation).stubSuccess(call.operation);
        SUCCESS_CHECKS[call.operation](
          created,
          subject.ref,
          expectRight(await call.call(provider, subject)()),
        );
      });

      it.each(INVALID_REFS)('refuses a ref that is %s without an HTTP call', async (_label, makeRef) => {
        const provider = state.provider();
        const run = () =>
          call.call(provider, { request: state.nextRequest(), ref: makeRef() as InvoiceRef })();
        if (!provider.capabilities.operations[call.operation]) {
          return expectUnsupported(state, call.operation, run);
        }
        const result = await run();
        state.record(result);
        expectLeftTag(result, 'InvalidRequest');
        expect(await state.setup().server.requestCount()).toBe(0);
      });
    });
  }
};
