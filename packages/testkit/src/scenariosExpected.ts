import type { AmountSeen, Cell, CellOverride, ScenarioId } from './scenarios';

const PAID: Cell = {
  path: ['processing', 'paid'],
  learntBy: 'delivery',
  reason: null,
  received: 'some',
  remaining: 'zero',
  flags: [],
  action: 'fulfil',
  replayed: [],
  step: 'done',
};

/** What every provider shows the shop, unless an override says why not: one meaning per scenario. */
export const DEFAULT_CELLS: Readonly<Record<ScenarioId, Cell>> = {
  'pay-in-full': PAID,
  overpay: { ...PAID, path: ['processing', 'overpaid'], flags: ['overpaid'] },
  'underpay-and-end': {
    ...PAID,
    path: ['partially_paid', 'failed'],
    reason: 'underpaid',
    remaining: 'some',
    flags: ['underpaid'],
    action: 'review',
  },
  'part-then-rest': { ...PAID, path: ['partially_paid', 'paid'] },
  'expire-unpaid': {
    ...PAID,
    path: ['expired'],
    reason: 'timer_expired',
    received: 'none',
    remaining: 'some',
    action: 'release',
  },
  'merchant-cancel': {
    ...PAID,
    path: ['cancelled'],
    learntBy: 'cancel',
    received: 'none',
    remaining: 'some',
    action: 'release',
  },
  'pay-after-expiry': {
    ...PAID,
    path: ['expired'],
    reason: 'timer_expired',
    received: 'none',
    remaining: 'some',
    flags: ['late_payment'],
    action: 'review',
  },
  'duplicate-delivery': { ...PAID, replayed: ['none'] },
  'out-of-order': { ...PAID, path: ['paid'], replayed: ['none'] },
  'lost-then-reconcile': { ...PAID, path: ['paid'], learntBy: 'reconcile' },
  'test-mode': { ...PAID, flags: ['test_mode'], action: 'review' },
};

/** One provider's differences: per scenario, the overrides applied over the default in order. */
export type ProviderOverrides = Partial<Record<ScenarioId, ReadonlyArray<CellOverride>>>;

type Entry = readonly [ScenarioId, CellOverride];

const overrides = (...entries: ReadonlyArray<Entry>): ProviderOverrides =>
  entries.reduce<Partial<Record<ScenarioId, CellOverride[]>>>(
    (acc, [scenario, override]) => ({ ...acc, [scenario]: [...(acc[scenario] ?? []), override] }),
    {},
  );

/** A provider without a cancel endpoint: `cancelInvoice` is Unsupported and the invoice stays as created. */
const noCancel = (remaining: AmountSeen, why: string, source: string): Entry => [
  'merchant-cancel',
  { path: [], learntBy: 'create', remaining, action: 'wait', step: 'unsupported', why, source },
];

const COINSPAID_CALLBACKS =
  'docs.cryptoprocessing.com/api-reference/callbacks/invoice-payment-callbacks; coinspaid/docs ' +
  'api-documentation/v2/invoices.md ("Invoice failed")';

const COINSPAID_PLATFORM: ReadonlyArray<Entry> = [
  [
    'underpay-and-end',
    {
      path: ['processing', 'failed'],
      received: 'none',
      why:
        'a fill-or-kill invoice fails as soon as too little is confirmed ("Timer expired. User paid less than ' +
        'requested.") and the platform e-mails the customer a refund link; that callback states no credited ' +
        'amount (currency_received is read only once `confirmed`), so the ledger holds none',
      source: COINSPAID_CALLBACKS,
    },
  ],
  [
    'pay-after-expiry',
    {
      step: 'refused',
      flags: [],
      action: 'release',
      why:
        'a failed invoice takes no more payments: no documented invoice callback follows `failed`, so money ' +
        'sent late never reaches the invoice (the sandbox refuses to pay a closed invoice)',
      source: COINSPAID_CALLBACKS,
    },
  ],
  [
    'lost-then-reconcile',
    {
      path: [],
      learntBy: 'create',
      received: 'none',
      remaining: 'none',
      action: 'wait',
      step: 'unsupported',
      why:
        'no endpoint reads an invoice (getInvoice is Unsupported): reconcile reports it stale and the shop waits ' +
        'for the callback (the dashboard\'s "Repeat Callback" sends it again)',
      source:
        'docs.cryptoprocessing.com/api-reference/endpoints and docs.alphapo.net/api-reference list no invoice read',
    },
  ],
];

const NO_COINSPAID_CANCEL = noCancel(
  'none',
  'no cancel endpoint: `cancelInvoice` is Unsupported and changes nothing; the invoice stays open until its ' +
    '15-minute timer ends (`expired`, release)',
  'docs.cryptoprocessing.com/api-reference/endpoints/invoices-foreign_id-cancel is CryptoProcessing-only; the ' +
    'AlphaPo and CoinsPaid docs show no such endpoint',
);

const CRYPTOCLOUD_POSTBACK = 'docs.cryptocloud.plus/en/api-reference-v2/postback';

const postsOncePaid = (path: Cell['path']): CellOverride => ({
  path,
  why: 'CryptoCloud posts once, when the invoice is paid: no postback announces a payment seen before it',
  source: CRYPTOCLOUD_POSTBACK,
});

const SILENT_END: CellOverride = {
  learntBy: 'reconcile',
  why:
    'no postback when an invoice ends: it turns `canceled` after its expiry_date in silence, so the shop learns ' +
    'it at its next reconcile (merchant/info), `expired`, or `failed` when money arrived',
  source: `${CRYPTOCLOUD_POSTBACK}; docs.cryptocloud.plus/en/api-reference-v2/invoice-information (statuses)`,
};

const CRYPTOMUS_STATUSES =
  'doc.cryptomus.com/payments/payment-statuses, doc.heleket.com/payments/payment-statuses';

const CRYPTOMUS_FAMILY: ReadonlyArray<Entry> = [
  [
    'underpay-and-end',
    {
      path: ['processing', 'partially_paid', 'failed'],
      why:
        '`confirm_check` announces the transaction; a short payment leaves the invoice open for the rest ' +
        '(`wrong_amount_waiting`, is_payment_multiple is on by default) until its lifetime ends (`wrong_amount`)',
      source: `${CRYPTOMUS_STATUSES}; doc.cryptomus.com/payments/creating-invoice (is_payment_multiple)`,
    },
  ],
  [
    'part-then-rest',
    {
      path: ['processing', 'partially_paid', 'paid'],
      why: '`confirm_check` (processing) announces the first transaction before `wrong_amount_waiting`',
      source: CRYPTOMUS_STATUSES,
    },
  ],
  noCancel(
    'some',
    'no cancel endpoint: `cancelInvoice` is Unsupported and changes nothing; the invoice runs until its lifetime ' +
      'ends (`cancel` → `expired`, release)',
    'doc.cryptomus.com and doc.heleket.com, payments section (create, info, list, resend; no cancel)',
  ),
  [
    'pay-after-expiry',
    {
      step: 'refused',
      flags: [],
      action: 'release',
      why: 'a finalized invoice takes no payment: "When invoice is finalized it is impossible to pay an invoice"',
      source: 'doc.cryptomus.com/payments/payment-information (is_final)',
    },
  ],
];

const NO_PAYER_AMOUNT: CellOverride = {
  remaining: 'none',
  why:
    "Heleket's webhook carries no payer_amount, so a delivery states nothing still owed (a read, through " +
    'reconcile, does)',
  source: 'doc.heleket.com/payments/webhook',
};

const HELEKET_WEBHOOK_CELLS: ReadonlyArray<ScenarioId> = [
  'pay-in-full',
  'overpay',
  'underpay-and-end',
  'part-then-rest',
  'expire-unpaid',
  'pay-after-expiry',
  'duplicate-delivery',
  'out-of-order',
  'test-mode',
];

const NOWPAYMENTS_STATUSES =
  'NOWPayments API, "Get payment status" (payment_status values) and "Instant payment notifications" ' +
  '(a notification per status)';

const NOWPAYMENTS_REPEATED =
  'NOWPayments help, "Repeated deposits" ("processed at the current exchange rate … marked with either the ' +
  '"Partially paid" or "Finished" status"; track parent_payment_id)';

const everyStep = (path: Cell['path']): CellOverride => ({
  path,
  why:
    'the payment is made when the customer picks a coin and each of its statuses is posted: `waiting` ' +
    '(pending), `confirming`…`sending` (processing), then the end',
  source: NOWPAYMENTS_STATUSES,
});

const REST_AS_REPEATED_DEPOSIT: CellOverride = {
  path: ['pending', 'processing', 'partially_paid'],
  remaining: 'some',
  action: 'wait',
  why:
    '`partially_paid` closes the payment, not the address: more money arrives as a repeated deposit, a payment of ' +
    "its own at the day's rate that never settles the invoice, so it stays partially_paid (check the dashboard)",
  source: NOWPAYMENTS_REPEATED,
};

/** Where each provider differs from `DEFAULT_CELLS`, each difference with its reason and the provider's source. */
export const PROVIDER_OVERRIDES: Readonly<Record<string, ProviderOverrides>> = {
  cryptoprocessing: overrides(...COINSPAID_PLATFORM, [
    'merchant-cancel',
    {
      remaining: 'none',
      why:
        'the cancel is answered "OK" with no invoice, and no endpoint reads one back, so nothing states what was ' +
        'owed (the ledger records the cancel at once; the `failed` callback that follows changes nothing)',
      source: 'docs.cryptoprocessing.com/api-reference/endpoints/invoices-foreign_id-cancel',
    },
  ]),
  alphapo: overrides(...COINSPAID_PLATFORM, NO_COINSPAID_CANCEL),
  coinspaid: overrides(...COINSPAID_PLATFORM, NO_COINSPAID_CANCEL),
  cryptocloud: overrides(
    ['pay-in-full', postsOncePaid(['paid'])],
    ['overpay', postsOncePaid(['overpaid'])],
    ['underpay-and-end', SILENT_END],
    ['expire-unpaid', SILENT_END],
    ['pay-after-expiry', SILENT_END],
    [
      'pay-after-expiry',
      {
        step: 'refused',
        flags: [],
        action: 'release',
        why: 'a `canceled` invoice takes no payment: CryptoCloud documents none, and posts only for paid invoices',
        source: CRYPTOCLOUD_POSTBACK,
      },
    ],
    ['duplicate-delivery', postsOncePaid(['paid'])],
    ['test-mode', postsOncePaid(['paid'])],
  ),
  cryptomus: overrides(...CRYPTOMUS_FAMILY),
  heleket: overrides(
    ...CRYPTOMUS_FAMILY,
    ...HELEKET_WEBHOOK_CELLS.map((scenario): Entry => [scenario, NO_PAYER_AMOUNT]),
  ),
  nowpayments: overrides(
    ['pay-in-full', everyStep(['pending', 'processing', 'paid'])],
    ['overpay', everyStep(['pending', 'processing', 'overpaid'])],
    [
      'underpay-and-end',
      {
        path: ['pending', 'processing', 'partially_paid'],
        reason: null,
        flags: [],
        action: 'wait',
        why:
          '`partially_paid` is where a short payment stays: the address keeps taking repeated deposits and no ' +
          'expiry follows it, so the invoice never ends',
        source: `${NOWPAYMENTS_STATUSES}; ${NOWPAYMENTS_REPEATED}`,
      },
    ],
    ['part-then-rest', REST_AS_REPEATED_DEPOSIT],
    ['expire-unpaid', everyStep(['pending', 'expired'])],
    noCancel(
      'none',
      'no cancel endpoint for invoices or payments: `cancelInvoice` is Unsupported and changes nothing; an ' +
        'unpaid payment expires after 7 days',
      'NOWPayments API Postman collection "NOWPayments API", folder Payments',
    ),
    ['pay-after-expiry', everyStep(['pending', 'expired'])],
    [
      'pay-after-expiry',
      {
        step: 'refused',
        flags: [],
        action: 'release',
        why: 'an expired payment takes nothing more: repeated deposits are documented for paid or part-paid ones only',
        source: NOWPAYMENTS_REPEATED,
      },
    ],
    ['duplicate-delivery', everyStep(['pending', 'processing', 'paid'])],
    ['out-of-order', { ...REST_AS_REPEATED_DEPOSIT, path: ['partially_paid'], replayed: ['none'] }],
    ['test-mode', everyStep(['pending', 'processing', 'paid'])],
  ),
  btcpay: {},
};

/** The overrides of one cell, in the order they apply. */
export const overridesOf = (provider: string, scenario: ScenarioId): ReadonlyArray<CellOverride> =>
  PROVIDER_OVERRIDES[provider]?.[scenario] ?? [];

/** The cell a provider must show for a scenario: the default with the provider's overrides applied. */
export const expectedCell = (provider: string, scenario: ScenarioId): Cell =>
  overridesOf(provider, scenario).reduce<Cell>(
    (cell, { why: _why, source: _source, ...fields }) => ({
      ...cell,
      ...fields,
    }),
    DEFAULT_CELLS[scenario],
  );
