import * as E from 'fp-ts/Either';
import { bodyTooLarge, type BodyTooLarge } from './outcome';

const WITHIN: E.Either<never, void> = E.right(undefined);

/** Refuses a body whose declared `Content-Length` is already over the limit, before any of it is read. */
export const declaredTooLarge = (
  contentLength: string | null | undefined,
  maxBodyBytes: number,
): E.Either<BodyTooLarge, void> =>
  contentLength !== null &&
  contentLength !== undefined &&
  /^\s*\d+\s*$/.test(contentLength) &&
  Number(contentLength) > maxBodyBytes
    ? E.left(bodyTooLarge(maxBodyBytes))
    : WITHIN;
