import { isLosslessNumber } from '@invoicekit/core/adapter';
import { callbackTypes, fixtures } from './support';

const SOURCES = /docs\.cryptoprocessing\.com|docs\.alphapo\.net|coinspaid\/docs |serjvanilla\/coinspaid-go /;

describe('fixtures', () => {
  it('name the documented source of every entry', () => {
    const names = fixtures.names().filter((name) => name !== 'signatureVectors');
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) expect(fixtures.source(name)).toMatch(SOURCES);
    for (const vector of fixtures.list('signatureVectors')) expect(vector._source).toMatch(SOURCES);
  });

  it('cover every documented error body and callback type', () => {
    expect(fixtures.names('error.')).toHaveLength(14);
    expect(callbackTypes()).toEqual([
      'deposit',
      'deposit_exchange',
      'exchange',
      'invoice',
      'payment_request',
      'withdrawal',
      'withdrawal_exchange',
    ]);
    const statuses = fixtures
      .names('callback.')
      .filter((name) => fixtures.record(name).type === 'invoice')
      .map((name) => `${String(fixtures.record(name).status)}:${String(fixtures.record(name).error)}`);
    expect(statuses).toEqual(
      expect.arrayContaining([
        'pending:',
        'processing:',
        'confirmed:',
        'failed:Timer expired. User not paid.',
        'failed:Timer expired. Transactions were in status processing too long.',
        'failed:Timer expired. User paid less than requested.',
      ]),
    );
  });

  it('are read losslessly: a documented 0.10882300 stays 0.10882300', () => {
    const text = fixtures.body('callback.withdrawal_exchange');
    expect(text).toContain('"amount_to":0.10882300}');
    const [exchange] = fixtures.record('callback.withdrawal_exchange').transactions as Array<
      Record<string, unknown>
    >;
    const amountTo = exchange?.amount_to;
    expect(isLosslessNumber(amountTo) && amountTo.value).toBe('0.10882300');
  });

  it('send a body fixture as its compact JSON and a bodyText fixture byte for byte', () => {
    expect(fixtures.body('callback.invoice.failed-timer')).toMatch(
      /^\{"id":23,"foreign_id":"77xa2pd","type":"invoice",.*"error":"Timer expired\. User not paid\.","status":"failed","fixed_at":1592309817,"expires_at":1592310717\}$/,
    );
    expect(Buffer.byteLength(fixtures.body('callback.deposit_exchange.coinspaid-go'))).toBe(883);
  });
});
