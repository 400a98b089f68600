import { createHmac } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';
import type { Invoice, InvoiceProvider, ProviderCapabilities, WebhookRequest } from '@invoicekit/core';
import {
  closedObject,
  commonHttpError,
  constantTimeEquals,
  credentialScrubber,
  decodeConfig,
  decodeResponseBody,
  defaultTransport,
  defineProvider,
  guardTransport,
  headerValue,
  HttpBaseUrl,
  INVOICEKIT_ENV,
  isRecord,
  parseJsonLossless,
  parseResponseBody,
  readInvoiceRef,
  SecretFromString,
  signatureInvalid,
  snapshotInput,
  stringifyJson,
  unauthorized,
  unsupported,
  validateCreateInvoiceRequest,
  WireDecimalString,
  WireId,
  wireNumber,
} from '@invoicekit/core/adapter';

/** A made-up provider, written only against core and its toolkit, to prove the registry. */
const AcmepayConfig = closedObject(
  t.type({
    provider: t.literal('acmepay'),
    apiKey: SecretFromString,
    secretKey: SecretFromString,
    baseUrl: HttpBaseUrl,
  }),
);
type AcmepayConfig = t.TypeOf<typeof AcmepayConfig>;

const AcmepayInvoice = t.type({ id: WireId, order: t.string, amount: WireDecimalString, currency: t.string });
const AcmepayEvent = t.type({ invoice: WireId, order: t.string, state: t.literal('settled') });

const CAPABILITIES: ProviderCapabilities = {
  operations: { createInvoice: true, getInvoice: false, cancelInvoice: false, listInvoices: false },
  requiredFields: [],
  unsupportedFields: [],
  ignoredFields: ['title'],
  expiresInMinutes: 'any',
  amountFractionDigits: { max: 2, source: 'the test provider takes cents' },
  rejectsDuplicateOrders: false,
};

/** The webhook signature Acmepay sends: hex HMAC-SHA256 of the raw body. */
export const signAcmepay = (body: string, secretKey: string): string =>
  createHmac('sha256', secretKey).update(body).digest('hex');

const toInvoice = (wire: t.TypeOf<typeof AcmepayInvoice>): Invoice => ({
  provider: 'acmepay',
  id: wire.id,
  orderId: wire.order,
  customerReference: null,
  status: 'created',
  providerStatus: 'open',
  failureReason: null,
  paymentUrl: `https://pay.acmepay.test/${wire.id}`,
  title: null,
  price: { amount: wire.amount, currency: wire.currency },
  payment: null,
  received: null,
  remaining: null,
  createdAt: null,
  expiresAt: null,
  testMode: false,
  raw: wire,
});

const createAcmepay = (
  config: AcmepayConfig,
  options: { transport?: typeof defaultTransport },
): InvoiceProvider => {
  const send = guardTransport(
    options.transport ?? defaultTransport,
    credentialScrubber([config.apiKey, config.secretKey]),
  );
  const parseWebhook = (request: WebhookRequest) => {
    const snapshot = snapshotInput(request);
    if (E.isLeft(snapshot) || !isRecord(snapshot.right) || !isRecord(snapshot.right.headers)) {
      return TE.left(signatureInvalid('acmepay', 'not a webhook request'));
    }
    const { headers, body } = snapshot.right as unknown as WebhookRequest;
    const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
    const signature = headerValue(headers, 'x-acme-signature') ?? '';
    if (!constantTimeEquals(signature, signAcmepay(text, config.secretKey.reveal()))) {
      return TE.left(signatureInvalid('acmepay', 'the signature does not match'));
    }
    return pipe(
      parseJsonLossless(text),
      E.flatMap((parsed) => E.mapLeft(() => 'not an Acmepay event')(AcmepayEvent.decode(parsed))),
      E.bimap(
        (reason) => signatureInvalid('acmepay', reason),
        (wire) => ({
          provider: 'acmepay',
          invoiceId: wire.invoice,
          orderId: wire.order,
          status: 'paid' as const,
          providerStatus: wire.state,
          failureReason: null,
          received: null,
          remaining: null,
          transactions: [],
          dedupeKey: `acmepay:${wire.invoice}:${wire.state}`,
          confirmed: true,
          testMode: false,
          raw: wire,
        }),
      ),
      TE.fromEither,
    );
  };
  return {
    id: 'acmepay',
    capabilities: CAPABILITIES,
    createInvoice: (request) =>
      pipe(
        TE.fromEither(validateCreateInvoiceRequest('acmepay', request, 2)),
        TE.map((valid) =>
          stringifyJson({ order: valid.orderId, amount: wireNumber(valid.amount), currency: valid.currency }),
        ),
        TE.flatMap((body) =>
          send({
            provider: 'acmepay',
            method: 'POST',
            url: `${config.baseUrl}/invoices`,
            headers: { 'Content-Type': 'application/json', 'X-Acme-Key': config.apiKey.reveal() },
            body,
            timeoutMs: 2000,
          }),
        ),
        TE.flatMapEither((response) => {
          const common = commonHttpError('acmepay', response);
          if (common !== null) return E.left(common);
          if (response.status === 401) return E.left(unauthorized('acmepay', 401, null));
          return pipe(
            parseResponseBody('acmepay', response),
            E.flatMap(decodeResponseBody(AcmepayInvoice)('acmepay', response)),
          );
        }),
        TE.map(toInvoice),
      ),
    getInvoice: (ref) =>
      pipe(
        TE.fromEither(readInvoiceRef('acmepay', ref)),
        TE.flatMap(() => TE.left(unsupported('acmepay', 'getInvoice'))),
      ),
    cancelInvoice: (ref) =>
      pipe(
        TE.fromEither(readInvoiceRef('acmepay', ref)),
        TE.flatMap(() => TE.left(unsupported('acmepay', 'cancelInvoice'))),
      ),
    parseWebhook,
  };
};

/** Acmepay's descriptor: all a registry needs to switch to it, load it from the environment and route its webhooks. */
export const acmepayDescriptor = defineProvider<t.OutputOf<typeof AcmepayConfig>, AcmepayConfig>({
  ids: ['acmepay'],
  decodeConfig: decodeConfig(AcmepayConfig),
  create: createAcmepay,
  env: {
    apiKey: INVOICEKIT_ENV.apiKey,
    secretKey: INVOICEKIT_ENV.secretKey,
    baseUrl: INVOICEKIT_ENV.baseUrl,
  },
  ownsWebhook: (config, request) => {
    const key = headerValue(request.headers, 'x-acme-key');
    return key !== undefined && constantTimeEquals(key, config.apiKey.reveal());
  },
  rejectsDuplicateOrders: false,
});
