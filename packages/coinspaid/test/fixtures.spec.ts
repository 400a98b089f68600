import { isLosslessNumber } from '@invoicekit/core/adapter';
import {
  callbackFixture,
  callbackNames,
  callbackText,
  errorFixtureNames,
  fixtures,
  fixtureText,
} from './support';

const SOURCES = /docs\.cryptoprocessing\.com|docs\.alphapo\.net|coinspaid\/docs |serjvanilla\/coinspaid-go /;

describe('fixtures', () => {
  it('name the documented source of every entry', () => {
    const names = Object.keys(fixtures).filter((name) => name !== '_about' && name !== 'signatureVectors');
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) expect(fixtureText(name, '_source')).toMatch(SOURCES);
    for (const vector of fixtures.signatureVectors as Array<{ _source: string }>) {
      expect(vector._source).toMatch(SOURCES);
    }
  });

  it('cover every documented error body and callback type', () => {
    expect(errorFixtureNames).toHaveLength(13);
    const types = new Set(callbackNames.map((name) => callbackFixture(name).type));
    expect([...types].sort()).toEqual(
      [
        'deposit',
        'deposit_exchange',
        'exchange',
        'invoice',
        'payment_request',
        'withdrawal',
        'withdrawal_exchange',
      ].sort(),
    );
    const statuses = callbackNames
      .filter((name) => callbackFixture(name).type === 'invoice')
      .map((name) => `${String(callbackFixture(name).status)}:${String(callbackFixture(name).error)}`);
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
    const text = callbackText('callback.withdrawal_exchange');
    expect(text).toContain('"amount_to":0.10882300}');
    const [exchange] = callbackFixture('callback.withdrawal_exchange').transactions as Array<
      Record<string, unknown>
    >;
    const amountTo = exchange?.amount_to;
    expect(isLosslessNumber(amountTo) && amountTo.value).toBe('0.10882300');
  });

  it('send a body fixture as its compact JSON and a bodyText fixture byte for byte', () => {
    expect(callbackText('callback.invoice.failed-timer')).toMatch(
      /^\{"id":23,"foreign_id":"77xa2pd","type":"invoice",.*"error":"Timer expired\. User not paid\.","status":"failed","fixed_at":1592309817,"expires_at":1592310717\}$/,
    );
    expect(Buffer.byteLength(callbackText('callback.deposit_exchange.coinspaid-go'))).toBe(883);
  });
});
