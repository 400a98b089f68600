import * as E from 'fp-ts/Either';
import { describeError, type InvoiceKitFailure } from '@invoicekit/core';

const describeLeft = (left: unknown): string =>
  typeof left === 'object' && left !== null && '_tag' in left
    ? describeError(left as InvoiceKitFailure)
    : JSON.stringify(left);

/** Returns the value of a `Right`, failing the test with the error's description on a `Left`. */
export const expectRight = <L, A>(result: E.Either<L, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left: ${describeLeft(result.left)}`);
  return result.right;
};

/** Returns the error of a `Left` with this `_tag`, failing the test on a `Right` or another tag. */
export const expectLeftTag = <L extends { readonly _tag: string }, A, T extends L['_tag']>(
  result: E.Either<L, A>,
  tag: T,
): Extract<L, { _tag: T }> => {
  if (E.isRight(result)) throw new Error(`expected Left ${tag}, got Right`);
  if (result.left._tag !== tag) {
    throw new Error(`expected Left ${tag}, got ${describeLeft(result.left)}`);
  }
  return result.left as Extract<L, { _tag: T }>;
};
