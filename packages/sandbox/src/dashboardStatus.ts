import type { InvoiceStatus } from '@invoicekit/core';
import type { SandboxProviderId } from './emulators';
import { cmp } from './rates';
import type { SandboxInvoiceState } from './types';

type Family = 'coinspaid' | 'cryptocloud' | 'cryptomus' | 'btcpay' | 'nowpayments';

const FAMILY: Readonly<Record<SandboxProviderId, Family>> = {
  cryptoprocessing: 'coinspaid',
  alphapo: 'coinspaid',
  coinspaid: 'coinspaid',
  cryptocloud: 'cryptocloud',
  cryptomus: 'cryptomus',
  heleket: 'cryptomus',
  btcpay: 'btcpay',
  nowpayments: 'nowpayments',
};

/** What decides a word's canonical meaning besides the word: money received, more than asked, expiry passed. */
interface Facts {
  readonly received: boolean;
  readonly over: boolean;
  readonly under: boolean;
  readonly expired: boolean;
}

type Meaning = InvoiceStatus | ((facts: Facts) => InvoiceStatus);

const closedUnpaid = ({ received }: Facts): InvoiceStatus => (received ? 'failed' : 'expired');

// Each table reads a word as that provider's adapter does (packages/<adapter>/src/status.ts); the
// facts stand in for what the adapter reads from fields the state does not carry (BTCPay's
// additionalStatus, Cryptomus' is_final, the CoinsPaid platform's error text).
const WORDS: Readonly<Record<Family, Readonly<Record<string, Meaning>>>> = {
  coinspaid: {
    created: 'created',
    pending: ({ received }) => (received ? 'partially_paid' : 'pending'),
    processing: 'processing',
    confirmed: 'paid',
    // "Timer expired. User not paid." is `expired`; underpaid or never confirmed is `failed`.
    failed: closedUnpaid,
  },
  cryptocloud: {
    created: 'created',
    paid: 'paid',
    partial: 'partially_paid',
    overpaid: 'overpaid',
    // `canceled` covers expiry and the merchant's cancel alike.
    canceled: (facts) => (facts.received ? 'failed' : facts.expired ? 'expired' : 'cancelled'),
  },
  cryptomus: {
    paid: 'paid',
    paid_over: 'overpaid',
    wrong_amount: 'failed',
    process: 'processing',
    confirm_check: 'processing',
    wrong_amount_waiting: 'partially_paid',
    check: 'pending',
    fail: 'failed',
    cancel: 'expired',
    system_fail: 'failed',
    refund_process: 'refunding',
    refund_fail: 'refund_failed',
    refund_paid: 'refunded',
    locked: 'held',
  },
  btcpay: {
    New: ({ received }) => (received ? 'partially_paid' : 'pending'),
    Processing: 'processing',
    Settled: ({ over }) => (over ? 'overpaid' : 'paid'),
    Expired: closedUnpaid,
    Invalid: 'failed',
  },
  nowpayments: {
    waiting: 'pending',
    confirming: 'processing',
    confirmed: 'processing',
    sending: 'processing',
    partially_paid: 'partially_paid',
    // `finished` does not prove the full amount: more is `overpaid`, less `failed`.
    finished: ({ over, under }) => (over ? 'overpaid' : under ? 'failed' : 'paid'),
    failed: 'failed',
    refunded: 'refunded',
    expired: closedUnpaid,
  },
};

/** The canonical status the provider's adapter reads from an emulated invoice's state at `nowMs`. */
export const canonicalStatus = (state: SandboxInvoiceState, nowMs: number): InvoiceStatus => {
  const table = WORDS[FAMILY[state.provider]];
  const meaning = Object.prototype.hasOwnProperty.call(table, state.status) ? table[state.status] : undefined;
  if (meaning === undefined) return 'unknown';
  if (typeof meaning === 'string') return meaning;
  const { amount, paid } = state.payment;
  return meaning({
    received: cmp(paid, '0') > 0,
    over: cmp(paid, amount) > 0,
    under: cmp(paid, amount) < 0,
    expired: state.expiresAt !== null && Date.parse(state.expiresAt) <= nowMs,
  });
};

const OPEN: ReadonlySet<InvoiceStatus> = new Set(['created', 'pending', 'partially_paid']);

/** True while the customer can still pay: the canonical status is created, pending or partially paid. */
export const isPayable = (status: InvoiceStatus): boolean => OPEN.has(status);
