import Big from 'big.js';
import { boundedNumber } from '../decimal';
import {
  charLength,
  isBlank,
  isCalendarDate,
  isEmail,
  isHttpsDomainUrl,
  isLoopbackUrl,
  isRecord,
} from '../validation';
import { COINSPAID_DP, coinspaidCurrency } from './currencies';
import type { CoinspaidFamilyId } from './settings';

// The platform takes only https URLs on a domain name; the sandbox also takes loopback ones, which an
// adapter sends only to a local sandbox, so a shop's return page can be tested on its own machine.
const isRedirectUrl = (url: string): boolean => isHttpsDomainUrl(url) || isLoopbackUrl(url);

/** The sender block of a valid create request. */
export type CoinspaidSender =
  | {
      readonly type: 'natural';
      readonly firstName: string;
      readonly lastName: string;
      readonly dateOfBirth: string;
    }
  | { readonly type: 'legal'; readonly legalName: string; readonly countryOfRegistration: string };

/** A create-invoice body that passed the platform's validation. */
export interface CoinspaidCreate {
  readonly title: string;
  readonly description: string | null;
  readonly foreignId: string;
  readonly currency: string;
  /** 8 decimals. */
  readonly amount: string;
  readonly timer: boolean;
  readonly type: 'fill_or_kill' | 'good_until_expired';
  readonly senderCurrency: string | null;
  readonly urlSuccess: string;
  readonly urlFailed: string;
  readonly emailUser: string;
  readonly endUserReference: string | null;
  readonly sender: CoinspaidSender | null;
}

/** Laravel-style messages keyed by field, as the platform answers with HTTP 400. */
export type CoinspaidFieldErrors = Record<string, string>;

// The documented 400 texts (docs.cryptoprocessing.com/api-reference/endpoints/invoices-create, 400
// examples): "The <field> field is required.", "The foreign id has already been taken.", "The selected
// currency is invalid.", "The amount must be a number.", "The amount must be at least 0.00010000 BTC.",
// "The email user must be a valid email address.", "The selected type is invalid.". Every other text
// here is Laravel's default validation message for the rule, which the platform's texts follow.

/** The documented 400 text for an amount that is not a number the platform can read. */
export const COINSPAID_AMOUNT_NOT_A_NUMBER = 'The amount must be a number.';

/** A field name as Laravel's messages spell it: `foreign_id` → `foreign id`. */
export const laravelAttribute = (field: string): string => field.replace(/_/g, ' ');

const BOOLEAN_VALUES: ReadonlyArray<unknown> = [true, false];

const senderRules = (
  body: Record<string, unknown>,
  provider: CoinspaidFamilyId,
  errors: CoinspaidFieldErrors,
): CoinspaidSender | null => {
  const senderType = body['sender_type'];
  const data = body['sender_data'];
  const mandatory = provider === 'cryptoprocessing';
  if (isBlank(senderType)) {
    if (mandatory) errors['sender_type'] = 'The sender type field is required.';
    else if (!isBlank(data))
      errors['sender_type'] = 'The sender type field is required when sender data is present.';
  } else if (senderType !== 'natural' && senderType !== 'legal') {
    errors['sender_type'] = 'The selected sender type is invalid.';
  }
  if (isBlank(data)) {
    if (mandatory) errors['sender_data'] = 'The sender data field is required.';
    else if (!isBlank(senderType))
      errors['sender_data'] = 'The sender data field is required when sender type is present.';
    return null;
  }
  if (!isRecord(data)) {
    errors['sender_data'] = 'The sender data must be an array.';
    return null;
  }
  if (senderType !== 'natural' && senderType !== 'legal') return null;
  const own =
    senderType === 'natural'
      ? ['first_name', 'last_name', 'date_of_birth']
      : ['legal_name', 'country_of_registration'];
  const other =
    senderType === 'natural'
      ? ['legal_name', 'country_of_registration']
      : ['first_name', 'last_name', 'date_of_birth'];
  const text: Record<string, string> = {};
  for (const field of own) {
    const key = `sender_data.${field}`;
    const value = data[field];
    if (isBlank(value))
      errors[key] =
        `The sender data.${laravelAttribute(field)} field is required when sender type is ${senderType}.`;
    else if (typeof value !== 'string')
      errors[key] = `The sender data.${laravelAttribute(field)} must be a string.`;
    else if (charLength(value) > 255)
      errors[key] = `The sender data.${laravelAttribute(field)} must not be greater than 255 characters.`;
    else text[field] = value;
  }
  for (const field of other) {
    if (!isBlank(data[field]))
      errors[`sender_data.${field}`] =
        `The sender data.${laravelAttribute(field)} field is prohibited when sender type is ${senderType}.`;
  }
  const dob = text['date_of_birth'];
  if (dob !== undefined) {
    if (!isCalendarDate(dob))
      errors['sender_data.date_of_birth'] = 'The sender data.date of birth does not match the format Y-m-d.';
    else if (dob >= new Date().toISOString().slice(0, 10))
      errors['sender_data.date_of_birth'] = 'The sender data.date of birth must be a date before today.';
  }
  const country = text['country_of_registration'];
  if (country !== undefined && !/^[A-Z]{3}$/.test(country))
    errors['sender_data.country_of_registration'] =
      'The sender data.country of registration format is invalid.';
  return senderType === 'natural'
    ? {
        type: 'natural',
        firstName: text['first_name'] ?? '',
        lastName: text['last_name'] ?? '',
        dateOfBirth: text['date_of_birth'] ?? '',
      }
    : {
        type: 'legal',
        legalName: text['legal_name'] ?? '',
        countryOfRegistration: text['country_of_registration'] ?? '',
      };
};

/** Validates a parsed `/invoices/create` body like the platform: field errors, or the accepted request. */
export const validateCoinspaidCreate = (
  body: Record<string, unknown>,
  provider: CoinspaidFamilyId,
  isTaken: (foreignId: string) => boolean,
): { readonly errors: CoinspaidFieldErrors } | { readonly value: CoinspaidCreate } => {
  const errors: CoinspaidFieldErrors = {};

  const stringField = (field: string, max: number, required: boolean): string | null => {
    const value = body[field];
    if (isBlank(value)) {
      if (required) errors[field] = `The ${laravelAttribute(field)} field is required.`;
      return null;
    }
    if (typeof value !== 'string') {
      errors[field] = `The ${laravelAttribute(field)} must be a string.`;
      return null;
    }
    if (charLength(value) > max) {
      errors[field] = `The ${laravelAttribute(field)} must not be greater than ${max} characters.`;
      return null;
    }
    return value;
  };

  const title = stringField('title', 50, true);
  const description = stringField('description', 1000, false);
  const foreignId = stringField('foreign_id', 255, true);
  if (foreignId !== null && isTaken(foreignId))
    errors['foreign_id'] = 'The foreign id has already been taken.';

  const currencyCode = stringField('currency', 16, true);
  const currency = currencyCode === null ? undefined : coinspaidCurrency(currencyCode);
  if (currencyCode !== null && currency === undefined)
    errors['currency'] = 'The selected currency is invalid.';

  let amount: string | null = null;
  const rawAmount = body['amount'];
  const value = boundedNumber(rawAmount);
  if (isBlank(rawAmount)) errors['amount'] = 'The amount field is required.';
  else if (value === undefined) errors['amount'] = COINSPAID_AMOUNT_NOT_A_NUMBER;
  else {
    const minimum = currency?.minimum ?? '0.00000001';
    if (value.lt(minimum))
      errors['amount'] =
        `The amount must be at least ${new Big(minimum).toFixed(COINSPAID_DP)}${currency === undefined ? '' : ` ${currency.code}`}.`;
    else amount = value.toFixed(COINSPAID_DP);
  }

  const timer = body['timer'];
  if (timer === undefined || timer === null) errors['timer'] = 'The timer field is required.';
  else if (!BOOLEAN_VALUES.includes(timer)) errors['timer'] = 'The timer field must be true or false.';

  const type = body['type'];
  if (!isBlank(type) && type !== 'fill_or_kill' && type !== 'good_until_expired')
    errors['type'] = 'The selected type is invalid.';

  const senderCurrencyCode = stringField('sender_currency', 16, false);
  const senderCurrency = senderCurrencyCode === null ? undefined : coinspaidCurrency(senderCurrencyCode);
  if (senderCurrencyCode !== null && (senderCurrency === undefined || !senderCurrency.crypto))
    errors['sender_currency'] = 'The selected sender currency is invalid.';

  const urlSuccess = stringField('url_success', 2048, true);
  if (urlSuccess !== null && !isRedirectUrl(urlSuccess))
    errors['url_success'] = 'The url success format is invalid.';
  const urlFailed = stringField('url_failed', 2048, true);
  if (urlFailed !== null && !isRedirectUrl(urlFailed))
    errors['url_failed'] = 'The url failed format is invalid.';

  const emailUser = stringField('email_user', 254, true);
  if (emailUser !== null && !isEmail(emailUser))
    errors['email_user'] = 'The email user must be a valid email address.';

  const endUserReference = stringField('end_user_reference', 255, provider === 'cryptoprocessing');
  const sender = senderRules(body, provider, errors);

  return Object.keys(errors).length > 0 ||
    title === null ||
    foreignId === null ||
    currency === undefined ||
    amount === null ||
    urlSuccess === null ||
    urlFailed === null ||
    emailUser === null
    ? { errors }
    : {
        value: {
          title,
          description,
          foreignId,
          currency: currency.code,
          amount,
          timer: timer === true,
          type: type === 'good_until_expired' ? 'good_until_expired' : 'fill_or_kill',
          senderCurrency: senderCurrency?.code ?? null,
          urlSuccess,
          urlFailed,
          emailUser,
          endUserReference,
          sender,
        },
      };
};
