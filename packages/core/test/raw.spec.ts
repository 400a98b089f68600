import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { expectRight } from '@invoicekit/testkit';
import { parseJsonLossless, reportIssues, WireDecimalNumber, WireId, withRaw } from '../src/adapter';

const Item = t.intersection([t.type({ id: WireId }), t.partial({ amount: WireDecimalNumber })]);
const Envelope = t.type({ data: withRaw(Item) });

describe('withRaw', () => {
  it('keeps what was decoded as plain JSON, numbers as their own digit text', () => {
    const parsed = expectRight(parseJsonLossless('{"data":{"id":7,"amount":1.50,"extra":[1e-6]}}'));
    const decoded = expectRight(Envelope.decode(parsed));
    expect(decoded.data).toEqual({
      wire: expect.objectContaining({ id: '7', amount: '1.5' }),
      raw: { id: '7', amount: '1.50', extra: ['1e-6'] },
    });
    expect(withRaw(Item).is(decoded.data)).toBe(true);
  });

  it('reports issues at the paths of the wrapped codec', () => {
    const result = Envelope.decode({ data: { id: 1.5 } });
    expect(E.isLeft(result) && reportIssues(result.left).map((issue) => issue.path)).toEqual(['data.id']);
  });

  it('encodes the decoded value only', () => {
    expect(withRaw(t.string).encode({ wire: 'x', raw: 'anything' })).toBe('x');
  });
});
