import { createHmac } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';
import {
  secret,
  type Invoice,
  type InvoiceCancellation,
  type InvoiceError,
  type InvoiceProvider,
  type InvoiceRef,
} from '@invoicekit/core';
import {
  commonHttpError,
  credentialScrubber,
  guardTransport,
  isRecord,
  decodeResponseBody,
  defaultTransport,
  headerValue,
  notFound,
  parseResponseBody,
  readInvoiceRef,
  signatureInvalid,
  snapshotInput,
  stringifyJson,
  unauthorized,
  unsupported,
  validateCreateInvoiceRequest,
  wireNumber,
  WireDecimalString,
  WireId,
  type HttpResponse,
  type ResolvedRef,
} from '@invoicekit/core/adapter';

const FakeInvoice = t.type({
  id: WireId,
  order: t.string,
  amount: WireDecimalString,
  currency: t.string,
  status: t.keyof({ new: null, cancelled: null }),
});
type FakeInvoice = t.TypeOf<typeof FakeInvoice>;
const FakeCancelled = t.type({ id: WireId, cancelled: t.literal(true) });

/** The fake provider: the common interface plus a list of every invoice. */
export interface FakeProvider extends InvoiceProvider {
  listInvoices(): TE.TaskEither<InvoiceError, Invoice[]>;
}

/** Where the fake provider sends, with which key and wait, and which of read and cancel it supports. */
export interface FakeOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly supports?: { readonly getInvoice: boolean; readonly cancelInvoice: boolean };
}

/** A minimal adapter for a made-up provider, just enough to prove the testkit's suites. */
export const fakeProvider = (options: FakeOptions): FakeProvider => {
  const { baseUrl, timeoutMs } = options;
  const supports = options.supports ?? { getInvoice: true, cancelInvoice: true };
  const key = secret(options.apiKey);
  const sign = (body: string) => createHmac('sha256', key.reveal()).update(body).digest('hex');
  const send = guardTransport(defaultTransport, credentialScrubber([key]));
  const call = (method: 'GET' | 'POST', path: string, body = '') =>
    send({
      provider: 'fake',
      method,
      url: `${baseUrl}${path}`,
      headers: { 'Content-Type': 'application/json', 'X-Key': key.reveal() },
      body,
      timeoutMs,
    });
  const classify =
    <A>(codec: t.Decoder<unknown, A>, id: string) =>
    (response: HttpResponse): E.Either<InvoiceError, A> => {
      const common = commonHttpError('fake', response);
      if (common) return E.left(common);
      if (response.status === 401 || response.status === 403) {
        return E.left(unauthorized('fake', response.status, null));
      }
      if (response.status === 404) return E.left(notFound('fake', 404, id));
      return pipe(
        parseResponseBody('fake', response),
        E.flatMap(decodeResponseBody(codec)('fake', response)),
      );
    };
  const toInvoice = (wire: FakeInvoice): Invoice => ({
    provider: 'fake',
    id: wire.id,
    orderId: wire.order,
    customerReference: null,
    status: wire.status === 'new' ? 'created' : 'cancelled',
    providerStatus: wire.status,
    failureReason: null,
    paymentUrl: `https://pay.example/${wire.id}`,
    title: null,
    price: { amount: wire.amount, currency: wire.currency },
    payment: null,
    received: null,
    remaining: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: null,
    testMode: true,
    raw: wire,
  });
  const readRef = (ref: InvoiceRef) => TE.fromEither(readInvoiceRef('fake', ref));
  const read = (ref: ResolvedRef) =>
    pipe(
      call('GET', `/invoices/${encodeURIComponent(ref.id)}`),
      TE.flatMapEither(classify(FakeInvoice, ref.id)),
      TE.map(toInvoice),
    );

  return {
    id: 'fake',
    capabilities: {
      operations: { createInvoice: true, ...supports, listInvoices: true },
      requiredFields: [],
      unsupportedFields: ['allowPartialPayment'],
      ignoredFields: [],
      expiresInMinutes: 'any',
      amountFractionDigits: { max: 2, source: 'the fake provider takes cents' },
      rejectsDuplicateOrders: false,
    },
    createInvoice: (request) =>
      pipe(
        TE.fromEither(validateCreateInvoiceRequest('fake', request, 2)),
        TE.filterOrElse(
          (valid) => !valid.allowPartialPayment,
          (): InvoiceError => unsupported('fake', 'allowPartialPayment'),
        ),
        TE.map((valid) => stringifyJson({ order: valid.orderId, amount: wireNumber(valid.amount) })),
        TE.flatMap((body) => call('POST', '/create', body)),
        TE.flatMapEither(classify(FakeInvoice, '')),
        TE.map(toInvoice),
      ),
    getInvoice: supports.getInvoice
      ? (ref) => pipe(readRef(ref), TE.flatMap(read))
      : () => TE.left(unsupported('fake', 'getInvoice')),
    cancelInvoice: supports.cancelInvoice
      ? (ref) =>
          pipe(
            readRef(ref),
            TE.tap((resolved) =>
              pipe(
                call('POST', `/invoices/${encodeURIComponent(resolved.id)}/cancel`),
                TE.flatMapEither(classify(FakeCancelled, resolved.id)),
              ),
            ),
            TE.flatMap((resolved) =>
              pipe(
                read(resolved),
                TE.match(
                  (): InvoiceCancellation => ({ provider: 'fake', ...resolved, invoice: null }),
                  (invoice): InvoiceCancellation => ({ provider: 'fake', ...resolved, invoice }),
                ),
                TE.fromTask,
              ),
            ),
          )
      : () => TE.left(unsupported('fake', 'cancelInvoice')),
    listInvoices: () =>
      pipe(
        call('GET', '/invoices'),
        TE.flatMapEither(classify(t.array(FakeInvoice), '')),
        TE.map((list) => list.map(toInvoice)),
      ),
    parseWebhook: (request) => {
      const snapshot = snapshotInput(request);
      if (E.isLeft(snapshot) || !isRecord(snapshot.right))
        return TE.left(signatureInvalid('fake', 'unreadable'));
      const { headers, body } = snapshot.right;
      const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString() : null;
      if (text === null || !isRecord(headers)) return TE.left(signatureInvalid('fake', 'not a raw body'));
      return headerValue(headers as Record<string, string>, 'x-signature') === sign(text)
        ? TE.right({
            provider: 'fake',
            invoiceId: '1',
            orderId: null,
            status: 'paid',
            providerStatus: 'paid',
            failureReason: null,
            received: null,
            remaining: null,
            transactions: [],
            dedupeKey: text,
            confirmed: true,
            testMode: true,
            raw: text,
          })
        : TE.left(signatureInvalid('fake', 'signature does not match'));
    },
  };
};

/** Signs a fake webhook body the way `fakeProvider` expects. */
export const signFake = (apiKey: string, body: string) =>
  createHmac('sha256', apiKey).update(body).digest('hex');
