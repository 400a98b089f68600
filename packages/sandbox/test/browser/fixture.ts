import type { DashboardSnapshot } from '../../src/dashboardView';
import type { SandboxInvoiceState, WebhookDelivery } from '../../src/types';

// Fixed, hand-written data in the shapes the sandbox produces (ids, keys, times and bodies frozen), so
// the screenshot baselines change only when the pages do.

/** The sandbox clock of the fixture. */
export const FIXTURE_NOW_MS = Date.parse('2026-12-07T12:00:00.000Z');

const BASE = 'http://127.0.0.1:4010';

const noReturn = { success: null, failure: null, back: null, automatic: false } as const;

/** A CryptoCloud invoice paid in part. */
export const PARTIAL_INVOICE: SandboxInvoiceState = {
  provider: 'cryptocloud',
  id: 'INV-7QK2M9XA',
  orderId: 'order-1002',
  status: 'partial',
  url: `${BASE}/pay/cryptocloud/7QK2M9XA`,
  price: { amount: '100.00', currency: 'USD' },
  payment: {
    currency: 'BTC',
    amount: '0.00119820',
    paid: '0.00059910',
    remaining: '0.00059910',
    address: 'bc1qsandbox0demo0address0for0screenshots0k5x',
    tag: null,
  },
  allowsPartialPayment: true,
  createdAt: '2026-12-07T11:52:00.000Z',
  expiresAt: '2026-12-08T11:52:00.000Z',
  returnUrls: {
    success: 'https://example.com/successful-payment',
    failure: 'https://example.com/failed-payment',
    back: null,
    automatic: false,
  },
};

/** A Cryptomus invoice paid in full, whose page offers the way back to the shop. */
export const PAID_INVOICE: SandboxInvoiceState = {
  provider: 'cryptomus',
  id: '8b03c4f2-5d1e-4c4b-9f0a-2f6f3e1d9a77',
  orderId: 'order-1001',
  status: 'paid',
  url: `${BASE}/pay/cryptomus/8b03c4f2-5d1e-4c4b-9f0a-2f6f3e1d9a77`,
  price: { amount: '25.00', currency: 'USD' },
  payment: {
    currency: 'USDT',
    amount: '25.00000000',
    paid: '25.00000000',
    remaining: '0.00000000',
    address: 'TSandboxDemoAddressForScreenshots0001',
    tag: null,
  },
  allowsPartialPayment: false,
  createdAt: '2026-12-07T11:50:00.000Z',
  expiresAt: '2026-12-07T12:50:00.000Z',
  returnUrls: {
    success: 'http://localhost:3000/thanks?order=order-1001',
    failure: 'http://localhost:3000/cart',
    back: 'http://localhost:3000/cart',
    automatic: false,
  },
};

/** A CryptoProcessing invoice still waiting. */
export const OPEN_INVOICE: SandboxInvoiceState = {
  provider: 'cryptoprocessing',
  id: '1796659417100',
  orderId: 'order-1003',
  status: 'pending',
  url: `${BASE}/pay/cryptoprocessing/kX2b7Qp9`,
  price: { amount: '10.00', currency: 'EUR' },
  payment: {
    currency: 'BTC',
    amount: '0.00011982',
    paid: '0.00000000',
    remaining: '0.00011982',
    address: '3SandboxDemoAddressForScreenshots01',
    tag: null,
  },
  allowsPartialPayment: false,
  createdAt: '2026-12-07T11:58:00.000Z',
  expiresAt: '2026-12-07T12:13:00.000Z',
  returnUrls: noReturn,
};

const delivery = (
  fields: Partial<WebhookDelivery> & Pick<WebhookDelivery, 'id' | 'body'>,
): WebhookDelivery => ({
  provider: 'cryptomus',
  invoiceId: PAID_INVOICE.id,
  event: 'paid',
  url: 'http://127.0.0.1:3000/webhooks/cryptomus',
  attempt: 1,
  attempts: 10,
  statusCode: 200,
  error: null,
  ok: true,
  contentType: 'application/json',
  headers: {},
  at: '2026-12-07T11:55:00.000Z',
  ms: 12,
  nextRetryAt: null,
  resendOf: null,
  ...fields,
});

const CRYPTOMUS_BODY =
  '{"type":"payment","uuid":"8b03c4f2-5d1e-4c4b-9f0a-2f6f3e1d9a77","order_id":"order-1001","amount":"25.00","payment_amount":"25.00000000","merchant_amount":"24.50000000","network":"tron","currency":"USD","payer_currency":"USDT","status":"paid","is_final":true,"sign":"5a1f0c3e9b7d4e2a8c6b0f1d3e5a7c9b"}';

const CRYPTOCLOUD_BODY =
  'status=success&invoice_id=7QK2M9XA&amount_crypto=0.0005991&currency=BTC&order_id=order-1002&token=eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjdRSzJNOVhBIiwiZXhwIjoxNzk2NjU5NzE3fQ.c2FuZGJveC1zaWduYXR1cmU';

/** Deliveries: one answered 200, one refused with 500 then retried, one that could not connect, one resend. */
export const DELIVERIES: ReadonlyArray<WebhookDelivery> = [
  delivery({ id: 'dlv_1', body: CRYPTOMUS_BODY }),
  delivery({
    id: 'dlv_2',
    provider: 'cryptocloud',
    invoiceId: PARTIAL_INVOICE.id,
    event: 'partial',
    url: 'http://127.0.0.1:3000/webhooks/cryptocloud',
    contentType: 'application/x-www-form-urlencoded',
    body: CRYPTOCLOUD_BODY,
    statusCode: 500,
    ok: false,
    attempts: 1,
    at: '2026-12-07T11:56:00.000Z',
    ms: 31,
  }),
  delivery({
    id: 'dlv_3',
    provider: 'cryptoprocessing',
    invoiceId: OPEN_INVOICE.id,
    event: 'processing',
    url: 'http://127.0.0.1:3999/webhooks/cryptoprocessing',
    headers: {
      'X-Processing-Key': 'pk_sandbox_0d3f6a9c',
      'X-Processing-Signature':
        '9c1e4b7a2d5f8e0b3c6a9d2f5e8b1c4a7d0e3f6b9c2e5a8d1f4b7c0e3a6d9f2b5e8c1a4d7f0b3e6c9a2d5f8b1e4c7a0d3f6b9e2c5a8d1',
    },
    body: '{"id":1796659417100,"foreign_id":"order-1003","type":"invoice","status":"processing"}',
    statusCode: null,
    error: 'ECONNREFUSED',
    ok: false,
    attempt: 1,
    attempts: 6,
    at: '2026-12-07T11:59:00.000Z',
    ms: 2,
    nextRetryAt: '2026-12-07T12:04:00.000Z',
  }),
  delivery({
    id: 'dlv_4',
    body: CRYPTOMUS_BODY,
    attempts: 1,
    resendOf: 'dlv_1',
    at: '2026-12-07T11:59:30.000Z',
    ms: 9,
  }),
];

/** The whole dashboard of the fixture. */
export const DASHBOARD_FIXTURE: DashboardSnapshot = {
  nowMs: FIXTURE_NOW_MS,
  providers: [
    {
      provider: 'cryptoprocessing',
      name: 'CryptoProcessing',
      prefix: '/cryptoprocessing/api/v2',
      pageKinds: ['full', 'partial', 'over', 'unconfirmed'],
    },
    {
      provider: 'cryptocloud',
      name: 'CryptoCloud',
      prefix: '/cryptocloud',
      pageKinds: ['full', 'partial', 'over'],
    },
    {
      provider: 'cryptomus',
      name: 'Cryptomus',
      prefix: '/cryptomus',
      pageKinds: ['full', 'partial', 'over', 'unconfirmed'],
    },
  ],
  invoices: [PAID_INVOICE, PARTIAL_INVOICE, OPEN_INVOICE],
  deliveries: DELIVERIES,
};
