import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import {
  headerValue,
  malformedWebhook,
  parseJsonLossless,
  plainJson,
  reportIssues,
  signatureInvalid,
  unsupportedEvent,
  type Money,
  type InvoiceError,
  type InvoiceEvent,
  type Secret,
  type WebhookError,
  type WebhookRequest,
} from '@invoicekit/core';
import { CryptocloudPostback, type CryptocloudInvoice } from './codecs';
import { toInvoice } from './response';
import { invoiceUuid, sameInvoice } from './ids';
import { toInvoiceStatus, toPostbackStatus } from './status';

/** Largest clock skew accepted on the token's `exp`, in seconds. */
export const POSTBACK_CLOCK_TOLERANCE_SECONDS = 60;

/** How long a token made by `signPostbackToken` lives by default, as CryptoCloud's do (5 minutes). */
export const POSTBACK_TOKEN_LIFETIME_SECONDS = 300;

/** What postback parsing needs from the configuration. */
export interface PostbackDeps {
  readonly secretKey: Secret | undefined;
  readonly allowTestMode: boolean;
  readonly now: () => Date;
}

type Fields = Readonly<Record<string, unknown>>;

interface VerifiedFields {
  readonly fields: Fields;
  readonly tokenInvoiceId: string;
}

interface VerifiedPostback {
  readonly postback: CryptocloudPostback;
  readonly tokenInvoiceId: string;
}

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

const bodyText = (body: unknown): string | null =>
  typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : null;

const readForm = (text: string): Fields => {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) if (!(key in fields)) fields[key] = value;
  return fields;
};

const readJson = (text: string): E.Either<WebhookError, Fields> =>
  pipe(
    parseJsonLossless(text),
    E.filterOrElseW(isRecord, () => 'not an object'),
    E.mapLeft(() =>
      signatureInvalid('cryptocloud', 'the postback body is not a JSON object, so it carries no token'),
    ),
  );

const isForm = (contentType: string | undefined, text: string): boolean =>
  contentType !== undefined && /application\/x-www-form-urlencoded/i.test(contentType)
    ? true
    : contentType !== undefined && /json/i.test(contentType)
      ? false
      : !text.trimStart().startsWith('{');

/** Reads postback fields from a JSON or form-encoded body, chosen by Content-Type, else by sniffing. */
export const readPostbackFields = (request: WebhookRequest): E.Either<WebhookError, Fields> => {
  const text = isRecord(request) ? bodyText(request.body) : null;
  if (text === null) {
    return E.left(signatureInvalid('cryptocloud', 'the postback body must be the raw string or Buffer'));
  }
  const headers = isRecord(request.headers) ? request.headers : {};
  return isForm(headerValue(headers, 'content-type'), text) ? E.right(readForm(text)) : readJson(text);
};

const JOSE_REASONS: Readonly<Record<string, string>> = {
  [joseErrors.JWTExpired.code]: 'the token has expired',
  [joseErrors.JWSSignatureVerificationFailed.code]: 'the token signature does not match the secret key',
  [joseErrors.JOSEAlgNotAllowed.code]: 'the token is not signed with HS256',
  [joseErrors.JWTClaimValidationFailed.code]: 'the token claims are invalid (exp is required)',
  [joseErrors.JWSInvalid.code]: 'the token is not a valid JWS',
  [joseErrors.JWTInvalid.code]: 'the token is not a valid JWT',
  [joseErrors.JOSENotSupported.code]: 'the token uses an unsupported algorithm',
};

const tokenFailure = (error: unknown): WebhookError => {
  const code = error instanceof joseErrors.JOSEError ? error.code : '';
  return signatureInvalid('cryptocloud', JOSE_REASONS[code] ?? 'the token could not be verified');
};

const claimedInvoiceId = (claims: JWTPayload): E.Either<WebhookError, string> => {
  const id = claims.id;
  return typeof id === 'string' && id.trim() !== ''
    ? E.right(id)
    : typeof id === 'number' && Number.isSafeInteger(id)
      ? E.right(String(id))
      : E.left(signatureInvalid('cryptocloud', 'the token names no invoice (claim "id")'));
};

/** Verifies `token` as an HS256 JWT with a required `exp`, keyed with the secret key; returns its claims. */
export const verifyPostbackToken =
  (secretKey: Secret, now: () => Date) =>
  (token: string): TE.TaskEither<WebhookError, JWTPayload> =>
    TE.tryCatch(
      async () =>
        (
          await jwtVerify(token, new TextEncoder().encode(secretKey.reveal()), {
            algorithms: ['HS256'],
            requiredClaims: ['exp'],
            clockTolerance: POSTBACK_CLOCK_TOLERANCE_SECONDS,
            currentDate: now(),
          })
        ).payload,
      tokenFailure,
    );

const verifyFields =
  (deps: PostbackDeps) =>
  (fields: Fields): TE.TaskEither<WebhookError, VerifiedFields> => {
    if (deps.secretKey === undefined) {
      return TE.left(
        signatureInvalid(
          'cryptocloud',
          'no secretKey configured: set secretKey to the CryptoCloud project SECRET KEY to verify postbacks',
        ),
      );
    }
    const token = fields.token;
    if (typeof token !== 'string' || token.trim() === '') {
      return TE.left(signatureInvalid('cryptocloud', 'the postback has no token'));
    }
    return pipe(
      verifyPostbackToken(deps.secretKey, deps.now)(token.trim()),
      TE.flatMapEither(claimedInvoiceId),
      TE.map((tokenInvoiceId) => ({ fields, tokenInvoiceId })),
    );
  };

const decodePostback = ({
  fields,
  tokenInvoiceId,
}: VerifiedFields): E.Either<WebhookError, VerifiedPostback> =>
  pipe(
    CryptocloudPostback.decode(fields),
    E.mapLeft((errors) => malformedWebhook('cryptocloud', reportIssues(errors))),
    E.map((postback) => ({ postback, tokenInvoiceId })),
  );

// The token binds only the invoice id; the rest of the body is unsigned (hence the optional re-check).
const checkSameInvoice = ({
  postback,
  tokenInvoiceId,
}: VerifiedPostback): E.Either<WebhookError, CryptocloudPostback> =>
  sameInvoice(tokenInvoiceId, postback.invoice_id) &&
  (postback.invoice_info?.uuid === undefined || sameInvoice(postback.invoice_info.uuid, postback.invoice_id))
    ? E.right(postback)
    : E.left(signatureInvalid('cryptocloud', 'the token was issued for another invoice than the body names'));

const testModeRefused = (): WebhookError =>
  unsupportedEvent(
    'cryptocloud',
    'test_mode',
    'cryptocloud postback is for a test-mode invoice; set allowTestMode: true to accept test postbacks',
  );

const checkTestMode =
  (allowTestMode: boolean) =>
  (postback: CryptocloudPostback): E.Either<WebhookError, CryptocloudPostback> =>
    postback.invoice_info?.test_mode === true && !allowTestMode
      ? E.left(testModeRefused())
      : E.right(postback);

const textOrNull = (text: string | null | undefined): string | null =>
  text === undefined || text === null || text.trim() === '' ? null : text;

const withoutToken = (postback: CryptocloudPostback): unknown => {
  const { token: _token, ...rest } = postback as CryptocloudPostback & { token?: unknown };
  return plainJson(rest);
};

/** Maps a verified postback to the canonical event; the key is stable per delivery, not per token. */
export const toInvoiceEvent = (postback: CryptocloudPostback): InvoiceEvent => {
  const info = postback.invoice_info ?? undefined;
  const providerStatus = textOrNull(info?.status) ?? postback.status;
  const status =
    textOrNull(info?.status) !== null ? toInvoiceStatus(providerStatus) : toPostbackStatus(postback.status);
  const invoiceId = invoiceUuid(postback.invoice_id);
  const currency = textOrNull(postback.currency);
  const amount = postback.amount_crypto ?? null;
  return {
    provider: 'cryptocloud',
    invoiceId,
    orderId: textOrNull(postback.order_id) ?? textOrNull(info?.order_id),
    status,
    providerStatus,
    failureReason: null,
    received: amount !== null && currency !== null ? { amount, currency } : null,
    remaining: null,
    transactions: [],
    dedupeKey: `cryptocloud:${invoiceId}:${providerStatus}:${amount ?? ''}`,
    testMode: info?.test_mode === true,
    raw: withoutToken(postback),
  };
};

/** Parses and verifies a CryptoCloud postback into an `InvoiceEvent`. */
export const parsePostback =
  (deps: PostbackDeps) =>
  (request: WebhookRequest): TE.TaskEither<WebhookError, InvoiceEvent> =>
    pipe(
      TE.fromEither(readPostbackFields(request)),
      TE.flatMap(verifyFields(deps)),
      TE.flatMapEither(decodePostback),
      TE.flatMapEither(checkSameInvoice),
      TE.flatMapEither(checkTestMode(deps.allowTestMode)),
      TE.map(toInvoiceEvent),
    );

// The postback token signs only the invoice id and its expiry, so the body's amount_crypto is
// unauthenticated; a re-checked event takes the paid amount from merchant/info instead.
const paidMoney = (wire: CryptocloudInvoice): Money | null =>
  wire.amount_paid === undefined || wire.amount_paid === null || !wire.currency
    ? null
    : { amount: wire.amount_paid, currency: wire.currency.fullcode ?? wire.currency.code };

/** Brings a verified event up to date with the invoice as merchant/info reports it now: status and paid amount. */
export const applyCurrentInvoice =
  (allowTestMode: boolean) =>
  (event: InvoiceEvent) =>
  (wire: CryptocloudInvoice): E.Either<WebhookError, InvoiceEvent> => {
    const invoice = toInvoice(event.orderId)(wire);
    return invoice.testMode && !allowTestMode
      ? E.left(testModeRefused())
      : E.right({
          ...event,
          orderId: invoice.orderId,
          status: invoice.status,
          providerStatus: invoice.providerStatus,
          received: paidMoney(wire),
          testMode: invoice.testMode,
        });
  };

/** Re-checks a verified event against merchant/info, as CryptoCloud advises before crediting. */
export const recheckEvent =
  (fetchInvoice: (id: string) => TE.TaskEither<InvoiceError, CryptocloudInvoice>, allowTestMode: boolean) =>
  (event: InvoiceEvent): TE.TaskEither<WebhookError | InvoiceError, InvoiceEvent> =>
    pipe(fetchInvoice(event.invoiceId), TE.flatMapEither(applyCurrentInvoice(allowTestMode)(event)));

/** Signs a postback token as CryptoCloud does (HS256, claims `{id: "INV-…", exp}`), for tests and the sandbox. */
export const signPostbackToken = (
  invoiceId: string,
  secretKey: string,
  options: { readonly expiresInSeconds?: number; readonly now?: Date } = {},
): Promise<string> =>
  new SignJWT({ id: invoiceUuid(invoiceId) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime(
      Math.floor((options.now ?? new Date()).getTime() / 1000) +
        (options.expiresInSeconds ?? POSTBACK_TOKEN_LIFETIME_SECONDS),
    )
    .sign(new TextEncoder().encode(secretKey));
