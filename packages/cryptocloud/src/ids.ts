const PREFIX = /^INV-/i;

/** The bare invoice code without the `INV-` prefix (`INV-89UX09KA` and `89UX09KA` → `89UX09KA`). */
export const bareInvoiceId = (id: string): string => id.trim().replace(PREFIX, '');

/** The invoice uuid with its `INV-` prefix, the form CryptoCloud returns as `uuid`. */
export const invoiceUuid = (id: string): string => `INV-${bareInvoiceId(id)}`;

/** True when both ids name the same invoice, with or without the `INV-` prefix. */
export const sameInvoice = (a: string, b: string): boolean => bareInvoiceId(a) === bareInvoiceId(b);
