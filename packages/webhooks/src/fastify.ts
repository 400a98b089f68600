/**
 * `@invoicekit/webhooks/fastify`: the Fastify webhook plugin with its own raw-body parser.
 *
 * @module @invoicekit/webhooks/fastify
 */
export { webhookPlugin, type FastifyWebhookOptions } from './fastify/plugin';
export * from './index';
