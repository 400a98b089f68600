-- @invoicekit/ledger migration 3: what the shop should do, stored on every feed entry; the cancels the
-- merchant asked the ledger for; reconcile watches held funds and refunds under way.

-- The action is decided when an entry is appended and never recomputed: history does not change
-- with configuration. Rows written before this migration get the action a live ledger gives them
-- (the ledger's mode was not recorded, and only a test ledger lets a test_mode entry fulfil).
ALTER TABLE invoicekit_ledger.transitions ADD COLUMN action text
  CHECK (action IN ('fulfil', 'wait', 'review', 'release', 'none'));

UPDATE invoicekit_ledger.transitions SET action = CASE
    WHEN cardinality(array_remove(raised, 'overpaid')) > 0 THEN 'review'
    WHEN NOT applied OR to_status IS NULL THEN 'none'
    WHEN test_mode OR cardinality(array_remove(flags, 'overpaid')) > 0 THEN 'review'
    WHEN to_status IN ('paid', 'overpaid') THEN 'fulfil'
    WHEN to_status IN ('created', 'pending', 'processing', 'partially_paid') THEN 'wait'
    WHEN to_status IN ('expired', 'cancelled', 'failed') AND received_amount ~ '[1-9]' THEN 'review'
    WHEN to_status IN ('expired', 'cancelled', 'failed') THEN 'release'
    ELSE 'review'
  END;

ALTER TABLE invoicekit_ledger.transitions ALTER COLUMN action SET NOT NULL;

-- A feed entry may now come from a cancel the merchant asked for.
ALTER TABLE invoicekit_ledger.transitions DROP CONSTRAINT transitions_cause_check;
ALTER TABLE invoicekit_ledger.transitions ADD CONSTRAINT transitions_cause_check
  CHECK (cause IN ('create', 'delivery', 'reconcile', 'recreate', 'cancel'));

-- The last cancel asked through the ledger: when, and the provider's answer (NULL until recorded).
ALTER TABLE invoicekit_ledger.invoices
  ADD COLUMN cancel_requested_at timestamptz,
  ADD COLUMN cancel_outcome text CHECK (cancel_outcome IN ('cancelled', 'refused', 'unresolved')),
  ADD COLUMN cancel_answer text,
  ADD COLUMN cancel_answered_at timestamptz;

-- The invoices reconcile reads: the open ones, funds the provider holds, and refunds under way.
DROP INDEX invoicekit_ledger.invoices_open;
CREATE INDEX invoices_open ON invoicekit_ledger.invoices (provider, updated_at)
  WHERE status IS NULL
    OR status IN ('created', 'pending', 'processing', 'partially_paid', 'held', 'refunding', 'unknown');

-- A provider's invoice now says what was received and what remains; invoices recorded before said
-- neither, so their snapshots get both as unknown (keys already present are kept).
UPDATE invoicekit_ledger.invoices
  SET snapshot = '{"received": null, "remaining": null}'::jsonb || snapshot
  WHERE jsonb_typeof(snapshot) = 'object';
