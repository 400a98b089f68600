import * as t from 'io-ts';

/**
 * The id of a provider, as its adapter's descriptor lists it;
 * core names no provider: the gateway's registry of descriptors knows which ids exist.
 */
export const ProviderId = t.string;
/** The id of a provider, as its adapter's descriptor lists it. */
export type ProviderId = t.TypeOf<typeof ProviderId>;
