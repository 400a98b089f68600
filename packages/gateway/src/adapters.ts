import type { ConfigOf } from '@invoicekit/core';
import { coinspaidDescriptor } from '@invoicekit/coinspaid';
import { cryptocloudDescriptor } from '@invoicekit/cryptocloud';

/** Every adapter the gateway knows, one descriptor each: a new provider is one more line here. */
export const ADAPTERS = [coinspaidDescriptor, cryptocloudDescriptor] as const;

/** Configuration of one provider, as a merchant writes it: the union of every adapter's configuration. */
export type ProviderConfig = ConfigOf<(typeof ADAPTERS)[number]>;
