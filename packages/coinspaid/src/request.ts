import { sequenceS } from 'fp-ts/Apply';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as RNEA from 'fp-ts/ReadonlyNonEmptyArray';
import * as TE from 'fp-ts/TaskEither';
import {
  type InvalidRequest,
  type InvoiceError,
  type Issue,
  type LegalSender,
  type NaturalSender,
  type ProviderCapabilities,
} from '@invoicekit/core';
import {
  invalidRequest,
  readInvoiceRef,
  serializeRequest,
  unsupported,
  validateCreateInvoiceRequest,
  wireNumber,
  type Outgoing,
  type ResolvedRef,
  type ValidInvoiceRequest,
  type RequestRules,
} from '@invoicekit/core/adapter';
import {
  CoinspaidCancelRequest,
  type CoinspaidCancelTarget,
  type CoinspaidInvoiceRequest,
  type CoinspaidInvoiceType,
  type CoinspaidLegalSenderData,
  type CoinspaidNaturalSenderData,
  type CoinspaidSenderType,
} from './codecs';
import type { CoinspaidConfig, CoinspaidPreset } from './config';

/** The one invoice lifetime the platform offers (`timer: true`). */
export const COINSPAID_TIMER_MINUTES = 15;

/** The most digits after the point an invoice amount may have; more are refused, never rounded. */
export const COINSPAID_AMOUNT_FRACTION_DIGITS = 8;

/** Where `COINSPAID_AMOUNT_FRACTION_DIGITS` comes from. */
export const COINSPAID_AMOUNT_FRACTION_DIGITS_SOURCE =
  'the platform keeps amounts as decimal strings with 8 decimals: the create response echoes amount 100 as ' +
  '"100.00000000" (docs.cryptoprocessing.com/api-reference/endpoints/invoices-create) and callback amounts ' +
  'have 8 decimals (coinspaid/docs api-documentation/callbacks.md)';

/** Where the cancel endpoint is documented: CryptoProcessing's docs only, not AlphaPo's or CoinsPaid's. */
export const COINSPAID_CANCEL_SOURCE =
  'POST /invoices/{foreign_id}/cancel/ is documented by CryptoProcessing only ' +
  '(docs.cryptoprocessing.com/api-reference/endpoints/invoices-foreign_id-cancel); ' +
  'the AlphaPo and CoinsPaid docs show no such endpoint';

/** The presets whose own docs show the cancel endpoint. */
const CANCELS: Readonly<Record<CoinspaidPreset, boolean>> = {
  cryptoprocessing: true,
  alphapo: false,
  coinspaid: false,
};

/** What a preset supports, given the merchant defaults in the configuration. */
export const capabilitiesOf = (config: CoinspaidConfig): ProviderCapabilities => ({
  operations: {
    createInvoice: true,
    getInvoice: false,
    cancelInvoice: CANCELS[config.provider],
    listInvoices: false,
  },
  requiredFields: [
    ...(config.defaults.title === undefined ? ['title'] : []),
    ...(config.defaults.redirectUrls === undefined ? ['redirectUrls'] : []),
    ...(config.defaults.email === undefined ? ['customer.email'] : []),
    ...(config.provider === 'cryptoprocessing' ? ['customer.reference', 'customer.sender'] : []),
  ],
  unsupportedFields: ['payCurrencies'],
  ignoredFields: [],
  expiresInMinutes: [COINSPAID_TIMER_MINUTES],
  amountFractionDigits: {
    max: COINSPAID_AMOUNT_FRACTION_DIGITS,
    source: COINSPAID_AMOUNT_FRACTION_DIGITS_SOURCE,
  },
  rejectsDuplicateOrders: true,
});

const UNSUPPORTED_WHY: Readonly<Record<'getInvoice' | 'cancelInvoice', string>> = {
  getInvoice: 'has no endpoint to read an invoice (no doc generation shows one)',
  cancelInvoice: `documents no endpoint to cancel an invoice (${COINSPAID_CANCEL_SOURCE})`,
};

/** Refuses an operation the platform does not offer with `Unsupported`, before any request. */
export const unsupportedOperation =
  (provider: CoinspaidPreset, operation: 'getInvoice' | 'cancelInvoice') =>
  (): TE.TaskEither<InvoiceError, never> =>
    TE.left(
      unsupported(
        provider,
        operation,
        `${provider} ${UNSUPPORTED_WHY[operation]}; follow invoice state through parseWebhook (invoice callbacks)`,
      ),
    );

// Provider quirk: the platform cancels by the merchant's foreign_id, a path segment; "." and ".." would
// be resolved away by every URL parser (also when percent-encoded) and sign a request to another path.
const DOT_SEGMENT = /^\.{1,2}$/;

/**
 * Reads a cancel ref once: the platform cancels by the merchant's `foreign_id`, so the ref must carry
 * the order id (the Invoice createInvoice returned, or `{ id, orderId }`); a bare id is an `InvalidRequest`.
 */
export const validateCancelRef =
  (provider: CoinspaidPreset) =>
  (ref: unknown): E.Either<InvoiceError, ResolvedRef & { readonly orderId: string }> =>
    pipe(
      readInvoiceRef(provider, ref),
      E.flatMap(({ id, orderId }) =>
        orderId === null
          ? E.left(
              invalidRequest(provider, [
                {
                  path: 'ref.orderId',
                  message:
                    `${provider} cancels an invoice by the merchant's order id (foreign_id), not by its own id: ` +
                    'pass the Invoice that createInvoice returned, or { id, orderId }',
                },
              ]),
            )
          : DOT_SEGMENT.test(orderId)
            ? E.left(
                invalidRequest(provider, [
                  {
                    path: 'ref.orderId',
                    message: `cannot be "${orderId}": it is not addressable in a URL path`,
                  },
                ]),
              )
            : E.right({ id, orderId }),
      ),
    );

/** The cancel request: the order id names the path, and the body signed and sent is exactly `{}`. */
export const toWireCancelRequest = (orderId: string): Outgoing<CoinspaidCancelTarget> => ({
  wire: { foreign_id: orderId },
  body: serializeRequest(CoinspaidCancelRequest)({}).body,
});

type Check<A> = E.Either<RNEA.ReadonlyNonEmptyArray<Issue>, A>;

const Validation = E.getApplicativeValidation(RNEA.getSemigroup<Issue>());

const issue = (path: string, message: string): Check<never> => E.left([{ path, message }]);

const required = <A>(value: A | undefined, path: string, message: string): Check<A> =>
  value === undefined ? issue(path, message) : E.right(value);

/**
 * Validates a snapshot of canonical input (amounts up to 8 decimals), then refuses `payCurrencies`,
 * which the platform has no field for.
 */
export const validateInvoiceRequest =
  (provider: CoinspaidPreset, rules?: RequestRules) =>
  (input: unknown): E.Either<InvoiceError, ValidInvoiceRequest> => {
    const validated = validateCreateInvoiceRequest(provider, input, COINSPAID_AMOUNT_FRACTION_DIGITS, rules);
    return E.isRight(validated) && validated.right.payCurrencies !== undefined
      ? E.left(
          unsupported(
            provider,
            'payCurrencies',
            `${provider} cannot restrict the currencies offered to the customer: omit payCurrencies, ` +
              `or fix one currency with payCurrency and expiresInMinutes: ${COINSPAID_TIMER_MINUTES}`,
          ),
        )
      : validated;
  };

const checkTimer = (provider: CoinspaidPreset, minutes: number | undefined): Check<boolean> =>
  minutes === undefined
    ? E.right(false)
    : minutes === COINSPAID_TIMER_MINUTES
      ? E.right(true)
      : issue(
          'expiresInMinutes',
          `${provider} offers one invoice lifetime, ${COINSPAID_TIMER_MINUTES} minutes: pass expiresInMinutes: ` +
            `${COINSPAID_TIMER_MINUTES}, or omit it for an invoice without a timer`,
        );

const checkPayCurrency = (
  provider: CoinspaidPreset,
  request: ValidInvoiceRequest,
): Check<string | undefined> =>
  request.payCurrency !== undefined && request.expiresInMinutes !== COINSPAID_TIMER_MINUTES
    ? issue(
        'payCurrency',
        `${provider} fixes the pay currency only on invoices with the ${COINSPAID_TIMER_MINUTES}-minute timer: ` +
          `also pass expiresInMinutes: ${COINSPAID_TIMER_MINUTES}, or omit payCurrency to let the customer choose`,
      )
    : E.right(request.payCurrency);

// CryptoProcessing must collect MiCA sender data; AlphaPo and CoinsPaid take it when given.
const checkMica = <A>(provider: CoinspaidPreset, value: A | undefined, path: string, what: string) =>
  provider === 'cryptoprocessing'
    ? required(value, path, `is required by cryptoprocessing (MiCA): add ${path}, ${what}`)
    : E.right(value);

const senderData = (
  sender: NaturalSender | LegalSender,
): CoinspaidNaturalSenderData | CoinspaidLegalSenderData =>
  sender.type === 'natural'
    ? { first_name: sender.firstName, last_name: sender.lastName, date_of_birth: sender.dateOfBirth }
    : { legal_name: sender.legalName, country_of_registration: sender.countryOfRegistration };

const invoiceType = (allowPartialPayment: boolean | undefined): CoinspaidInvoiceType | undefined =>
  allowPartialPayment === undefined ? undefined : allowPartialPayment ? 'good_until_expired' : 'fill_or_kill';

interface Checked {
  readonly title: string;
  readonly redirectUrls: { readonly success: string; readonly failure: string };
  readonly email: string;
  readonly timer: boolean;
  readonly senderCurrency: string | undefined;
  readonly reference: string | undefined;
  readonly sender: NaturalSender | LegalSender | undefined;
}

const assembleBody =
  (request: ValidInvoiceRequest) =>
  (checked: Checked): CoinspaidInvoiceRequest => {
    const body: CoinspaidInvoiceRequest = {
      timer: checked.timer,
      title: checked.title,
      currency: request.currency,
      amount: wireNumber(request.amount),
      foreign_id: request.orderId,
      url_success: checked.redirectUrls.success,
      url_failed: checked.redirectUrls.failure,
      email_user: checked.email,
    };
    const type = invoiceType(request.allowPartialPayment);
    if (request.description !== undefined) body.description = request.description;
    if (checked.reference !== undefined) body.end_user_reference = checked.reference;
    if (checked.senderCurrency !== undefined) body.sender_currency = checked.senderCurrency;
    if (type !== undefined) body.type = type;
    if (checked.sender !== undefined) {
      body.sender_type = checked.sender.type satisfies CoinspaidSenderType;
      body.sender_data = senderData(checked.sender);
    }
    return body;
  };

/** Maps a valid canonical request to the wire body, filling merchant defaults; every gap is reported at once. */
export const toWireInvoiceRequest =
  (config: CoinspaidConfig) =>
  (request: ValidInvoiceRequest): E.Either<InvalidRequest, CoinspaidInvoiceRequest> => {
    const { provider, defaults } = config;
    return pipe(
      sequenceS(Validation)({
        title: required(
          request.title ?? defaults.title,
          'title',
          `is required by ${provider}: pass title, or set defaults.title in the configuration`,
        ),
        redirectUrls: required(
          request.redirectUrls ?? defaults.redirectUrls,
          'redirectUrls',
          `are required by ${provider} (url_success, url_failed): pass redirectUrls, ` +
            'or set defaults.redirectUrls in the configuration',
        ),
        email: required(
          request.customer?.email ?? defaults.email,
          'customer.email',
          `is required by ${provider} (email_user, where refund instructions go): pass customer.email, ` +
            'or set defaults.email in the configuration',
        ),
        timer: checkTimer(provider, request.expiresInMinutes),
        senderCurrency: checkPayCurrency(provider, request),
        reference: checkMica(
          provider,
          request.customer?.reference,
          'customer.reference',
          'a stable customer id without personal data',
        ),
        sender: checkMica(
          provider,
          request.customer?.sender,
          'customer.sender',
          "{ type: 'natural', firstName, lastName, dateOfBirth } or { type: 'legal', legalName, countryOfRegistration }",
        ),
      }),
      E.map(assembleBody(request)),
      E.mapLeft((issues) => invalidRequest(provider, issues)),
    );
  };
