-- @invoicekit/ledger migration 2: test mode on invoices, deliveries and feed entries.
-- A test-mode invoice or delivery carries the flag test_mode, so a feed entry about it never reads
-- as a live payment. Rows written before this migration are marked from what they recorded.

ALTER TABLE invoicekit_ledger.invoices ADD COLUMN test_mode boolean;
ALTER TABLE invoicekit_ledger.deliveries ADD COLUMN test_mode boolean NOT NULL DEFAULT false;
ALTER TABLE invoicekit_ledger.transitions ADD COLUMN test_mode boolean NOT NULL DEFAULT false;

-- A delivery kept the event as received, and the event said whether it was a test.
UPDATE invoicekit_ledger.deliveries SET test_mode = true WHERE event ->> 'testMode' = 'true';

-- An invoice's mode: the provider's invoice where the ledger holds it, else its confirmed deliveries.
UPDATE invoicekit_ledger.invoices SET test_mode = (snapshot ->> 'testMode')::boolean
  WHERE snapshot ->> 'testMode' IN ('true', 'false');
UPDATE invoicekit_ledger.invoices AS i SET test_mode = d.test_mode
  FROM (
    SELECT invoice_key, bool_or(test_mode) AS test_mode FROM invoicekit_ledger.deliveries
    WHERE confirmed AND invoice_key IS NOT NULL GROUP BY invoice_key
  ) AS d
  WHERE i.key = d.invoice_key AND i.test_mode IS NULL;

-- Feed entries about a test invoice, or caused by a confirmed test delivery.
UPDATE invoicekit_ledger.transitions AS t SET test_mode = true
  WHERE EXISTS (
      SELECT 1 FROM invoicekit_ledger.invoices AS i WHERE i.key = t.invoice_key AND i.test_mode
    )
    OR EXISTS (
      SELECT 1 FROM invoicekit_ledger.deliveries AS d
      WHERE d.provider = t.provider AND d.dedupe_key = t.dedupe_key AND d.confirmed AND d.test_mode
    );

-- The flag, raised on each such invoice's first test entry and carried by every later entry.
UPDATE invoicekit_ledger.transitions AS t SET raised = array_prepend('test_mode', t.raised)
  WHERE t.position = (
    SELECT min(f.position) FROM invoicekit_ledger.transitions AS f
    WHERE f.invoice_key = t.invoice_key AND f.test_mode
  );
UPDATE invoicekit_ledger.transitions AS t SET flags = array_prepend('test_mode', t.flags)
  WHERE NOT ('test_mode' = ANY (t.flags)) AND t.position >= (
    SELECT min(f.position) FROM invoicekit_ledger.transitions AS f
    WHERE f.invoice_key = t.invoice_key AND f.test_mode
  );
UPDATE invoicekit_ledger.invoices AS i SET flags = array_prepend('test_mode', i.flags)
  WHERE NOT ('test_mode' = ANY (i.flags)) AND (
    i.test_mode OR EXISTS (
      SELECT 1 FROM invoicekit_ledger.transitions AS t WHERE t.invoice_key = i.key AND t.test_mode
    )
  );

-- From now on the ledger states each row's mode itself.
ALTER TABLE invoicekit_ledger.deliveries ALTER COLUMN test_mode DROP DEFAULT;
ALTER TABLE invoicekit_ledger.transitions ALTER COLUMN test_mode DROP DEFAULT;
