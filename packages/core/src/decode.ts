import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { decodeCompiled } from './compiled';
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
): E.Either<InvoiceError, unknown> => {
  const parsed = parseJsonLossless(response.body);
  return E.isRight(parsed)
    ? parsed
    : E.left(
        unexpectedResponse(
          provider,
          response.status,
          [{ path: '', message: `body is not JSON (${parsed.left})` }],
          bodyExcerpt(response.body),
        ),
      );
};

/** Decodes a parsed response body with a wire codec (compiled once per codec); a mismatch is an `UnexpectedResponse`. */
export const decodeResponseBody = <A>(codec: t.Decoder<unknown, A>) => {
  const decode = decodeCompiled(codec);
  return (provider: ProviderId, response: HttpResponse) =>
    (parsed: unknown): E.Either<InvoiceError, A> => {
      const decoded = decode(parsed);
      return E.isRight(decoded)
        ? decoded
        : E.left(
            unexpectedResponse(
              provider,
              response.status,
              reportIssues(decoded.left),
              bodyExcerpt(response.body),
            ),
          );
    };
};
