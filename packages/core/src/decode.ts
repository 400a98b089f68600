import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type * as t from 'io-ts';
import { unexpectedResponse, type InvoiceError } from './errors';
import { bodyExcerpt } from './http';
import type { ProviderId } from './ids';
import { parseJsonLossless } from './json';
import { reportIssues } from './report';
import type { HttpResponse } from './transport';

/** Parses a response body losslessly; bad JSON is an `UnexpectedResponse` with an excerpt. */
export const parseResponseBody = (
  provider: ProviderId,
  response: HttpResponse,
): E.Either<InvoiceError, unknown> =>
  pipe(
    parseJsonLossless(response.body),
    E.mapLeft((reason) =>
      unexpectedResponse(
        provider,
        response.status,
        [{ path: '', message: `body is not JSON (${reason})` }],
        bodyExcerpt(response.body),
      ),
    ),
  );

/** Decodes a parsed response body with a wire codec; a mismatch is an `UnexpectedResponse`. */
export const decodeResponseBody =
  <A>(codec: t.Decoder<unknown, A>) =>
  (provider: ProviderId, response: HttpResponse) =>
  (parsed: unknown): E.Either<InvoiceError, A> =>
    pipe(
      codec.decode(parsed),
      E.mapLeft((errors) =>
        unexpectedResponse(provider, response.status, reportIssues(errors), bodyExcerpt(response.body)),
      ),
    );
