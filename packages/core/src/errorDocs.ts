import { describeError, type Describable, type InvoiceKitFailure } from './errors';

/** The page that explains every error; each tag documented there has a section whose anchor is the tag in lower case. */
export const ERRORS_DOC_URL = 'https://github.com/invoicekit/invoicekit/blob/main/docs/errors.md';

const FAILURE_SECTIONS: Readonly<Record<InvoiceKitFailure['_tag'], true>> = {
  InvalidRequest: true,
  Unsupported: true,
  Unauthorized: true,
  DuplicateOrder: true,
  Rejected: true,
  NotFound: true,
  RateLimited: true,
  ProviderUnavailable: true,
  Timeout: true,
  NetworkError: true,
  UnexpectedResponse: true,
  SignatureInvalid: true,
  MalformedWebhook: true,
  UnsupportedEvent: true,
  ConfirmationFailed: true,
  InvalidConfig: true,
};

/** The outcomes of `@invoicekit/webhooks` handlers and the gateway's `NoRoute`, documented on the same page. */
const ENDPOINT_SECTIONS = [
  'ApplyFailed',
  'EventRefused',
  'HandlerTimedOut',
  'RequestAborted',
  'NoRoute',
  'MethodNotAllowed',
  'BodyTooLarge',
  'RawBodyUnavailable',
  'EndpointFailed',
] as const;

/** Every tag with a section of its own in docs/errors.md. */
export const DOCUMENTED_TAGS: ReadonlyArray<string> = [
  ...Object.keys(FAILURE_SECTIONS),
  ...ENDPOINT_SECTIONS,
];

const documented: ReadonlySet<string> = new Set(DOCUMENTED_TAGS);

/** Where an error is explained: its tag's section of docs/errors.md, or the page itself for a tag documented elsewhere. */
export const errorDocsUrl = (e: Pick<Describable, '_tag'>): string =>
  documented.has(e._tag) ? `${ERRORS_DOC_URL}#${e._tag.toLowerCase()}` : ERRORS_DOC_URL;

/** `describeError` and the link to the error's section, for a person to read; never a secret. */
export const explainError = (e: Describable): string => `${describeError(e)} (see ${errorDocsUrl(e)})`;
