import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { compiledAs, decodeCompiled, NOT_DECODED } from './compiled';
import { Decimal, decimalFromNumber, decimalFromString, fractionDigits, isPositive } from './decimal';
import { invalidRequest, type InvalidRequest } from './errors';
import {
  CountryAlpha3,
  CurrencyCode,
  DistinctCurrencyCodes,
  EmailAddress,
  Flag,
  HttpsDomainUrl,
  closedObject,
  multilineText,
  PastCalendarDate,
  PositiveInteger,
  refinedString,
  textOfLength,
} from './fields';
import type { ProviderId } from './ids';
import { reportIssues } from './report';
import { snapshotInput } from './snapshot';

const toPositiveDecimal = (u: unknown): E.Either<string, Decimal> => {
  const decimal =
    typeof u === 'string'
      ? decimalFromString(u)
      : typeof u === 'number'
        ? decimalFromNumber(u)
        : E.left('must be a decimal string like "12.50" or a finite number');
  return E.isRight(decimal) && !isPositive(decimal.right) ? E.left('must be greater than zero') : decimal;
};

/** An amount given as decimal text (`"12.50"`) or a finite JS number, greater than zero; decodes to its exact decimal text. */
export const AmountInput = compiledAs(
  new t.Type<string | number, string | number, unknown>(
    'AmountInput',
    (u): u is string | number => E.isRight(toPositiveDecimal(u)),
    (u, c) =>
      u === undefined
        ? t.failure(u, c, 'is required')
        : pipe(
            toPositiveDecimal(u),
            E.match(
              (message) => t.failure(u, c, message),
              (decimal) => t.success<string | number>(decimal),
            ),
          ),
    t.identity,
  ),
  () => (u) => {
    if (u === undefined) return NOT_DECODED;
    const decimal = toPositiveDecimal(u);
    return E.isRight(decimal) ? decimal.right : NOT_DECODED;
  },
);

/** A natural person sending the payment (MiCA sender data). */
export const NaturalSender = closedObject(
  t.type(
    {
      type: t.literal('natural'),
      firstName: textOfLength('FirstName', 1, 255),
      lastName: textOfLength('LastName', 1, 255),
      dateOfBirth: PastCalendarDate,
    },
    'NaturalSender',
  ),
);
/** A natural person sending the payment. */
export type NaturalSender = t.TypeOf<typeof NaturalSender>;

/** A legal entity sending the payment (MiCA sender data). */
export const LegalSender = closedObject(
  t.type(
    {
      type: t.literal('legal'),
      legalName: textOfLength('LegalName', 1, 255),
      countryOfRegistration: CountryAlpha3,
    },
    'LegalSender',
  ),
);
/** A legal entity sending the payment. */
export type LegalSender = t.TypeOf<typeof LegalSender>;

/** Who pays: a natural person or a legal entity, chosen by `type`. */
export const Sender = compiledAs(
  new t.Type<NaturalSender | LegalSender, NaturalSender | LegalSender, unknown>(
    'Sender',
    (u): u is NaturalSender | LegalSender => NaturalSender.is(u) || LegalSender.is(u),
    (u, c) => {
      if (typeof u !== 'object' || u === null) return t.failure(u, c, 'must be an object with a type');
      const kind = (u as { type?: unknown }).type;
      if (kind === 'natural') return NaturalSender.validate(u, c);
      if (kind === 'legal') return LegalSender.validate(u, c);
      return t.failure(kind, t.appendContext(c, 'type', t.string, kind), 'must be "natural" or "legal"');
    },
    t.identity,
  ),
  (readerOf) => {
    const natural = readerOf(NaturalSender);
    const legal = readerOf(LegalSender);
    return (u) => {
      if (typeof u !== 'object' || u === null) return NOT_DECODED;
      const kind = (u as { type?: unknown }).type;
      return kind === 'natural' ? natural(u) : kind === 'legal' ? legal(u) : NOT_DECODED;
    };
  },
);

/** The customer paying the invoice. */
export const Customer = closedObject(
  t.partial(
    { reference: textOfLength('CustomerReference', 1, 255), email: EmailAddress, sender: Sender },
    'Customer',
  ),
);

/** Where the hosted invoice page sends the customer afterwards. */
export const RedirectUrls = closedObject(
  t.type({ success: HttpsDomainUrl, failure: HttpsDomainUrl }, 'RedirectUrls'),
);

const LOOPBACK_HOST = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

/** True for an http(s) URL on a loopback host (`localhost`, `127.x.x.x`, `[::1]`) without user or password. */
export const isLoopbackUrl = (s: string): boolean => {
  if (!URL.canParse(s)) return false;
  const url = new URL(s);
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    LOOPBACK_HOST.test(url.hostname)
  );
};

const LocalRedirectUrl = refinedString(
  'LocalRedirectUrl',
  (s) => HttpsDomainUrl.is(s) || isLoopbackUrl(s),
  'must be an https URL on a domain name, or an http(s) URL on localhost, 127.x.x.x or [::1] ' +
    '(accepted because baseUrl is a local sandbox)',
);

const LocalRedirectUrls = closedObject(
  t.type({ success: LocalRedirectUrl, failure: LocalRedirectUrl }, 'RedirectUrls'),
);

const RequiredFields = t.type({
  orderId: textOfLength('OrderId', 1, 255),
  amount: AmountInput,
  currency: CurrencyCode,
});

const optionalFields = <R extends t.Mixed>(redirectUrls: R) =>
  t.partial({
    title: textOfLength('Title', 1, 50),
    description: multilineText('Description', 1000),
    customer: Customer,
    payCurrency: CurrencyCode,
    payCurrencies: DistinctCurrencyCodes,
    expiresInMinutes: PositiveInteger,
    allowPartialPayment: Flag,
    redirectUrls,
  });

const requestOf = <R extends t.Mixed>(redirectUrls: R) =>
  closedObject(t.intersection([RequiredFields, optionalFields(redirectUrls)], 'CreateInvoiceRequest'));

/** A request to create an invoice, the same for every provider. */
export const CreateInvoiceRequest = requestOf(RedirectUrls);
/** A request to create an invoice, the same for every provider. */
export type CreateInvoiceRequest = t.TypeOf<typeof CreateInvoiceRequest>;

const decodeRequest = decodeCompiled(CreateInvoiceRequest);
const decodeLocalRequest = decodeCompiled(requestOf(LocalRedirectUrls));

/** How an adapter's configuration bends core's request rules. */
export interface RequestRules {
  /**
   * Accept `redirectUrls` on loopback hosts (http or https): only for an adapter whose `baseUrl` is a
   * local sandbox, so a customer's return can be tested locally; real providers refuse them.
   */
  readonly loopbackRedirects: boolean;
}

/** The rules for an adapter configured with `baseUrl`: loopback redirects only when it talks to a loopback host. */
export const requestRulesFor = (baseUrl: string): RequestRules => ({
  loopbackRedirects: isLoopbackUrl(baseUrl),
});

/** A validated request: the amount is now an exact positive decimal string. */
export type ValidInvoiceRequest = Omit<CreateInvoiceRequest, 'amount'> & { readonly amount: Decimal };

const tooManyFractionDigits = (provider: ProviderId, amount: Decimal, max: number) => ({
  path: 'amount',
  message:
    `has ${fractionDigits(amount)} digits after the point; ${provider} accepts at most ${max}. ` +
    'Nothing is rounded: pass the exact amount as a decimal string (a float sum such as 0.1 + 0.2 ' +
    'is 0.30000000000000004)',
});

/**
 * Reads any input once, validates that snapshot as a `CreateInvoiceRequest` and fixes its amount as
 * a canonical decimal with at most `maxFractionDigits` digits after the point (never rounded);
 * `rules` (see `requestRulesFor`) admit loopback redirect URLs for an adapter pointed at a local sandbox.
 */
export const validateCreateInvoiceRequest = (
  provider: ProviderId,
  input: unknown,
  maxFractionDigits: number,
  rules: RequestRules = { loopbackRedirects: false },
): E.Either<InvalidRequest, ValidInvoiceRequest> => {
  const snapshot = snapshotInput(input);
  if (E.isLeft(snapshot)) return E.left(invalidRequest(provider, [snapshot.left]));
  const request = snapshot.right;
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return E.left(
      invalidRequest(provider, [
        { path: '', message: 'must be an invoice request object { orderId, amount, currency, … }' },
      ]),
    );
  }
  const decoded = (rules.loopbackRedirects ? decodeLocalRequest : decodeRequest)(request);
  if (E.isLeft(decoded)) return E.left(invalidRequest(provider, reportIssues(decoded.left)));
  const amount = decoded.right.amount as Decimal;
  return fractionDigits(amount) > maxFractionDigits
    ? E.left(invalidRequest(provider, [tooManyFractionDigits(provider, amount, maxFractionDigits)]))
    : E.right(Object.assign({}, decoded.right, { amount }));
};
