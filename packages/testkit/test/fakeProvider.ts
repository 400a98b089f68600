import { createHmac } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';
import { secret, type Invoice, type InvoiceProvider } from '@invoicekit/core';
import {
  commonHttpError,
  credentialScrubber,
  guardTransport,
  isRecord,
  decodeResponseBody,
  defaultTransport,
  headerValue,
  parseResponseBody,
  signatureInvalid,
  snapshotInput,
  stringifyJson,
  unauthorized,
  unsupported,
  validateCreateInvoiceRequest,
  wireNumber,
  WireDecimalString,
  WireId,
} from '@invoicekit/core/adapter';

const FakeInvoice = t.type({ id: WireId, order: t.string, amount: WireDecimalString, currency: t.string });

/** A minimal adapter for a made-up provider, just enough to prove the contract suite. */
export const fakeProvider = (baseUrl: string, apiKey: string, timeoutMs: number): InvoiceProvider => {
  const key = secret(apiKey);
  const sign = (body: string) => createHmac('sha256', key.reveal()).update(body).digest('hex');
  const send = guardTransport(defaultTransport, credentialScrubber([key]));
  return {
    id: 'coinspaid',
    capabilities: {
      operations: { createInvoice: true, getInvoice: false, cancelInvoice: false, listInvoices: false },
      requiredFields: [],
      unsupportedFields: [],
      ignoredFields: [],
      expiresInMinutes: 'any',
      amountFractionDigits: { max: 2, source: 'the fake provider takes cents' },
      rejectsDuplicateOrders: false,
    },
    createInvoice: (request) =>
      pipe(
        TE.fromEither(validateCreateInvoiceRequest('coinspaid', request, 2)),
        TE.map((valid) => stringifyJson({ order: valid.orderId, amount: wireNumber(valid.amount) })),
        TE.flatMap((body) =>
          send({
            provider: 'coinspaid',
            method: 'POST',
            url: `${baseUrl}/create`,
            headers: { 'Content-Type': 'application/json', 'X-Key': key.reveal() },
            body,
            timeoutMs,
          }),
        ),
        TE.flatMapEither((response) => {
          const common = commonHttpError('coinspaid', response);
          if (common) return E.left(common);
          if (response.status === 401 || response.status === 403) {
            return E.left(unauthorized('coinspaid', response.status, null));
          }
          return pipe(
            parseResponseBody('coinspaid', response),
            E.flatMap(decodeResponseBody(FakeInvoice)('coinspaid', response)),
          );
        }),
        TE.map((wire): Invoice => ({
          provider: 'coinspaid',
          id: wire.id,
          orderId: wire.order,
          customerReference: null,
          status: 'created',
          providerStatus: 'created',
          paymentUrl: `https://pay.example/${wire.id}`,
          title: null,
          price: { amount: wire.amount, currency: wire.currency },
          payment: null,
          createdAt: new Date('2026-01-01T00:00:00Z'),
          expiresAt: null,
          testMode: true,
          raw: wire,
        })),
      ),
    getInvoice: () => TE.left(unsupported('coinspaid', 'getInvoice')),
    cancelInvoice: () => TE.left(unsupported('coinspaid', 'cancelInvoice')),
    parseWebhook: (request) => {
      const snapshot = snapshotInput(request);
      if (E.isLeft(snapshot) || !isRecord(snapshot.right))
        return TE.left(signatureInvalid('coinspaid', 'unreadable'));
      const { headers, body } = snapshot.right;
      const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString() : null;
      if (text === null || !isRecord(headers))
        return TE.left(signatureInvalid('coinspaid', 'not a raw body'));
      return headerValue(headers as Record<string, string>, 'x-signature') === sign(text)
        ? TE.right({
            provider: 'coinspaid',
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
        : TE.left(signatureInvalid('coinspaid', 'signature does not match'));
    },
  };
};

/** Signs a fake webhook body the way `fakeProvider` expects. */
export const signFake = (apiKey: string, body: string) =>
  createHmac('sha256', apiKey).update(body).digest('hex');
