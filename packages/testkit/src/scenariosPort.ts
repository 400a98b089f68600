import type {
  CreateInvoiceRequest,
  FailureReason,
  InvoiceProvider,
  InvoiceStatus,
  Money,
} from '@invoicekit/core';
import type { ShopAction } from './scenarios';

/** Whether an invoice is made with the provider's live configuration or its test-mode one. */
export type ScenarioMode = 'live' | 'test';

/** One invoice a scenario created through the ledger. */
export interface ScenarioInvoice {
  readonly id: string;
  readonly orderId: string;
  readonly mode: ScenarioMode;
}

/** What the matrix reads of one feed entry: the ledger's `FeedEntry`, structurally. */
export interface ScenarioFeedEntry {
  readonly applied: boolean;
  readonly to: InvoiceStatus | null;
  readonly cause: string;
  readonly action: ShopAction;
}

/** What the matrix reads of the ledger's record of an invoice: its `LedgerInvoice`, structurally. */
export interface ScenarioLedgerInvoice {
  readonly status: InvoiceStatus | null;
  readonly failureReason: FailureReason;
  readonly received: Money | null;
  readonly flags: ReadonlyArray<string>;
}

/** One webhook request the endpoint received, kept byte for byte; `held` when it never reached the ledger. */
export interface ScenarioDelivery {
  readonly held: boolean;
}

/** What one reconcile run did, by order id: the invoices it read, and those it reported stale (nobody can read them). */
export interface ScenarioReconcile {
  readonly read: ReadonlyArray<string>;
  readonly stale: ReadonlyArray<string>;
}

/** How the simulated customer pays: what is owed, half of it, or 10% more. */
export type ScenarioPayment = 'full' | 'partial' | 'over';

/**
 * What the scenario matrix needs from its caller, who wires a provider (pointed at an emulator), a
 * webhook endpoint on loopback and a ledger: a new provider needs nothing but this port.
 */
export interface ScenarioPort<D extends ScenarioDelivery = ScenarioDelivery> {
  /** The provider under test, in its live configuration: the matrix reads its capabilities. */
  readonly provider: InvoiceProvider;
  /** Creates the order through the ledger with the live or the test-mode configuration. */
  create(request: CreateInvoiceRequest, mode: ScenarioMode): Promise<ScenarioInvoice>;
  /** The customer pays and the webhooks are delivered; false when the provider takes no payment on the invoice now. */
  pay(invoice: ScenarioInvoice, kind: ScenarioPayment): Promise<boolean>;
  /** The invoice's lifetime runs out now; false when it is no longer open. */
  expire(invoice: ScenarioInvoice): Promise<boolean>;
  /** Cancels through the ledger (`ledger.cancelInvoice`): null when it did, else the error's tag (the provider's when it refused). */
  cancel(invoice: ScenarioInvoice): Promise<string | null>;
  /** From now on, the endpoint answers the invoice's deliveries 200 and keeps them, without handing them to the ledger. */
  hold(invoice: ScenarioInvoice): void;
  /** The deliveries the endpoint received for the invoice, oldest first. */
  deliveries(invoice: ScenarioInvoice): ReadonlyArray<D>;
  /**
   * Posts a delivery to the endpoint again, byte for byte, lifting a hold on its invoice: the ledger's
   * action for it, or null when the endpoint did not hand it to the ledger.
   */
  resend(delivery: D): Promise<ShopAction | null>;
  /** Runs the ledger's reconcile once for the provider. */
  reconcile(): Promise<ScenarioReconcile>;
  /** The invoice's feed entries, in feed order. */
  feed(invoice: ScenarioInvoice): Promise<ReadonlyArray<ScenarioFeedEntry>>;
  /** The ledger's record of the invoice. */
  record(invoice: ScenarioInvoice): Promise<ScenarioLedgerInvoice | null>;
  /** What the provider last reported as still owed (in the last event or read the ledger got), or null. */
  remaining(invoice: ScenarioInvoice): Money | null;
  /** Resolves once no webhook delivery is under way. */
  settle(): Promise<void>;
}
