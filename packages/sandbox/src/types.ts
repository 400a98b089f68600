import type { SandboxLog } from './console';
import type { EmulatorOptions, SandboxCredentials, SandboxProviderId } from './emulators';

/** Options of `startSandbox`; each emulator adds its own (`cryptocloudPostbackFormat`…). */
export interface SandboxOptions extends EmulatorOptions {
  /** Port to listen on; 0 picks a free port (default 0). */
  readonly port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string;
  /**
   * `Host` names the hosted pages and the control API answer besides loopback ones (`localhost`,
   * `127.x.x.x`, `[::1]`) and `host`: `name` for any port or `name:port`, e.g. `sandbox` in docker compose.
   */
  readonly allowedHosts?: ReadonlyArray<string>;
  /** Where every provider's callbacks go unless overridden in `webhookUrls`. */
  readonly webhookUrl?: string;
  /** Per-provider callback URLs. */
  readonly webhookUrls?: Partial<Record<SandboxProviderId, string>>;
  /**
   * How many times faster than each provider's documented schedule failed deliveries are retried
   * (default `DEFAULT_RETRY_SCALE`, 1000: a minute becomes 60 ms; 1 is real time).
   */
  readonly retryScale?: number;
  /**
   * How many delivery attempts `GET /_sandbox/deliveries` keeps (default `DEFAULT_DELIVERY_LOG_LIMIT`,
   * 10,000); past it the oldest are dropped and resending one answers 404 saying it aged out.
   */
  readonly deliveryLogLimit?: number;
  /** Waits between delivery attempts, one retry per entry, for every provider; replaces the documented schedules. */
  readonly retryDelaysMs?: ReadonlyArray<number>;
  /**
   * Prints one line per API call and per delivery attempt (`stripe listen`-style): `true` for stdout,
   * coloured when it is a terminal and `NO_COLOR` is unset; a function to receive plain lines (or
   * `{write, colour}`). Off by default.
   */
  readonly log?: SandboxLog;
  /** Derives every generated key from this text, so the same seed gives the same keys on every start. */
  readonly seed?: string;
  /** Overrides of the generated keys (a whole `Partial<SandboxCredentials>` is accepted; `baseUrl` is ignored). */
  readonly credentials?: SandboxCredentialOverrides;
}

/** Credential overrides; `baseUrl` is ignored (it always follows the address the sandbox listens on). */
export type SandboxCredentialOverrides = {
  readonly [P in SandboxProviderId]?: Partial<SandboxCredentials[P]>;
};

/**
 * How the simulated customer pays: the rest owed, half of it, 10% more than owed, or the rest owed in a
 * transaction that never confirms (CoinsPaid platform only: `processing`, then `failed` after 24 hours).
 */
export type PaymentKind = 'full' | 'partial' | 'over' | 'unconfirmed';

/** Every `PaymentKind`, in display order. */
export const PAYMENT_KINDS: ReadonlyArray<PaymentKind> = ['full', 'partial', 'over', 'unconfirmed'];

/** True for a valid `PaymentKind`. */
export const isPaymentKind = (u: unknown): u is PaymentKind =>
  typeof u === 'string' && (PAYMENT_KINDS as ReadonlyArray<string>).includes(u);

/** The callback types other than `invoice` that the CoinsPaid platform posts to the merchant's one callback URL. */
export type CallbackType =
  'deposit' | 'deposit_exchange' | 'withdrawal' | 'withdrawal_exchange' | 'exchange' | 'payment_request';

/** Every `CallbackType`. */
export const CALLBACK_TYPES: ReadonlyArray<CallbackType> = [
  'deposit',
  'deposit_exchange',
  'withdrawal',
  'withdrawal_exchange',
  'exchange',
  'payment_request',
];

/** True for a valid `CallbackType`. */
export const isCallbackType = (u: unknown): u is CallbackType =>
  typeof u === 'string' && (CALLBACK_TYPES as ReadonlyArray<string>).includes(u);

/** A non-invoice callback to send: its type and, optionally, the status it announces. */
export interface SandboxCallback {
  readonly type: CallbackType;
  /** Default `confirmed`, or `paid` for `payment_request`. */
  readonly status?: string;
}

/** Where the hosted page sends the customer back to the shop, as the provider does. */
export interface SandboxReturnUrls {
  /** After a payment in full or more. */
  readonly success: string | null;
  /** After the invoice failed or expired. */
  readonly failure: string | null;
  /** Offered while the invoice is open, before paying (Cryptomus' `url_return`). */
  readonly back: string | null;
  /** True when the provider's page redirects by itself; false when it shows a "return to the store" link. */
  readonly automatic: boolean;
}

/** A snapshot of one emulated invoice, the same for every provider. */
export interface SandboxInvoiceState {
  readonly provider: SandboxProviderId;
  /** The provider's id as a string: `"826900"`, `"INV-89UX09KA"`. */
  readonly id: string;
  /** `foreign_id` / `order_id`. */
  readonly orderId: string | null;
  /** The provider's own status word (`pending`, `confirmed`, `partial`, `canceled`…). */
  readonly status: string;
  /** The hosted invoice page. */
  readonly url: string;
  /** What the merchant asked for. */
  readonly price: { readonly amount: string; readonly currency: string };
  /** What the customer pays: currency, amount owed in total, paid so far, still owed, address. */
  readonly payment: {
    readonly currency: string;
    readonly amount: string;
    readonly paid: string;
    readonly remaining: string;
    readonly address: string | null;
    readonly tag: string | null;
  };
  /** Whether a part payment keeps the invoice open (`good_until_expired`, CryptoCloud). */
  readonly allowsPartialPayment: boolean;
  /** ISO timestamps. */
  readonly createdAt: string;
  readonly expiresAt: string | null;
  /** Where the hosted page sends the customer afterwards. */
  readonly returnUrls: SandboxReturnUrls;
}

/**
 * Which requests a fault waits for: with neither field, the provider's next API request on any route;
 * `method` (`GET`, `POST`) and `path` (a regular expression tested on the request path without its
 * query, e.g. `/invoices$`) narrow it to one operation. Requests it does not match pass it by.
 */
export interface SandboxFaultTarget {
  readonly method?: string;
  readonly path?: string;
}

/** What the next matching API request of a provider receives instead of the emulated answer. */
export type SandboxFault = SandboxFaultTarget &
  (
    | {
        readonly kind: 'reply';
        readonly status: number;
        /** Sent verbatim when a string, as JSON otherwise. */
        readonly body: unknown;
        readonly headers?: Record<string, string>;
      }
    | { readonly kind: 'hang'; readonly ms: number }
    /** `afterHandler`: the emulator handles the request first (an invoice is made), then the answer is dropped. */
    | { readonly kind: 'reset'; readonly afterHandler?: boolean }
  );

/** One webhook delivery attempt. */
export interface WebhookDelivery {
  /** Stable id of this attempt (`dlv_1`, `dlv_2`…): what `resend` takes. */
  readonly id: string;
  readonly provider: SandboxProviderId;
  /** The invoice id; for another callback type, its root `id` (or `payment_request_id`). */
  readonly invoiceId: string;
  /** The status an invoice callback announces (`processing`, `confirmed`, `paid`…); `<type>:<status>` for other callbacks. */
  readonly event: string;
  readonly url: string;
  /** 1 for the first try. */
  readonly attempt: number;
  /** How many attempts the provider's schedule allows in all (1 for a resend). */
  readonly attempts: number;
  /** The receiver's HTTP status, or null when the request failed. */
  readonly statusCode: number | null;
  /** The connection error, or null when an HTTP answer came back. */
  readonly error: string | null;
  /** True for a 2xx answer. */
  readonly ok: boolean;
  readonly contentType: string;
  /** The headers sent besides `Content-Type`: the signature, where the provider signs in a header. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact bytes sent. */
  readonly body: string;
  /** ISO timestamp of the attempt, on the sandbox clock. */
  readonly at: string;
  /** How long the receiver took to answer, in real milliseconds. */
  readonly ms: number;
  /** When the next retry is due on the sandbox clock (ISO), or null when none follows. */
  readonly nextRetryAt: string | null;
  /** The id of the attempt this one re-sent byte for byte, or null. */
  readonly resendOf: string | null;
}

/** A `trigger`: an event to send, on which invoice, with which body fields replaced before signing. */
export interface SandboxTrigger {
  /** One of the provider's `events` (`GET /_sandbox/PROVIDER/events`). */
  readonly event: string;
  /** An existing invoice to describe; without it a new invoice is created. */
  readonly invoiceId?: string;
  /**
   * Body fields to set, by dotted path (`currency_sent.amount`, `transactions.0.txid`). A string given
   * for a field that holds a number, boolean or null is read as one.
   */
  readonly set?: Readonly<Record<string, unknown>>;
}

/** A running sandbox. */
export interface Sandbox {
  /** `http://HOST:PORT`. */
  readonly url: string;
  readonly credentials: SandboxCredentials;
  /** Each provider's waits between delivery attempts, in milliseconds (one retry per entry). */
  readonly retryDelaysMs: Readonly<Record<SandboxProviderId, ReadonlyArray<number>>>;
  /**
   * Simulates a payment, delivers the callbacks, and resolves once they were delivered or retries ran
   * out (the control API's pay route answers at once instead and delivers in the background).
   */
  pay(provider: SandboxProviderId, invoiceId: string, kind?: PaymentKind): Promise<SandboxInvoiceState>;
  /** Lets the invoice's lifetime run out now, delivering the callback the provider sends for it. */
  expire(provider: SandboxProviderId, invoiceId: string): Promise<SandboxInvoiceState>;
  /**
   * Sends an authentic, signed CoinsPaid-platform callback of another type than `invoice` and resolves
   * with its last delivery attempt; rejects with a `SandboxError` (400 for CryptoCloud or an unknown
   * type or status, 409 without a webhook URL).
   */
  sendCallback(provider: SandboxProviderId, callback: SandboxCallback): Promise<WebhookDelivery>;
  /**
   * Sends one event the provider can send (its `events`), correctly signed after `set` replaced body
   * fields, and resolves with the first attempt once answered (retries go on in the background);
   * rejects with a `SandboxError` (400 unknown event or bad override, 404 unknown invoice, 409 no webhook URL).
   */
  trigger(provider: SandboxProviderId, trigger: SandboxTrigger): Promise<WebhookDelivery>;
  /** The events `trigger` can send for each provider. */
  readonly events: Readonly<Record<SandboxProviderId, ReadonlyArray<string>>>;
  /**
   * Re-sends a logged attempt byte for byte with its original headers, once; resolves with the new
   * attempt, or rejects with a `SandboxError` (404) for an unknown id.
   */
  resend(deliveryId: string): Promise<WebhookDelivery>;
  /**
   * Moves the sandbox clock `ms` ahead, running every expiry and retry that falls due, and resolves
   * with the new time once what they set off is on its way; rejects with a `RangeError` for anything
   * but a finite number of 0 or more.
   */
  advance(ms: number): Promise<Date>;
  /** The time on the sandbox clock. */
  now(): Date;
  /** The invoice's current state, if it exists. */
  invoice(provider: SandboxProviderId, invoiceId: string): SandboxInvoiceState | undefined;
  /** Every invoice of a provider, oldest first. */
  invoices(provider: SandboxProviderId): ReadonlyArray<SandboxInvoiceState>;
  /** How many invoices the provider holds for one order id: more than 1 means a create was sent twice. */
  invoiceCount(provider: SandboxProviderId, orderId: string): number;
  /** Every webhook delivery attempt so far, oldest first. */
  deliveries(): ReadonlyArray<WebhookDelivery>;
  /**
   * Resolves once no webhook delivery is under way (each delivered, or its retries ran out), e.g. the
   * callback of a cancel, which the API answers before it is delivered.
   */
  idle(): Promise<void>;
  /**
   * Makes the next API request of `provider` that `fault` targets (any route when it names none) receive
   * `fault`; faults queue up in order.
   */
  injectFault(provider: SandboxProviderId, fault: SandboxFault): void;
  /** Faults injected but not yet used. */
  pendingFaults(provider: SandboxProviderId): number;
  /** Drops unused faults of one provider, or of all. */
  clearFaults(provider?: SandboxProviderId): void;
  /** API requests the provider received since the last reset (hosted pages and control calls excluded). */
  requestCount(provider: SandboxProviderId): number;
  /** Resets one provider's request counter, or all. */
  resetRequestCount(provider?: SandboxProviderId): void;
  /** Stops listening, cancels timers and waits for deliveries under way. */
  close(): Promise<void>;
}
