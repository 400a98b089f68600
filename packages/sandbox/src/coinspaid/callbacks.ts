import type { OutgoingWebhook } from '../delivery';
import { fixed, scale } from '../rates';
import { signedCallback } from './auth';
import { COINSPAID_DP } from './currencies';
import { coinspaidReceived, coinspaidRemaining, TIMER_SECONDS, type CoinspaidInvoice } from './invoice';
import type { CoinspaidKeys } from './settings';

const DEPOSIT_FEE = '0.005';

/** The documented invoice-callback envelope for the invoice's current state. */
export const coinspaidCallbackBody = (inv: CoinspaidInvoice) => {
  const received = coinspaidReceived(inv);
  const fee = scale(received, DEPOSIT_FEE, COINSPAID_DP);
  return {
    id: inv.id,
    foreign_id: inv.request.foreignId,
    ...(inv.request.endUserReference === null ? {} : { end_user_reference: inv.request.endUserReference }),
    type: 'invoice',
    crypto_address: {
      id: inv.addressId,
      currency: inv.payCurrency,
      ...(inv.payCurrency === inv.request.currency ? {} : { convert_to: inv.request.currency }),
      address: inv.address,
      tag: inv.tag,
    },
    currency_sent: {
      currency: inv.payCurrency,
      amount: inv.paid,
      remaining_amount: coinspaidRemaining(inv),
    },
    currency_received: { currency: inv.request.currency, amount: received },
    transactions: inv.transactions.map((tx) => ({
      id: tx.id,
      currency: inv.payCurrency,
      transaction_type: 'blockchain',
      type: 'deposit',
      address: inv.address,
      tag: inv.tag,
      amount: tx.amount,
      txid: tx.txid,
      confirmations: String(tx.confirmations),
    })),
    fees:
      fee === fixed('0', COINSPAID_DP)
        ? []
        : [{ type: 'fee_crypto_deposit', currency: inv.request.currency, amount: fee }],
    error: inv.error,
    status: inv.status,
    fixed_at: inv.fixedAt,
    expires_at: inv.releaseAt ?? (inv.fixedAt === null ? null : inv.fixedAt + TIMER_SECONDS),
  };
};

/** The signed callback POST for the invoice's current state. */
export const coinspaidCallback = (inv: CoinspaidInvoice, keys: CoinspaidKeys, url: string): OutgoingWebhook =>
  signedCallback(
    { provider: inv.provider, invoiceId: String(inv.id), event: inv.status, url },
    JSON.stringify(coinspaidCallbackBody(inv)),
    keys,
  );
