import { isPositive, type FailureReason, type InvoiceStatus, type Money } from '@invoicekit/core';
import { checkAmount, sameCurrency, sumOf, type AmountCheck, type Expected } from './amounts';
import { newFlags, type LedgerFlag } from './flags';
import { advances, isRefund, isTerminal, reportsPayment } from './status';

/** What a delivery or a provider read says about an invoice now. */
export interface Observation {
  readonly status: InvoiceStatus;
  readonly providerStatus: string;
  readonly failureReason: FailureReason;
  readonly received: Money | null;
  /** What the provider says is still owed, in the currency of `received`, where it says so. */
  readonly remaining?: Money | null;
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

const unchanged = (
  current: Current,
  raised: ReadonlyArray<LedgerFlag>,
  reason: string,
  received: Money | null = current.received,
): Decision => ({
  applied: false,
  status: current.status,
  received,
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
 * The pay-in quote a confirmed observation states where the ledger recorded no amount (NOWPayments
 * quotes only once the customer is on its invoice page): what arrived plus what is still owed, in one
 * currency other than the price's, is what the provider asks in that currency. Null otherwise.
 */
export const learnedQuote = (expected: Expected, seen: Observation): Money | null => {
  const { received, remaining } = seen;
  const unquoted =
    expected.payment === null ||
    (expected.payment.amount === null &&
      received !== null &&
      sameCurrency(expected.payment.currency, received.currency));
  return unquoted &&
    seen.confirmed &&
    received !== null &&
    remaining !== undefined &&
    remaining !== null &&
    sameCurrency(received.currency, remaining.currency) &&
    !(expected.price !== null && sameCurrency(expected.price.currency, received.currency))
    ? { currency: received.currency, amount: sumOf(received.amount, remaining.amount) }
    : null;
};

const withQuote = (expected: Expected, seen: Observation): Expected => {
  const quote = learnedQuote(expected, seen);
  return quote === null ? expected : Object.assign({}, expected, { payment: quote });
};

const positive = (money: Money | null): Money | null =>
  money !== null && isPositive(money.amount) ? money : null;

/**
 * What was received after the observation and what the amount check says: an observation without
 * an amount is checked against the money reported before (a zero reported before proves nothing
 * about a later payment); a refund keeps what was received.
 */
const checked = (current: Current, seen: Observation): { received: Money | null; check: AmountCheck } => {
  if (isRefund(seen.status))
    return { received: current.received ?? seen.received, check: { flags: [], note: '' } };
  const compared = seen.received ?? positive(current.received);
  return {
    received: seen.received ?? current.received,
    check: checkAmount(withQuote(current.expected, seen), compared, seen.status),
  };
};

/**
 * The one state machine over canonical statuses. A status is applied only when it advances the
 * invoice (a higher rank, or `refund_failed` over `refunding`), so a late `processing` after `paid` is
 * recorded, not applied, and a closed invoice moves on only to a refund; unconfirmed and unknown
 * statuses are never applied; amounts are checked on every payment, and a `paid` that brought more
 * than asked is applied as `overpaid`; a refund keeps what was received; a payment after expiry,
 * cancellation, failure or replacement raises `late_payment`.
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
  const { received, check } = checked(current, seen);
  if (from !== null && !advances(from, seen.status)) {
    if (isTerminal(from)) return afterFinal(current, from, seen, check.note, check.flags);
    const raised = newFlags(current.flags, check.flags);
    return from === seen.status
      ? unchanged(current, raised, withNote(`already ${from}: nothing to change`, check.note), received)
      : unchanged(
          current,
          [],
          `${seen.status} after ${from} not applied: it would move the invoice backwards (a late or out-of-order delivery)`,
        );
  }
  const status: InvoiceStatus =
    seen.status === 'paid' && check.flags.includes('overpaid') ? 'overpaid' : seen.status;
  const late: LedgerFlag[] =
    current.replacedBy !== null && reportsPayment(seen.status) ? ['late_payment'] : [];
  const underpaid: LedgerFlag[] =
    seen.status === 'failed' && seen.failureReason === 'underpaid' ? ['underpaid'] : [];
  const raised = newFlags(current.flags, [...check.flags, ...underpaid, ...late]);
  const replaced =
    late.length > 0 ? `a payment on an order replaced by ${JSON.stringify(current.replacedBy)}` : '';
  const upgraded = status === seen.status ? '' : `the ledger records it as ${status}`;
  return {
    applied: true,
    status,
    received,
    raised,
    reason: [check.note, upgraded, replaced].reduce(
      withNote,
      `${from ?? 'unrecorded'} → ${status}: the provider reports "${seen.providerStatus}"${failureNote(seen)}`,
    ),
  };
};
