import type { Decimal } from '@invoicekit/core';
import { NOT_DECODED, readerOf, WireDecimalString, WireId, WireInteger } from '@invoicekit/core/adapter';
import type {
  CoinspaidCallbackTransaction,
  CoinspaidCurrencyReceived,
  CoinspaidCurrencySent,
  CoinspaidInvoiceCallback,
} from './codecs';

type Read<A> = (u: unknown) => A | typeof NOT_DECODED;

type Fields = Readonly<Record<string, unknown>>;

const readId = readerOf(WireId) as Read<string>;
const readDecimal = readerOf(WireDecimalString) as Read<Decimal>;
const readInteger = readerOf(WireInteger) as Read<number>;
const readText: Read<string> = (u) => (typeof u === 'string' ? u : NOT_DECODED);

const isFields = (u: unknown): u is Fields => typeof u === 'object' && u !== null && !Array.isArray(u);

/** A field of `nullableFields`: absent stays absent, `null` stays `null`, anything else is read. */
const nullable = <A>(read: Read<A>, u: unknown): A | null | undefined | typeof NOT_DECODED =>
  u === undefined || u === null ? u : read(u);

const readCurrencySent: Read<CoinspaidCurrencySent> = (u) => {
  if (!isFields(u) || typeof u.currency !== 'string') return NOT_DECODED;
  const remaining = nullable(readDecimal, u.remaining_amount);
  return remaining === NOT_DECODED ? NOT_DECODED : { currency: u.currency, remaining_amount: remaining };
};

const readCurrencyReceived: Read<CoinspaidCurrencyReceived> = (u) => {
  if (!isFields(u) || typeof u.currency !== 'string') return NOT_DECODED;
  const amount = readDecimal(u.amount);
  return amount === NOT_DECODED ? NOT_DECODED : { currency: u.currency, amount };
};

const readTransaction: Read<CoinspaidCallbackTransaction> = (u) => {
  if (!isFields(u) || typeof u.currency !== 'string') return NOT_DECODED;
  const amount = readDecimal(u.amount);
  const id = nullable(readId, u.id);
  const txid = nullable(readText, u.txid);
  const confirmations = nullable(readInteger, u.confirmations);
  return amount === NOT_DECODED || id === NOT_DECODED || txid === NOT_DECODED || confirmations === NOT_DECODED
    ? NOT_DECODED
    : { currency: u.currency, amount, id, txid, confirmations };
};

const readTransactions: Read<CoinspaidCallbackTransaction[]> = (u) => {
  if (!Array.isArray(u)) return NOT_DECODED;
  const transactions: CoinspaidCallbackTransaction[] = [];
  for (const item of u as unknown[]) {
    const transaction = readTransaction(item);
    if (transaction === NOT_DECODED) return NOT_DECODED;
    transactions.push(transaction);
  }
  return transactions;
};

/**
 * The fields of an invoice callback that its canonical event is made of, read from parsed JSON exactly
 * where `CoinspaidInvoiceCallback` decodes it, each by name, so a hot endpoint does no generic
 * per-key walk; the body's other keys are left out (they stay in `raw`). `NOT_DECODED` where the codec
 * fails: its own decode then says why.
 */
export const readInvoiceFields: Read<CoinspaidInvoiceCallback> = (u) => {
  if (!isFields(u) || u.type !== 'invoice' || typeof u.status !== 'string') return NOT_DECODED;
  const id = readId(u.id);
  const foreignId = nullable(readId, u.foreign_id);
  const sent = nullable(readCurrencySent, u.currency_sent);
  const received = nullable(readCurrencyReceived, u.currency_received);
  const transactions = nullable(readTransactions, u.transactions);
  const error = nullable(readText, u.error);
  return id === NOT_DECODED ||
    foreignId === NOT_DECODED ||
    sent === NOT_DECODED ||
    received === NOT_DECODED ||
    transactions === NOT_DECODED ||
    error === NOT_DECODED
    ? NOT_DECODED
    : {
        id,
        type: 'invoice',
        status: u.status,
        foreign_id: foreignId,
        currency_sent: sent,
        currency_received: received,
        transactions,
        error,
      };
};
