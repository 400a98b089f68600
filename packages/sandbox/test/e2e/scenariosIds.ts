import { ADAPTERS } from '@invoicekit/gateway';

/** Every provider id the gateway's registry lists: each runs the scenario matrix, and the sandbox must emulate it. */
export const REGISTRY_IDS: ReadonlyArray<string> = ADAPTERS.flatMap((adapter) => adapter.ids);
