import nock from 'nock';
import * as E from 'fp-ts/Either';
import type { CreateInvoiceRequest, InvoiceError } from '@invoicekit/core';
import { parseJsonLossless, plainJson } from '@invoicekit/core/adapter';
import type { CryptocloudProvider } from '../src';
import { BASE_URL } from './helpers';

export const CREATE = '/v2/invoice/create';
export const INFO = '/v2/invoice/merchant/info';
export const CANCEL = '/v2/invoice/merchant/canceled';
export const LIST = '/v2/invoice/merchant/list';

/** One operation as the tables that run over all four see it: its name, the path it calls first, a valid call. */
export type OperationRow = readonly [
  name: string,
  path: string,
  run: (provider: CryptocloudProvider) => Promise<E.Either<InvoiceError, unknown>>,
];

/** Every operation of the adapter, creating with `request` and reading, cancelling and listing INV-89UX09KA. */
export const operationRows = (request: CreateInvoiceRequest): ReadonlyArray<OperationRow> => [
  ['createInvoice', CREATE, (p) => p.createInvoice(request)()],
  ['getInvoice', INFO, (p) => p.getInvoice('INV-89UX09KA')()],
  ['cancelInvoice', CANCEL, (p) => p.cancelInvoice('INV-89UX09KA')()],
  [
    'listInvoices',
    LIST,
    (p) => p.listInvoices({ from: new Date('2026-01-01'), to: new Date('2026-01-31') })(),
  ],
];

/** One request nock received: the exact body text and the headers. */
export interface CapturedRequest {
  readonly body: string;
  readonly headers: Record<string, unknown>;
}

/** Stubs one POST to `path` with a response fixture and records what was sent. */
export const stubPost = (
  path: string,
  reply: { status: number; body: string },
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
) => {
  const captured: CapturedRequest[] = [];
  const scope = nock(BASE_URL).post(path).reply(reply.status, reply.body, headers);
  scope.on('request', (req: { headers: Record<string, unknown> }, _interceptor: unknown, body: string) =>
    captured.push({ body, headers: req.headers }),
  );
  return { scope, captured };
};

/** The parsed JSON of a captured body, numbers as their digit text. */
export const sentJson = (request: CapturedRequest | undefined): unknown => {
  if (request === undefined) throw new Error('no request was sent');
  const parsed = parseJsonLossless(request.body);
  if (E.isLeft(parsed)) throw new Error(`sent body is not JSON: ${parsed.left}`);
  return plainJson(parsed.right);
};
