import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type * as t from 'io-ts';
import { type InvoiceError, type Secret } from '@invoicekit/core';
import {
  guardTransport,
  stringifyJson,
  type HttpResponse,
  type HttpTransport,
  type Scrubber,
} from '@invoicekit/core/adapter';
import { authHeaders } from './auth';
import {
  CryptocloudCancelBody,
  CryptocloudCancelResult,
  CryptocloudCreateBody,
  CryptocloudInfoBody,
  CryptocloudInvoice,
  CryptocloudInvoiceList,
  CryptocloudListBody,
} from './codecs';
import { readResult } from './response';

/** The CryptoCloud API v2 endpoints, relative to `baseUrl`; all are POST with a JSON body. */
export const CRYPTOCLOUD_ENDPOINTS = {
  create: '/v2/invoice/create',
  info: '/v2/invoice/merchant/info',
  cancel: '/v2/invoice/merchant/canceled',
  list: '/v2/invoice/merchant/list',
} as const;

/** What the client needs: where to send, with which key, how long to wait, through which transport, what to scrub. */
export interface CryptocloudClientDeps {
  readonly transport: HttpTransport;
  readonly scrub: Scrubber;
  readonly baseUrl: string;
  readonly apiKey: Secret;
  readonly timeoutMs: number;
  readonly now: () => Date;
}

/** The four CryptoCloud calls, each returning the decoded `result`. */
export interface CryptocloudClient {
  create(body: CryptocloudCreateBody): TE.TaskEither<InvoiceError, CryptocloudInvoice>;
  info(body: CryptocloudInfoBody): TE.TaskEither<InvoiceError, CryptocloudInvoiceList>;
  cancel(body: CryptocloudCancelBody): TE.TaskEither<InvoiceError, CryptocloudCancelResult>;
  list(body: CryptocloudListBody): TE.TaskEither<InvoiceError, CryptocloudInvoiceList>;
}

/** Serializes a request body once, with exact-digit amounts; the string is what is sent. */
export const serializeBody =
  <A, O>(codec: t.Encoder<A, O>) =>
  (body: A): string =>
    stringifyJson(codec.encode(body));

/** Builds the CryptoCloud client over core's transport. */
export const createCryptocloudClient = (deps: CryptocloudClientDeps): CryptocloudClient => {
  const send = guardTransport(deps.transport, deps.scrub);
  const post =
    (path: string) =>
    (body: string): TE.TaskEither<InvoiceError, HttpResponse> =>
      send({
        provider: 'cryptocloud',
        method: 'POST',
        url: `${deps.baseUrl}${path}`,
        headers: authHeaders(deps.apiKey),
        body,
        timeoutMs: deps.timeoutMs,
      });

  const call =
    <A, O, R>(path: string, bodyCodec: t.Encoder<A, O>, resultCodec: t.Decoder<unknown, R>) =>
    (body: A): TE.TaskEither<InvoiceError, R> =>
      pipe(body, serializeBody(bodyCodec), post(path), TE.flatMapEither(readResult(resultCodec, deps.now)));

  return {
    create: call(CRYPTOCLOUD_ENDPOINTS.create, CryptocloudCreateBody, CryptocloudInvoice),
    info: call(CRYPTOCLOUD_ENDPOINTS.info, CryptocloudInfoBody, CryptocloudInvoiceList),
    cancel: call(CRYPTOCLOUD_ENDPOINTS.cancel, CryptocloudCancelBody, CryptocloudCancelResult),
    list: call(CRYPTOCLOUD_ENDPOINTS.list, CryptocloudListBody, CryptocloudInvoiceList),
  };
};
