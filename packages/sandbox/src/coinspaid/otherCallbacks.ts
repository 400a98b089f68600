import { randomUUID } from 'node:crypto';
import type { OutgoingWebhook } from '../delivery';
import { convert, demoAddress, demoTxid, half, plain, remainder, scale } from '../rates';
import type { CallbackType } from '../types';
import { signedCallback } from './auth';
import { COINSPAID_DP } from './currencies';
import type { CoinspaidFamilyId, CoinspaidKeys } from './settings';

// The shapes follow the documented examples: deposits, withdrawals and exchanges from coinspaid/docs
// api-documentation/callbacks.md ("Deposit Callbacks": BTC, "Deposit BTC with exchange to EUR";
// "Withdrawal Callbacks": BTC, "Withdraw EUR with exchange to BTC"; "Exchange Callbacks": "Buy BTC
// for EUR"); payment requests from docs.cryptoprocessing.com/api-reference/callbacks/payment-request-callbacks
// ("Exchange rate is fixed"), which carry `payment_request_id` and no root `id`.

/** The statuses each callback type may announce: transaction statuses, or those of a payment request. */
export const CALLBACK_STATUSES: Readonly<Record<CallbackType, ReadonlyArray<string>>> = {
  deposit: ['confirmed', 'not_confirmed', 'cancelled'],
  deposit_exchange: ['confirmed', 'not_confirmed', 'cancelled'],
  withdrawal: ['confirmed', 'not_confirmed', 'cancelled', 'pending'],
  withdrawal_exchange: ['confirmed', 'not_confirmed', 'cancelled', 'pending'],
  exchange: ['confirmed'],
  payment_request: ['processing', 'paid', 'failed'],
};

/** The status a callback type announces when none is asked for. */
export const defaultCallbackStatus = (type: CallbackType): string =>
  type === 'payment_request' ? 'paid' : 'confirmed';

/** The running numbers a generated callback takes its ids from (the transaction id and the next one). */
export interface CallbackIds {
  readonly id: number;
  readonly addressId: number;
  readonly transactionId: number;
}

const DEPOSIT_AMOUNT = '0.01000000';
const WITHDRAWAL_AMOUNT = '0.02000000';
const EXCHANGE_EUR_AMOUNT = '381.00000000';

const blockchainTransaction = (
  id: number,
  type: 'deposit' | 'withdrawal',
  address: string,
  amount: string,
  status: string,
) => ({
  id,
  currency: 'BTC',
  transaction_type: 'blockchain',
  type,
  address,
  tag: null,
  amount,
  txid: demoTxid(),
  confirmations: status === 'confirmed' ? '3' : '0',
});

const exchangeTransaction = (id: number, from: string, to: string, amount: string, amountTo: string) => ({
  id,
  currency: from,
  currency_to: to,
  transaction_type: 'exchange',
  type: 'exchange',
  amount,
  amount_to: amountTo,
});

const depositBody = (ids: CallbackIds, status: string, toEur: boolean) => {
  const address = demoAddress('BTC');
  const received = toEur ? convert(DEPOSIT_AMOUNT, 'BTC', 'EUR', COINSPAID_DP) : DEPOSIT_AMOUNT;
  const fee = scale(received, '0.005', COINSPAID_DP);
  return {
    id: ids.id,
    type: toEur ? 'deposit_exchange' : 'deposit',
    crypto_address: {
      id: ids.addressId,
      currency: 'BTC',
      ...(toEur ? { convert_to: 'EUR' } : {}),
      address,
      tag: null,
      foreign_id: `user-${ids.addressId}`,
    },
    currency_sent: { currency: 'BTC', amount: DEPOSIT_AMOUNT },
    currency_received: {
      currency: toEur ? 'EUR' : 'BTC',
      amount: received,
      amount_minus_fee: remainder(received, fee, COINSPAID_DP),
    },
    transactions: [
      {
        ...blockchainTransaction(ids.transactionId, 'deposit', address, DEPOSIT_AMOUNT, status),
        riskscore: '0.42',
      },
      ...(toEur ? [exchangeTransaction(ids.transactionId + 1, 'BTC', 'EUR', DEPOSIT_AMOUNT, received)] : []),
    ],
    fees: [{ type: toEur ? 'exchange' : 'deposit', currency: toEur ? 'EUR' : 'BTC', amount: fee }],
    error: '',
    status,
  };
};

const withdrawalBody = (ids: CallbackIds, status: string, fromEur: boolean) => {
  const address = demoAddress('BTC');
  const sent = fromEur ? EXCHANGE_EUR_AMOUNT : WITHDRAWAL_AMOUNT;
  const btc = fromEur ? convert(EXCHANGE_EUR_AMOUNT, 'EUR', 'BTC', COINSPAID_DP) : WITHDRAWAL_AMOUNT;
  const exchange = fromEur
    ? [exchangeTransaction(ids.transactionId + 1, 'EUR', 'BTC', EXCHANGE_EUR_AMOUNT, btc)]
    : [];
  return {
    id: ids.id,
    foreign_id: `withdrawal-${ids.id}`,
    type: fromEur ? 'withdrawal_exchange' : 'withdrawal',
    crypto_address: {
      id: ids.addressId,
      currency: fromEur ? 'EUR' : 'BTC',
      ...(fromEur ? { convert_to: 'BTC' } : {}),
      address,
      tag: null,
    },
    currency_sent: { currency: fromEur ? 'EUR' : 'BTC', amount: sent },
    currency_received: { currency: 'BTC', amount: btc },
    transactions: [...exchange, blockchainTransaction(ids.transactionId, 'withdrawal', address, btc, status)],
    fees: fromEur
      ? [{ type: 'exchange', currency: 'EUR', amount: scale(sent, '0.008', COINSPAID_DP) }]
      : [
          { type: 'mining', currency: 'BTC', amount: '0.00007402' },
          { type: 'withdrawal', currency: 'BTC', amount: '0.00002000' },
        ],
    error: '',
    status,
  };
};

const exchangeBody = (ids: CallbackIds, status: string) => {
  const btc = '0.00300000';
  const eur = convert(btc, 'BTC', 'EUR', COINSPAID_DP);
  return {
    id: ids.id,
    type: 'exchange',
    currency_sent: { currency: 'EUR', amount: eur },
    currency_received: { currency: 'BTC', amount: btc },
    transactions: [exchangeTransaction(ids.transactionId, 'EUR', 'BTC', eur, btc)],
    fees: [{ type: 'exchange', currency: 'EUR', amount: scale(eur, '0.01', COINSPAID_DP) }],
    error: '',
    status,
  };
};

const paymentRequestBody = (ids: CallbackIds, status: string, nowSeconds: number) => {
  const expected = plain(convert('0.3', 'ETH', 'BTC', 4));
  const received = status === 'paid' ? expected : status === 'failed' ? plain(half(expected, 4)) : '0';
  return {
    payment_request_id: randomUUID(),
    foreign_id: `order-${ids.id}`,
    type: 'payment_request',
    status,
    end_user_email: 'customer@example.com',
    payment_request_address: {
      id: randomUUID(),
      currency: { iso: 'BTC', network_name: 'bitcoin' },
      convert_to: { iso: 'ETH', network_name: 'ethereum' },
      address: demoAddress('BTC'),
    },
    payment_request_amount: { currency: { iso: 'ETH', network_name: 'ethereum' }, amount: '0.3' },
    currency_sent: {
      currency: { iso: 'BTC', network_name: 'bitcoin' },
      expected_amount: expected,
      received_amount: received,
      remaining_amount: plain(remainder(expected, received, 4)),
    },
    fixed_at: nowSeconds,
    expires_at: nowSeconds + 199,
    valid_until: nowSeconds + 199,
  };
};

/** The documented body of a `type` callback announcing `status`. */
export const otherCallbackBody = (
  type: CallbackType,
  status: string,
  ids: CallbackIds,
  nowMs: number,
): Readonly<Record<string, unknown>> => {
  switch (type) {
    case 'deposit':
    case 'deposit_exchange':
      return depositBody(ids, status, type === 'deposit_exchange');
    case 'withdrawal':
    case 'withdrawal_exchange':
      return withdrawalBody(ids, status, type === 'withdrawal_exchange');
    case 'exchange':
      return exchangeBody(ids, status);
    case 'payment_request':
      return paymentRequestBody(ids, status, Math.floor(nowMs / 1000));
  }
};

/** The signed callback POST for a generated non-invoice callback. */
export const otherCallback = (
  provider: CoinspaidFamilyId,
  body: Readonly<Record<string, unknown>>,
  keys: CoinspaidKeys,
  url: string,
): OutgoingWebhook =>
  signedCallback(
    {
      provider,
      invoiceId: String(body['id'] ?? body['payment_request_id']),
      event: `${String(body['type'])}:${String(body['status'])}`,
      url,
    },
    JSON.stringify(body),
    keys,
  );
