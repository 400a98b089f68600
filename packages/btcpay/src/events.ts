/** The invoice events BTCPay documents (`x-webhooks` of swagger.template.webhooks.json); each becomes an `InvoiceEvent`. */
export const BTCPAY_INVOICE_EVENTS = [
  'InvoiceCreated',
  'InvoiceReceivedPayment',
  'InvoiceProcessing',
  'InvoiceExpired',
  'InvoiceSettled',
  'InvoiceInvalid',
  'InvoicePaymentSettled',
] as const;

/** A documented invoice event type. */
export type BtcpayInvoiceEventType = (typeof BTCPAY_INVOICE_EVENTS)[number];

/**
 * The other event types BTCPay documents (`WebhookEvent.type`) plus `InvoiceRefund` (client model
 * only): each is an `UnsupportedEvent` naming it, as is any type not listed anywhere.
 */
export const BTCPAY_OTHER_EVENTS = [
  'PaymentRequestCreated',
  'PaymentRequestUpdated',
  'PaymentRequestArchived',
  'PaymentRequestStatusChanged',
  'PayoutCreated',
  'PayoutApproved',
  'PayoutUpdated',
  'SubscriberCreated',
  'SubscriberCredited',
  'SubscriberCharged',
  'SubscriberActivated',
  'SubscriberPhaseChanged',
  'SubscriberDisabled',
  'PaymentReminder',
  'PlanStarted',
  'SubscriberNeedUpgrade',
  'InvoiceRefund',
] as const;
