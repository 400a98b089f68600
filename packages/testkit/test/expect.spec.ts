import * as E from 'fp-ts/Either';
import { invalidRequest, notFound, timeout } from '@invoicekit/core/adapter';
import { expectLeftTag, expectRight } from '../src';

describe('expectRight', () => {
  it('returns the value of a Right', () => {
    expect(expectRight(E.right({ id: 1 }))).toEqual({ id: 1 });
  });

  it('throws with the described error on a tagged Left', () => {
    expect(() => expectRight(E.left(timeout('coinspaid', 400)))).toThrow(
      'expected Right, got Left: [coinspaid] Timeout: coinspaid did not answer within 400 ms',
    );
  });

  it('throws with the JSON of an untagged Left', () => {
    expect(() => expectRight(E.left('must be a number'))).toThrow(
      'expected Right, got Left: "must be a number"',
    );
  });
});

describe('expectLeftTag', () => {
  it('returns the error when the tag matches', () => {
    const error = notFound('cryptocloud', 404, 'INV-1');
    expect(expectLeftTag(E.left(error), 'NotFound')).toBe(error);
  });

  it('throws on a Right', () => {
    expect(() =>
      expectLeftTag(E.right(1) as E.Either<ReturnType<typeof notFound>, number>, 'NotFound'),
    ).toThrow('expected Left NotFound, got Right');
  });

  it('throws naming both tags on the wrong Left', () => {
    const result: E.Either<ReturnType<typeof notFound> | ReturnType<typeof invalidRequest>, never> = E.left(
      invalidRequest('coinspaid', [{ path: 'amount', message: 'is required' }]),
    );
    expect(() => expectLeftTag(result, 'NotFound')).toThrow(
      'expected Left NotFound, got [coinspaid] InvalidRequest: Invalid request: amount: is required',
    );
  });
});
