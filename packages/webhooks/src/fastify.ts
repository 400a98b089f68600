/** `@invoicekit/webhooks/fastify`: the Fastify webhook plugin with its own raw-body parser. */
export { webhookPlugin, type FastifyWebhookOptions } from './fastify/plugin';
export * from './index';
