import * as E from 'fp-ts/Either';
import { storageFailed, type StorageFailed } from './errors';

// jsonb refuses the NUL character; a provider body carrying one must still be recorded.
const NUL = String.fromCharCode(0);

const storable = (_key: string, value: unknown): unknown => {
  if (typeof value === 'bigint') return value.toString();
  return typeof value === 'string' ? value.replaceAll(NUL, '\ufffd') : value;
};

/** JSON text for a `jsonb` parameter (sent as text and cast in SQL, so both drivers store the same value). */
export const jsonText = (value: unknown): E.Either<StorageFailed, string> =>
  E.tryCatch(
    () => JSON.stringify(value, storable) ?? 'null',
    (e) => storageFailed(`cannot store as JSON: ${String(e)}`),
  );
