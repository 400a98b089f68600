import type { LedgerFlag } from './flags';

/** What a ledger records: live payments (`live`, the default) or a test set-up's (`test`). */
export type LedgerMode = 'live' | 'test';

/** The modes a ledger can be opened in. */
export const LEDGER_MODES: ReadonlyArray<LedgerMode> = ['live', 'test'];

/** Why an observation's mode keeps it from being applied, and the flag that says so. */
export interface ModeRefusal {
  readonly flag: Extract<LedgerFlag, 'mode_mismatch' | 'live_in_test_ledger'>;
  readonly reason: string;
}

/** What the ledger's mode and the invoice's make of one observation. */
export interface ModeVerdict {
  /** The invoice or the observation is in test mode: nothing about it is a live payment. */
  readonly testMode: boolean;
  /** The invoice's mode afterwards: an invoice of unknown mode takes the observation's. */
  readonly invoiceMode: boolean | null;
  readonly refusal: ModeRefusal | null;
}

const word = (testMode: boolean): string => (testMode ? 'test' : 'live');

/**
 * Weighs an observation's mode (null when it says nothing trustworthy about it) against the mode
 * recorded for its invoice (null while unknown) and the ledger's own. A mode that contradicts the
 * invoice's is never applied; a test ledger applies nothing live.
 */
export const judgeMode = (ledger: LedgerMode, invoice: boolean | null, seen: boolean | null): ModeVerdict => {
  if (seen === null) return { testMode: invoice === true, invoiceMode: invoice, refusal: null };
  const invoiceMode = invoice ?? seen;
  const testMode = invoiceMode || seen;
  if (invoice !== null && invoice !== seen) {
    return {
      testMode,
      invoiceMode,
      refusal: {
        flag: 'mode_mismatch',
        reason: `the provider reports it in ${word(seen)} mode, but the ledger recorded the invoice as ${word(invoice)}`,
      },
    };
  }
  if (ledger === 'test' && !invoiceMode) {
    return {
      testMode,
      invoiceMode,
      refusal: {
        flag: 'live_in_test_ledger',
        reason:
          'a live invoice in a test ledger, which applies test-mode invoices only; live money may be involved',
      },
    };
  }
  return { testMode, invoiceMode, refusal: null };
};
