import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { LosslessNumber, NOT_DECODED, parseJsonLossless } from '@invoicekit/core/adapter';
import { CoinspaidInvoiceCallback } from '../src/codecs';
import { readInvoiceFields } from '../src/webhookFields';
import { fixtures } from './support';

const parsed = (text: string): unknown => {
  const value = parseJsonLossless(text);
  if (E.isLeft(value)) throw new Error(value.left);
  return value.right;
};

/** What the codec decodes, cut to the fields it declares (the reader leaves the body's other keys in `raw`). */
const declared = (u: unknown): unknown => {
  const decoded = CoinspaidInvoiceCallback.decode(u);
  if (E.isLeft(decoded)) return NOT_DECODED;
  const { id, type, status, foreign_id, currency_sent, currency_received, transactions, error } =
    decoded.right;
  return {
    id,
    type,
    status,
    foreign_id,
    currency_sent: currency_sent && {
      currency: currency_sent.currency,
      remaining_amount: currency_sent.remaining_amount,
    },
    currency_received: currency_received && {
      currency: currency_received.currency,
      amount: currency_received.amount,
    },
    transactions:
      transactions &&
      transactions.map(({ currency, amount, id: txId, txid, confirmations }) => ({
        currency,
        amount,
        id: txId,
        txid,
        confirmations,
      })),
    error,
  };
};

const invoiceCallbacks = fixtures
  .names('callback.invoice')
  .map((name): [string, string] => [name, fixtures.body(name)]);

const number = (text: string) => new LosslessNumber(text);

// Values a field can hold after a lossless parse: each JSON type, numbers of every shape, and nesting.
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, '', ' ', 'invoice', '12.5', '0.00000000', '007', '-1', '1e3', 'abc'),
    fc.constantFrom('3101', '0', '1.5', '-2', '1e3', '0.1000000000000000055', '12').map(number),
    fc.string(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom('currency', 'amount', 'remaining_amount', 'id', 'txid', 'confirmations', 'x'),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

const KEYS = [
  'id',
  'type',
  'status',
  'foreign_id',
  'currency_sent',
  'currency_received',
  'transactions',
  'error',
  'currency',
  'amount',
  'remaining_amount',
  'txid',
  'confirmations',
];

/** A copy of `value` with `changes` made (an undefined change removes the key). */
const changed = (value: unknown, changes: Readonly<Record<string, unknown>>): unknown => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...value };
  for (const [key, change] of Object.entries(changes)) {
    if (change === undefined) delete copy[key];
    else copy[key] = change;
  }
  return copy;
};

describe('readInvoiceFields: the invoice callback read field by field', () => {
  it.each(invoiceCallbacks)('reads %s as the codec decodes it', (_name, text) => {
    const body = parsed(text);
    expect(readInvoiceFields(body)).not.toBe(NOT_DECODED);
    expect(readInvoiceFields(body)).toEqual(declared(body));
  });

  it('keeps money exact: a number a double cannot hold is refused as money, as the codec refuses it', () => {
    const body = parsed(
      '{"id":1,"type":"invoice","status":"confirmed","currency_received":{"currency":"EUR","amount":0.1000000000000000055}}',
    );
    expect(readInvoiceFields(body)).toBe(NOT_DECODED);
    expect(E.isLeft(CoinspaidInvoiceCallback.decode(body))).toBe(true);
    const text = parsed(
      '{"id":1,"type":"invoice","status":"confirmed","currency_received":{"currency":"EUR","amount":"0.1000000000000000055"}}',
    );
    expect(readInvoiceFields(text)).toMatchObject({
      id: '1',
      currency_received: { amount: '0.1000000000000000055' },
    });
  });

  it('succeeds exactly where the codec does, with the same fields, whatever a field holds', () => {
    const confirmed = invoiceCallbacks.find(([name]) => name === 'callback.invoice.confirmed')![1];
    const changes = fc.dictionary(fc.constantFrom(...KEYS), fc.option(jsonValue, { nil: undefined }), {
      maxKeys: 3,
    });
    fc.assert(
      fc.property(
        fc.constantFrom('root', 'currency_sent', 'currency_received', 'transaction'),
        changes,
        (where, change) => {
          const base = parsed(confirmed) as Record<string, unknown>;
          const body = (where === 'root' ? changed(base, change) : base) as Record<string, unknown>;
          if (where === 'transaction')
            body.transactions = [changed((body.transactions as unknown[])[0], change)];
          else if (where !== 'root') body[where] = changed(body[where], change);
          const read = readInvoiceFields(body);
          const expected = declared(body);
          expect(read === NOT_DECODED ? read : JSON.parse(JSON.stringify(read))).toEqual(
            expected === NOT_DECODED ? expected : JSON.parse(JSON.stringify(expected)),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
