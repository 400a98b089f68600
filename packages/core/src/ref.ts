import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { invalidRequest, type InvalidRequest } from './errors';
import { isRecord, textOrNull } from './guards';
import type { ProviderId } from './ids';
import { snapshotInput } from './snapshot';

/** An `InvoiceRef` read once: the provider's invoice id and, when the caller gave it, the merchant's order id. */
export interface ResolvedRef {
  readonly id: string;
  readonly orderId: string | null;
}

const REF_MESSAGE = 'must be the invoice id, or the Invoice (or { id, orderId }) that createInvoice returned';

const resolve = (ref: unknown): ResolvedRef | null => {
  if (typeof ref === 'string') return textOrNull(ref) === null ? null : { id: ref.trim(), orderId: null };
  if (!isRecord(ref)) return null;
  const id = textOrNull(ref.id);
  const orderId = ref.orderId === undefined || ref.orderId === null ? null : textOrNull(ref.orderId);
  const orderIdValid = ref.orderId === undefined || ref.orderId === null || orderId !== null;
  return id === null || !orderIdValid ? null : { id: id.trim(), orderId };
};

/** Reads an `InvoiceRef` (a bare id, or an object with `id` and `orderId`) once; anything else is an `InvalidRequest`. */
export const readInvoiceRef = (provider: ProviderId, ref: unknown): E.Either<InvalidRequest, ResolvedRef> =>
  pipe(
    snapshotInput(ref),
    E.mapLeft((issue) => invalidRequest(provider, [{ ...issue, path: issue.path || 'ref' }])),
    E.flatMap((snapshot) =>
      pipe(
        resolve(snapshot),
        E.fromNullable(invalidRequest(provider, [{ path: 'ref', message: REF_MESSAGE }])),
      ),
    ),
  );

/** Reads an `InvoiceRef` once and refuses an id `isId` rejects (before it goes into a path or body), saying `expected`. */
export const readInvoiceRefWithId =
  (provider: ProviderId, isId: (id: string) => boolean, expected: string) =>
  (ref: unknown): E.Either<InvalidRequest, ResolvedRef> =>
    pipe(
      readInvoiceRef(provider, ref),
      E.filterOrElse(
        (resolved) => isId(resolved.id),
        () => invalidRequest(provider, [{ path: 'id', message: expected }]),
      ),
    );
