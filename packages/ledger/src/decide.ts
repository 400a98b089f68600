import type { FailureReason, InvoiceStatus, Money } from '@invoicekit/core';
import { checkAmount, type Expected } from './amounts';
import { newFlags, type LedgerFlag } from './flags';
import { isTerminal, reportsPayment, STATUS_RANK } from './status';

/** What a delivery or a provider read says about an invoice now. */
export interface Observation {
  readonly status: InvoiceStatus;
  readonly providerStatus: string;
  readonly failureReason: FailureReason;
  readonly received: Money | null;
  readonly confirmed: boolean;
}

/** What the ledger holds about an invoice before the observation. */
export interface Current {
  readonly status: InvoiceStatus | null;
  readonly flags: ReadonlyArray<LedgerFlag>;
  readonly received: Money | null;
  readonly expected: Expected;
  readonly replacedBy: string | null;
}

/** The state machine's answer: the status after, the flags newly raised, and why, in words. */
export interface Decision {
  readonly applied: boolean;
  readonly status: InvoiceStatus | null;
  readonly received: Money | null;
  readonly raised: ReadonlyArray<LedgerFlag>;
  readonly reason: string;
}

const LATE_AFTER: ReadonlySet<InvoiceStatus> = new Set(['expired', 'cancelled', 'failed']);

const withNote = (text: string, note: string): string => (note === '' ? text : `${text}; ${note}`);

const unchanged = (current: Current, raised: ReadonlyArray<LedgerFlag>, reason: string): Decision => ({
  applied: false,
  status: current.status,
  received: current.received,
  raised,
  reason,
});

const afterFinal = (
  current: Current,
  from: InvoiceStatus,
  seen: Observation,
  note: string,
  flags: ReadonlyArray<LedgerFlag>,
): Decision => {
  if (!reportsPayment(seen.status)) {
    return unchanged(
      current,
      [],
      from === seen.status
        ? `already ${from}: nothing to change`
        : `${seen.status} after ${from} not applied: ${from} is final (a late or out-of-order delivery)`,
    );
  }
  const late: LedgerFlag[] = LATE_AFTER.has(from) ? ['late_payment'] : [];
  const raised = newFlags(current.flags, [
    ...late,
    ...flags.filter((flag) => flag === 'overpaid' || flag === 'currency_mismatch'),
  ]);
  const why =
    late.length > 0
      ? `${seen.status} reported after ${from}: recorded, not applied (${from} is final); crypto can land after expiry, so refund it or honour the order`
      : `${seen.status} after ${from} not applied: ${from} is final (a late or repeated delivery)`;
  return unchanged(current, raised, raised.length > 0 ? withNote(why, note) : why);
};

const failureNote = (seen: Observation): string =>
  seen.failureReason === null ? '' : ` (${seen.failureReason.replace('_', ' ')})`;

/**
 * The one state machine over canonical statuses. Terminal stays terminal; a status is applied only
 * over a lower rank (so a late `processing` after `paid` is recorded, not applied); unconfirmed and
 * unknown statuses are never applied; amounts are checked on every payment; a payment after
 * expiry, cancellation, failure or replacement raises `late_payment`.
 */
export const decide = (current: Current, seen: Observation): Decision => {
  if (!seen.confirmed) {
    return unchanged(
      current,
      [],
      `${seen.status} not applied: the delivery was not confirmed with the provider (its unsigned fields were taken as sent); reconcile() reads the invoice from the provider`,
    );
  }
  if (seen.status === 'unknown') {
    return unchanged(
      current,
      [],
      `not applied: "${seen.providerStatus}" is a provider status this version does not know`,
    );
  }
  const from = current.status;
  const received = seen.received ?? current.received;
  const check = checkAmount(current.expected, received, seen.status);
  if (from !== null && isTerminal(from)) return afterFinal(current, from, seen, check.note, check.flags);
  if (from !== null && STATUS_RANK[seen.status] <= STATUS_RANK[from]) {
    const raised = newFlags(current.flags, check.flags);
    return from === seen.status
      ? {
          ...unchanged(current, raised, withNote(`already ${from}: nothing to change`, check.note)),
          received,
        }
      : unchanged(
          current,
          [],
          `${seen.status} after ${from} not applied: it would move the invoice backwards (a late or out-of-order delivery)`,
        );
  }
  const late: LedgerFlag[] =
    current.replacedBy !== null && reportsPayment(seen.status) ? ['late_payment'] : [];
  const underpaid: LedgerFlag[] =
    seen.status === 'failed' && seen.failureReason === 'underpaid' ? ['underpaid'] : [];
  const raised = newFlags(current.flags, [...check.flags, ...underpaid, ...late]);
  const replaced =
    late.length > 0 ? `a payment on an order replaced by ${JSON.stringify(current.replacedBy)}` : '';
  return {
    applied: true,
    status: seen.status,
    received,
    raised,
    reason: withNote(
      withNote(
        `${from ?? 'unrecorded'} → ${seen.status}: the provider reports "${seen.providerStatus}"${failureNote(seen)}`,
        check.note,
      ),
      replaced,
    ),
  };
};
