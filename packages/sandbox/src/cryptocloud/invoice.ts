import type { PaymentKind, SandboxInvoiceState } from '../types';
import { add, cmp, convert, demoAddress, demoTxid, fixed, half, remainder, scale } from '../rates';
import {
  cryptocloudCurrency,
  cryptocloudCurrencyObject,
  DEFAULT_CRYPTOCLOUD_CURRENCY,
  type CryptocloudCurrency,
} from './currencies';
import { pythonFloat as num } from './float';
import type { CryptocloudCreate } from './validate';

/** The emulated project's success and fail pages (project settings). */
export const CRYPTOCLOUD_PROJECT_PAGES = {
  success: 'https://example.com/successful-payment',
  fail: 'https://example.com/failed-payment',
} as const;

/** CryptoCloud invoice statuses (`canceled` with one "l"). */
export type CryptocloudStatus = 'created' | 'paid' | 'partial' | 'overpaid' | 'canceled';

/** The sandbox's record of a CryptoCloud invoice. */
export interface CryptocloudInvoice {
  /** `INV-XXXXXXXX`. */
  readonly uuid: string;
  /** The uuid without `INV-`, used in links and postbacks. */
  readonly code: string;
  /** The project's running number of the invoice, for numeric postback token ids. */
  readonly serial: number;
  readonly link: string;
  readonly request: CryptocloudCreate;
  readonly currency: string;
  /** What the customer owes in `currency`. */
  readonly amountCrypto: string;
  readonly amountUsd: string;
  readonly address: string | null;
  readonly status: CryptocloudStatus;
  readonly paid: string;
  readonly txList: ReadonlyArray<string>;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly finishedAt: number | null;
  readonly testMode: boolean;
}

const SERVICE_FEE = '0.019';

const currencyOf = (fullcode: string): CryptocloudCurrency => {
  const c = cryptocloudCurrency(fullcode);
  if (c === undefined) throw new Error(`unknown currency ${fullcode}`);
  return c;
};

/** `YYYY-MM-DD HH:MI:SS.ffffff` in UTC without a zone, as CryptoCloud writes dates. */
export const cryptocloudDate = (ms: number): string => {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
};

/** A new invoice for a validated create request. */
export const newCryptocloudInvoice = (
  request: CryptocloudCreate,
  ids: { readonly code: string; readonly serial: number; readonly link: string },
  testMode: boolean,
  now: number,
): CryptocloudInvoice => {
  const currency = currencyOf(
    request.cryptocurrency ?? request.availableCurrencies?.[0] ?? DEFAULT_CRYPTOCLOUD_CURRENCY,
  );
  return {
    uuid: `INV-${ids.code}`,
    ...ids,
    request,
    currency: currency.fullcode,
    amountCrypto: convert(request.amount, request.currency, currency.code, currency.dp),
    amountUsd: convert(request.amount, request.currency, 'USD', 2),
    address: request.cryptocurrency === null ? null : demoAddress(currency.addressStyle),
    status: 'created',
    paid: fixed('0', currency.dp),
    txList: [],
    createdAt: now,
    expiresAt: now + request.lifetimeMinutes * 60_000,
    finishedAt: null,
    testMode,
  };
};

/** The invoice object of the create response; floats are JSON numbers with exact digits. */
export const cryptocloudInvoiceObject = (inv: CryptocloudInvoice) => {
  const currency = currencyOf(inv.currency);
  return {
    uuid: inv.uuid,
    created: cryptocloudDate(inv.createdAt),
    address: inv.address,
    expiry_date: cryptocloudDate(inv.expiresAt),
    side_commission: 'client',
    side_commission_service: 'merchant',
    type_payments: 'crypto',
    amount: num(inv.amountCrypto),
    amount_usd: num(inv.amountUsd),
    amount_in_fiat: num(inv.request.amount),
    fee: num('0'),
    fee_usd: num('0'),
    service_fee: num(scale(inv.amountCrypto, SERVICE_FEE, currency.dp)),
    service_fee_usd: num(scale(inv.amountUsd, SERVICE_FEE, 2)),
    fiat_currency: inv.request.currency,
    status: inv.status,
    is_email_required: false,
    link: inv.link,
    invoice_id: null,
    currency: cryptocloudCurrencyObject(currency),
    project: {
      id: 1,
      name: 'invoicekit sandbox',
      fail: CRYPTOCLOUD_PROJECT_PAGES.fail,
      success: CRYPTOCLOUD_PROJECT_PAGES.success,
      logo: null,
    },
    test_mode: inv.testMode,
  };
};

const INVOICE_STATUS: Record<CryptocloudStatus, string> = {
  created: 'created',
  paid: 'success',
  partial: 'partial',
  overpaid: 'success',
  canceled: 'canceled',
};

/** The invoice object of `/merchant/info`, `/merchant/list` and postbacks: the create object plus payment fields. */
export const cryptocloudInfoObject = (inv: CryptocloudInvoice) => {
  const currency = currencyOf(inv.currency);
  const paidUsd = convert(inv.paid, currency.code, 'USD', 2);
  const owed = remainder(inv.amountCrypto, inv.paid, currency.dp);
  return {
    ...cryptocloudInvoiceObject(inv),
    order_id: inv.request.orderId,
    email: inv.request.email,
    invoice_status: INVOICE_STATUS[inv.status],
    received: num(inv.paid),
    received_usd: num(paidUsd),
    amount_paid: num(inv.paid),
    amount_paid_usd: num(paidUsd),
    amount_to_pay: num(owed),
    amount_to_pay_usd: num(convert(owed, currency.code, 'USD', 2)),
    tx_list: inv.txList,
    date_finished: inv.finishedAt === null ? null : cryptocloudDate(inv.finishedAt),
  };
};

/** True while the invoice can still be paid or expired. */
export const cryptocloudIsOpen = (inv: CryptocloudInvoice): boolean =>
  inv.status === 'created' || inv.status === 'partial';

/** The state after the customer pays `kind` of what is still owed. */
export const cryptocloudPaid = (
  open: CryptocloudInvoice,
  kind: Exclude<PaymentKind, 'unconfirmed'>,
  now: number,
): CryptocloudInvoice => {
  const currency = currencyOf(open.currency);
  const owed = remainder(open.amountCrypto, open.paid, currency.dp);
  const amount =
    kind === 'full'
      ? owed
      : kind === 'partial'
        ? half(owed, currency.dp)
        : add(owed, scale(open.amountCrypto, '0.1', currency.dp), currency.dp);
  const paid = add(open.paid, amount, currency.dp);
  const order = cmp(paid, open.amountCrypto);
  const status: CryptocloudStatus = order < 0 ? 'partial' : order === 0 ? 'paid' : 'overpaid';
  return {
    ...open,
    address: open.address ?? demoAddress(currency.addressStyle),
    status,
    paid,
    txList: [...open.txList, demoTxid()],
    finishedAt: status === 'partial' ? null : now,
  };
};

/** The canceled state of an invoice that the merchant canceled. */
export const cryptocloudCanceled = (inv: CryptocloudInvoice, now: number): CryptocloudInvoice => ({
  ...inv,
  status: 'canceled',
  finishedAt: now,
});

/** The canceled state of an invoice whose lifetime ran out now: its `expiry_date` is now at the latest. */
export const cryptocloudExpired = (inv: CryptocloudInvoice, now: number): CryptocloudInvoice => ({
  ...cryptocloudCanceled(inv, now),
  expiresAt: Math.min(inv.expiresAt, now),
});

/** The provider-neutral snapshot of an invoice. */
export const cryptocloudState = (inv: CryptocloudInvoice): SandboxInvoiceState => ({
  provider: 'cryptocloud',
  id: inv.uuid,
  orderId: inv.request.orderId,
  status: inv.status,
  url: inv.link,
  price: { amount: inv.request.amount, currency: inv.request.currency },
  payment: {
    currency: inv.currency,
    amount: inv.amountCrypto,
    paid: inv.paid,
    remaining: remainder(inv.amountCrypto, inv.paid, currencyOf(inv.currency).dp),
    address: inv.address,
    tag: null,
  },
  allowsPartialPayment: true,
  createdAt: new Date(inv.createdAt).toISOString(),
  expiresAt: new Date(inv.expiresAt).toISOString(),
  // The project's success and fail pages (project settings, `project.success`/`project.fail` of invoice info).
  returnUrls: {
    success: CRYPTOCLOUD_PROJECT_PAGES.success,
    failure: CRYPTOCLOUD_PROJECT_PAGES.fail,
    back: null,
    automatic: false,
  },
});
