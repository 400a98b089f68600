import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { decodeResponseBody, parseResponseBody } from './decode';
import type { InvoiceError } from './errors';
import type { Exchange } from './exchange';
import type { ProviderId } from './ids';
import type { HttpResponse } from './transport';

/** An adapter's one status → error function: the `InvoiceError` an answer carries, or null for a success. */
export type ErrorFromResponse<W> = (exchange: Exchange<W>) => InvoiceError | null;

/** Passes a successful answer on; any other fails with the error `errorFromResponse` names. */
export const checkResponse =
  <W>(errorFromResponse: ErrorFromResponse<W>) =>
  (exchange: Exchange<W>): E.Either<InvoiceError, HttpResponse> => {
    const error = errorFromResponse(exchange);
    return error === null ? E.right(exchange.response) : E.left(error);
  };

/** Parses an answer's body losslessly and decodes it with a wire codec; either failure is an `UnexpectedResponse`. */
export const decodeAnswer = <A>(provider: ProviderId, codec: t.Decoder<unknown, A>) => {
  const decode = decodeResponseBody(codec);
  return (response: HttpResponse): E.Either<InvoiceError, A> => {
    const parsed = parseResponseBody(provider, response);
    return E.isRight(parsed) ? decode(provider, response)(parsed.right) : parsed;
  };
};
