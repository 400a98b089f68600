import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import {
  type Decimal,
  type FailureReason,
  type Invoice,
  type InvoiceError,
  type InvoiceEvent,
  type InvoiceProvider,
  type InvoiceRef,
  type InvoiceStatus,
  type Money,
} from '@invoicekit/core';
import {
  duplicateOrder,
  invalidRequest,
  notFound,
  unsupported,
  unsupportedEvent,
  validateCreateInvoiceRequest,
} from '@invoicekit/core/adapter';

/** Where a fake provider keeps its invoices: in memory, or in files shared by several processes. */
export interface FakeStore {
  byOrder(orderId: string): Invoice | undefined;
  byId(id: string): Invoice | undefined;
  save(invoice: Invoice): void;
}

/** A fake provider's invoices in memory. */
export const memoryStore = (): FakeStore => {
  const invoices = new Map<string, Invoice>();
  return {
    byOrder: (orderId) => invoices.get(orderId),
    byId: (id) => [...invoices.values()].find((invoice) => invoice.id === id),
    save: (invoice) => void invoices.set(invoice.orderId ?? invoice.id, invoice),
  };
};

/** A fake provider's invoices as JSON files in `dir`, so a child process and the test see the same provider. */
export const fileStore = (dir: string): FakeStore => {
  mkdirSync(dir, { recursive: true });
  const read = (file: string): Invoice => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Invoice;
  const fileOf = (orderId: string) => `${encodeURIComponent(orderId)}.json`;
  return {
    byOrder: (orderId) => (existsSync(join(dir, fileOf(orderId))) ? read(fileOf(orderId)) : undefined),
    byId: (id) =>
      readdirSync(dir)
        .map(read)
        .find((invoice) => invoice.id === id),
    save: (invoice) =>
      writeFileSync(join(dir, fileOf(invoice.orderId ?? invoice.id)), JSON.stringify(invoice)),
  };
};

/** How the next create goes: a failure, optionally after the provider created the invoice anyway. */
export interface CreateOutcome {
  readonly error: InvoiceError;
  readonly created: boolean;
}

/** A provider double with the canonical interface and a few knobs. */
export interface FakeProvider extends InvoiceProvider {
  readonly store: FakeStore;
  readonly calls: { create: number; get: number; cancel: number; find: number };
  /** Queues the outcome of the next create. */
  failNextCreate(outcome: CreateOutcome): void;
  /** Runs (and is awaited) after the provider created an invoice, before it answers. */
  afterCreate: ((invoice: Invoice) => Promise<void>) | null;
  /** Changes an invoice's status, and what it says was received, at the provider (what a later read returns). */
  settle(id: string, status: InvoiceStatus, received?: Money | null): void;
  /** Queues the error the next cancel answers with. */
  failNextCancel(error: InvoiceError): void;
  /** Adds an older invoice for `orderId`, which `findInvoicesByOrderId` lists after the current one. */
  addOlder(orderId: string, id: string): void;
  /** Queues the error the next `findInvoicesByOrderId` answers with. */
  failNextFind(error: InvoiceError): void;
}

/** The two behaviours the ledger distinguishes. */
export type FakeKind = 'cryptoprocessing' | 'cryptocloud';

const PAY: { readonly currency: string; readonly amount: Decimal } = {
  currency: 'BTC',
  amount: '0.0013' as Decimal,
};

const invoiceOf = (
  provider: FakeKind,
  id: string,
  orderId: string,
  price: Money,
  testMode: boolean,
): Invoice => ({
  provider,
  id,
  orderId,
  customerReference: null,
  status: 'created',
  providerStatus: 'created',
  failureReason: null,
  paymentUrl: `https://pay.example/${id}`,
  title: null,
  price,
  payment: { currency: PAY.currency, amount: PAY.amount, address: 'tb1qexample', tag: null, network: null },
  received: null,
  remaining: null,
  createdAt: null,
  expiresAt: null,
  testMode,
  raw: {},
});

/**
 * A fake of one provider family: `cryptoprocessing` refuses a second invoice for an order id and
 * cannot be read, but cancels by order id; `cryptocloud` can be read and cancels by invoice id.
 * Its invoices are live unless `testMode` is set.
 */
export const fakeProvider = (
  kind: FakeKind,
  options: {
    store?: FakeStore;
    readable?: boolean;
    cancellable?: boolean;
    testMode?: boolean;
    /** Gives it `findInvoicesByOrderId` (newest first). */
    findable?: boolean;
  } = {},
): FakeProvider => {
  const store = options.store ?? memoryStore();
  const calls = { create: 0, get: 0, cancel: 0, find: 0 };
  const queued: CreateOutcome[] = [];
  const cancelErrors: InvoiceError[] = [];
  const findErrors: InvoiceError[] = [];
  const older = new Map<string, Invoice[]>();
  const readable = options.readable ?? kind === 'cryptocloud';
  const cancellable = options.cancellable ?? true;
  const find = (ref: InvoiceRef): Invoice | undefined =>
    typeof ref === 'string'
      ? store.byId(ref)
      : kind === 'cryptoprocessing' && ref.orderId !== null
        ? store.byOrder(ref.orderId)
        : store.byId(ref.id);
  const fake: FakeProvider = {
    id: kind,
    capabilities: {
      operations: {
        createInvoice: true,
        getInvoice: readable,
        cancelInvoice: cancellable,
        listInvoices: false,
      },
      requiredFields: [],
      unsupportedFields: [],
      ignoredFields: [],
      expiresInMinutes: 'any',
      amountFractionDigits: { max: 8, source: 'fake' },
      rejectsDuplicateOrders: kind === 'cryptoprocessing',
    },
    store,
    calls,
    afterCreate: null,
    failNextCreate: (outcome) => void queued.push(outcome),
    failNextCancel: (error) => void cancelErrors.push(error),
    failNextFind: (error) => void findErrors.push(error),
    addOlder: (orderId, id) => {
      const price = { amount: '149.9' as Decimal, currency: 'EUR' };
      const invoice = invoiceOf(kind, id, orderId, price, options.testMode ?? false);
      older.set(orderId, [...(older.get(orderId) ?? []), invoice]);
    },
    settle: (id, status, received) => {
      const invoice = store.byId(id);
      if (invoice !== undefined)
        store.save({ ...invoice, status, providerStatus: status, received: received ?? invoice.received });
    },
    createInvoice: (input) => async () => {
      calls.create += 1;
      const valid = validateCreateInvoiceRequest(kind, input, 8);
      if (E.isLeft(valid)) return valid;
      const request = valid.right;
      const outcome = queued.shift();
      if (outcome !== undefined && !outcome.created) return E.left(outcome.error);
      if (kind === 'cryptoprocessing' && store.byOrder(request.orderId) !== undefined) {
        return E.left(duplicateOrder(kind, 400, request.orderId));
      }
      const invoice = invoiceOf(
        kind,
        `inv-${request.orderId}`,
        request.orderId,
        { amount: request.amount, currency: request.currency },
        options.testMode ?? false,
      );
      store.save(invoice);
      await fake.afterCreate?.(invoice);
      return outcome === undefined ? E.right(invoice) : E.left(outcome.error);
    },
    getInvoice: (ref) => async () => {
      calls.get += 1;
      if (!readable) return E.left(unsupported(kind, 'getInvoice'));
      const invoice = find(ref);
      return invoice === undefined
        ? E.left(notFound(kind, 404, typeof ref === 'string' ? ref : ref.id))
        : E.right(invoice);
    },
    cancelInvoice: (ref) => async () => {
      calls.cancel += 1;
      if (!cancellable) return E.left(unsupported(kind, 'cancelInvoice'));
      const error = cancelErrors.shift();
      if (error !== undefined) return E.left(error);
      if (kind === 'cryptoprocessing' && (typeof ref === 'string' || ref.orderId === null)) {
        return E.left(invalidRequest(kind, [{ path: 'ref', message: 'cancels by order id' }]));
      }
      const invoice = find(ref);
      if (invoice === undefined) return E.left(notFound(kind, 404, typeof ref === 'string' ? ref : ref.id));
      const cancelled: Invoice = { ...invoice, status: 'cancelled', providerStatus: 'canceled' };
      store.save(cancelled);
      return E.right({ provider: kind, id: invoice.id, orderId: invoice.orderId, invoice: cancelled });
    },
    parseWebhook: () => TE.left(unsupportedEvent(kind, 'fake')),
  };
  if (options.findable === true) {
    fake.findInvoicesByOrderId = (orderId) => async () => {
      calls.find += 1;
      const error = findErrors.shift();
      if (error !== undefined) return E.left(error);
      const current = store.byOrder(orderId);
      return E.right([...(current === undefined ? [] : [current]), ...(older.get(orderId) ?? [])]);
    };
  }
  return fake;
};

/** What a delivery says besides its status. */
export interface EventOptions {
  readonly received?: Money | null;
  readonly key?: string;
  readonly confirmed?: boolean;
  readonly failureReason?: FailureReason;
  readonly orderId?: string | null;
  readonly testMode?: boolean;
  readonly providerStatus?: string;
}

/** A verified, live (unless `testMode`) delivery about `invoice` with this status (the dedupe key follows the adapters' shape). */
export const eventFor = (
  invoice: { readonly provider: string; readonly id: string; readonly orderId: string | null },
  status: InvoiceStatus,
  options: EventOptions = {},
): InvoiceEvent => {
  const received = options.received === undefined ? null : options.received;
  return {
    provider: invoice.provider as InvoiceEvent['provider'],
    invoiceId: invoice.id,
    orderId: options.orderId === undefined ? invoice.orderId : options.orderId,
    status,
    providerStatus: options.providerStatus ?? status,
    failureReason: options.failureReason ?? null,
    received,
    remaining: null,
    transactions: [],
    dedupeKey: options.key ?? `${invoice.provider}:${invoice.id}:${status}:${received?.amount ?? ''}`,
    confirmed: options.confirmed ?? true,
    testMode: options.testMode ?? false,
    raw: { status },
  };
};

/** Money in one line. */
export const money = (amount: string, currency: string): Money => ({ amount: amount as Decimal, currency });
