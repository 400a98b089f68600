/** `@invoicekit/gateway`: what most users install — provider switching by configuration over every adapter. */
import { ADAPTERS } from './adapters';
import { createRegistry } from './registry';

export * from '@invoicekit/core';
export * from './adapters';
export { createRegistry, type Registry } from './registry';
export type { Gateway, NoRoute, RoutedEvent } from './gateway';

const registry = createRegistry(ADAPTERS);

/** Builds a provider from configuration alone; bad configuration is an `InvalidConfig`, never a throw. */
export const createProvider = registry.createProvider;
/** Builds a provider from `INVOICEKIT_*` environment variables; issues name the variable at fault. */
export const providerFromEnv = registry.providerFromEnv;
/** Builds a gateway over several named provider configurations, with webhook routing. */
export const createGateway = registry.createGateway;
/** True only where a retry cannot create a second invoice (429, 503, a request that never left, …). */
export const isRetryable = registry.isRetryable;
