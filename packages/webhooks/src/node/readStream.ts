import * as E from 'fp-ts/Either';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { declaredTooLarge } from '../body';
import { bodyTooLarge, requestAborted, type RequestRefused } from '../outcome';

const contentLengthOf = (headers: IncomingHttpHeaders): string | undefined => headers['content-length'];

/**
 * Reads a Node request stream to its end, keeping at most `maxBodyBytes`: past the limit it stops
 * collecting and answers at once, discarding the rest as it arrives. A stream that fails or closes
 * before its end is a sender that hung up: `RequestAborted`. Never rejects.
 */
export const readStream = (
  stream: Readable,
  headers: IncomingHttpHeaders,
  maxBodyBytes: number,
): Promise<E.Either<RequestRefused, Buffer>> =>
  new Promise((resolve) => {
    const declared = declaredTooLarge(contentLengthOf(headers), maxBodyBytes);
    if (E.isLeft(declared)) {
      stream.on('error', () => undefined);
      resolve(declared);
      return;
    }
    if (stream.destroyed) {
      resolve(E.left(requestAborted(0)));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    // Listeners stay on after the answer: the rest of a too-large body flows into nothing, and a
    // late stream error has a listener instead of crashing the process.
    const finish = (result: E.Either<RequestRefused, Buffer>): void => {
      if (done) return;
      done = true;
      chunks.length = 0;
      resolve(result);
    };
    const onData = (chunk: Buffer | string): void => {
      if (done) return;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += bytes.length;
      if (size > maxBodyBytes) finish(E.left(bodyTooLarge(maxBodyBytes)));
      else chunks.push(bytes);
    };
    const onEnd = (): void => finish(E.right(Buffer.concat(chunks)));
    const onAbort = (): void => finish(E.left(requestAborted(size)));
    stream.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort);
  });
