/**
 * `@invoicekit/webhooks`: the webhook outcome → HTTP answer mapping, and the WHATWG `Request`/`Response` handler.
 *
 * @module @invoicekit/webhooks
 */
export { webhookAnswer, WEBHOOK_STATUS, type WebhookAnswer, type WebhookStatus } from './answer';
export type {
  Applied,
  ApplyFailed,
  EventRefused,
  HandlerTimedOut,
  MethodNotAllowed,
  BodyTooLarge,
  RawBodyUnavailable,
  RequestAborted,
  EndpointFailed,
  RequestRefused,
  WebhookOutcome,
} from './outcome';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_HANDLER_TIMEOUT_MS,
  type DeliveryContext,
  type HandlerResult,
  type OnEvent,
  type OnUnsupported,
  type WebhookLogger,
  type RouteBy,
  type WebhookSource,
  type HandlerSettings,
  type WebhookOptions,
} from './options';
export { logLine } from './log';
export { webhookHandler, type WebhookHandlerOptions } from './web/handler';
