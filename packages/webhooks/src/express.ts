/**
 * `@invoicekit/webhooks/express`: the Express webhook route handler and the raw-body `verify` hook.
 *
 * @module @invoicekit/webhooks/express
 */
export { webhookMiddleware, type ExpressWebhookOptions } from './express/middleware';
export { keepRawBody } from './express/rawBody';
export type { ExpressRequest } from './express/read';
export * from './index';
