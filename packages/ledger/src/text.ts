import type { Issue } from '@invoicekit/core';

// PostgreSQL text and jsonb cannot hold U+0000 (SQLSTATE 22021, 22P05), on a server and in PGlite alike.
const NUL = String.fromCharCode(0);

/** Text as PostgreSQL can store it: each NUL character replaced by U+FFFD. */
export const storableText = (text: string): string => text.replaceAll(NUL, '\ufffd');

/** Text as PostgreSQL can store it, or null kept. */
export const storableOrNull = (text: string | null): string | null =>
  text === null ? null : storableText(text);

/**
 * One issue per named value holding a NUL character: values that identify an invoice, a delivery
 * or a currency cannot be stored as they are, and replacing the character could make two differ
 * only there and be taken for one.
 */
export const nulIssues = (values: Readonly<Record<string, string | null>>): Issue[] =>
  Object.entries(values).flatMap(([path, value]) =>
    value !== null && value.includes(NUL)
      ? [
          {
            path,
            message:
              'contains the NUL character (U+0000), which PostgreSQL cannot store; the ledger keeps no value it would have to alter to identify',
          },
        ]
      : [],
  );
