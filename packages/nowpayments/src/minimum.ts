import * as E from 'fp-ts/Either';
import type * as TE from 'fp-ts/TaskEither';
import { compareDecimals, type Decimal, type InvoiceError } from '@invoicekit/core';
import {
  decodeCompiled,
  invalidRequest,
  parseJsonLossless,
  type HttpResponse,
  type ValidInvoiceRequest,
} from '@invoicekit/core/adapter';
import { NowpaymentsMinAmount } from './codecs';
import { NOWPAYMENTS_MINIMUM_TTL_MS, type NowpaymentsConfig } from './config';
import { wireCurrency } from './request';

/** NOWPayments' minimum for one pair, in the price currency, and when it was read. */
interface KnownMinimum {
  readonly fiat: Decimal | null;
  readonly readAt: number;
}

const pyBoolean = (value: boolean | undefined): string => (value === true ? 'True' : 'False');

/** The `GET /v1/min-amount` query for a request's pay currency, its fiat equivalent in the price currency. */
export const minimumQuery = (config: NowpaymentsConfig, request: ValidInvoiceRequest): string => {
  const search = new URLSearchParams();
  search.set('currency_from', wireCurrency(request.payCurrency ?? ''));
  search.set('fiat_equivalent', wireCurrency(request.currency));
  search.set('is_fixed_rate', pyBoolean(config.fixedRate));
  search.set('is_fee_paid_by_user', pyBoolean(config.feePaidByUser));
  return search.toString();
};

const decode = decodeCompiled(NowpaymentsMinAmount);

/** The fiat minimum a `GET /v1/min-amount` answer states; null for any answer that states none. */
export const fiatMinimumOf = (response: HttpResponse): Decimal | null => {
  if (response.status < 200 || response.status >= 300) return null;
  const parsed = parseJsonLossless(response.body);
  if (E.isLeft(parsed)) return null;
  const decoded = decode(parsed.right);
  return E.isRight(decoded) ? (decoded.right.fiat_equivalent ?? null) : null;
};

const underMinimum = (request: ValidInvoiceRequest, minimum: Decimal, ageMs: number): InvoiceError =>
  invalidRequest('nowpayments', [
    {
      path: 'amount',
      message:
        `is ${request.amount} ${request.currency}, under NOWPayments' minimum of ${minimum} ${request.currency} ` +
        `for paying in ${request.payCurrency ?? ''} (GET /v1/min-amount, read ${Math.round(ageMs / 1000)} s ago; ` +
        'minimums follow exchange rates)',
    },
  ]);

/**
 * Checks a request with a fixed pay currency against NOWPayments' minimum for that pair before it is
 * sent: the minimum is asked of `GET /v1/min-amount` with `fiat_equivalent` in the price currency and
 * reused for `NOWPAYMENTS_MINIMUM_TTL_MS`; an amount under it is an `InvalidRequest`. Without a pay
 * currency (the customer picks one on the invoice page), or when the lookup fails or states no fiat
 * figure, nothing is checked and NOWPayments' own refusal (`AMOUNT_MINIMAL_ERROR`) is what the caller sees.
 */
export const minimumCheck = (
  config: NowpaymentsConfig,
  lookup: (query: string) => TE.TaskEither<InvoiceError, HttpResponse>,
  now: () => Date,
) => {
  const known = new Map<string, KnownMinimum>();
  const minimumFor = async (query: string): Promise<KnownMinimum> => {
    const cached = known.get(query);
    const at = now().getTime();
    if (cached !== undefined && at - cached.readAt < NOWPAYMENTS_MINIMUM_TTL_MS) return cached;
    const answer = await lookup(query)();
    const read: KnownMinimum = { fiat: E.isRight(answer) ? fiatMinimumOf(answer.right) : null, readAt: at };
    if (read.fiat !== null) known.set(query, read);
    return read;
  };
  return (request: ValidInvoiceRequest): TE.TaskEither<InvoiceError, ValidInvoiceRequest> =>
    async () => {
      if (!config.checkMinimum || request.payCurrency === undefined) return E.right(request);
      const { fiat, readAt } = await minimumFor(minimumQuery(config, request));
      return fiat !== null && compareDecimals(request.amount, fiat) < 0
        ? E.left(underMinimum(request, fiat, now().getTime() - readAt))
        : E.right(request);
    };
};
