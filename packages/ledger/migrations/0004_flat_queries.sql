-- @invoicekit/ledger migration 4: indexes that keep reconcile's claim and stale report flat as the
-- ledger grows. Each one holds only the rows its query reads, in the order it reads them, so the
-- claim reads the invoices it takes and the stale report the invoices it reports, at any size.

-- The open invoices reconcile can read, per provider, never checked first and then the least recently checked.
CREATE INDEX invoices_due_read ON invoicekit_ledger.invoices (provider, checked_at, key)
  WHERE invoice_id IS NOT NULL
    AND (status IS NULL
      OR status IN ('created', 'pending', 'processing', 'partially_paid', 'held', 'refunding', 'unknown'));

-- Creates whose answer was never recorded, in the same order.
CREATE INDEX invoices_due_create ON invoicekit_ledger.invoices (provider, checked_at, key)
  WHERE creation = 'requested' AND replaced_by IS NULL AND status IS NULL;

-- Open invoices by how long they have been quiet, with a provider invoice id and without one: the
-- stale report reads the second kind for every provider and the first only for providers it cannot read.
CREATE INDEX invoices_quiet_identified ON invoicekit_ledger.invoices (provider, updated_at)
  WHERE invoice_id IS NOT NULL AND creation <> 'refused'
    AND (status IS NULL
      OR status IN ('created', 'pending', 'processing', 'partially_paid', 'held', 'refunding', 'unknown'));
CREATE INDEX invoices_quiet_unidentified ON invoicekit_ledger.invoices (provider, updated_at)
  WHERE invoice_id IS NULL AND replaced_by IS NULL AND creation <> 'refused'
    AND (status IS NULL
      OR status IN ('created', 'pending', 'processing', 'partially_paid', 'held', 'refunding', 'unknown'));

-- Read by nothing since the stale report uses the two above; every invoice write paid for it.
DROP INDEX invoicekit_ledger.invoices_open;

-- The two reads below must walk their index in order and stop at `wanted` rows. PGlite has no
-- autovacuum, so without statistics the planner guesses that few rows match and may prefer a bitmap
-- scan and a sort, which reads every matching row: at a million invoices, seconds with the process
-- frozen. Bitmap scans are turned off for these functions only (and sequential scans penalised);
-- PL/pgSQL keeps their plans for the session.

-- Up to `wanted` invoices due for reconcile, in claim order: per provider it can read, open
-- invoices with an invoice id; per provider that can settle a lost create, creates unanswered for
-- `unresolved_ms`; never checked first, then checked longest ago (before `recheck_ms`), none leased.
CREATE FUNCTION invoicekit_ledger.due_invoices(
  readable text[], settles text[], recheck_ms float8, unresolved_ms float8, wanted int, skipped bigint[]
) RETURNS TABLE (key bigint, checked_at timestamptz)
LANGUAGE plpgsql STABLE ROWS 25
SET enable_bitmapscan = off
SET enable_seqscan = off
AS $$
BEGIN
  RETURN QUERY
  SELECT due.key, due.checked_at FROM (
    SELECT read.key, read.checked_at FROM unnest(readable) AS p(provider)
    CROSS JOIN LATERAL (
      (SELECT i.key, i.checked_at FROM invoicekit_ledger.invoices AS i
       WHERE i.provider = p.provider AND i.invoice_id IS NOT NULL
         AND (i.status IS NULL
           OR i.status IN ('created', 'pending', 'processing', 'partially_paid', 'held', 'refunding', 'unknown'))
         AND i.checked_at IS NULL AND (i.lease_until IS NULL OR i.lease_until < now()) AND NOT (i.key = ANY(skipped))
       ORDER BY i.checked_at, i.key LIMIT wanted)
      UNION ALL
      (SELECT i.key, i.checked_at FROM invoicekit_ledger.invoices AS i
       WHERE i.provider = p.provider AND i.invoice_id IS NOT NULL
         AND (i.status IS NULL
           OR i.status IN ('created', 'pending', 'processing', 'partially_paid', 'held', 'refunding', 'unknown'))
         AND i.checked_at < now() - recheck_ms * interval '1 millisecond'
         AND (i.lease_until IS NULL OR i.lease_until < now()) AND NOT (i.key = ANY(skipped))
       ORDER BY i.checked_at, i.key LIMIT wanted)
    ) AS read
    UNION ALL
    SELECT lost.key, lost.checked_at FROM unnest(settles) AS p(provider)
    CROSS JOIN LATERAL (
      (SELECT i.key, i.checked_at FROM invoicekit_ledger.invoices AS i
       WHERE i.provider = p.provider AND i.creation = 'requested' AND i.replaced_by IS NULL AND i.status IS NULL
         AND i.requested_at < now() - unresolved_ms * interval '1 millisecond'
         AND i.checked_at IS NULL AND (i.lease_until IS NULL OR i.lease_until < now()) AND NOT (i.key = ANY(skipped))
       ORDER BY i.checked_at, i.key LIMIT wanted)
      UNION ALL
      (SELECT i.key, i.checked_at FROM invoicekit_ledger.invoices AS i
       WHERE i.provider = p.provider AND i.creation = 'requested' AND i.replaced_by IS NULL AND i.status IS NULL
         AND i.requested_at < now() - unresolved_ms * interval '1 millisecond'
         AND i.checked_at < now() - recheck_ms * interval '1 millisecond'
         AND (i.lease_until IS NULL OR i.lease_until < now()) AND NOT (i.key = ANY(skipped))
       ORDER BY i.checked_at, i.key LIMIT wanted)
    ) AS lost
  ) AS due
  ORDER BY due.checked_at NULLS FIRST, due.key LIMIT wanted;
END
$$;

-- Up to `wanted` open invoices quiet since before `quiet_ms` that reconcile cannot ask about, the
-- quietest first, after (`after_at`, `after_key`): per provider, those without an invoice id, and
-- those with one where the provider is not `readable`; lost creates a provider can settle are not
-- stale. The providers holding such rows are found by one index probe each (a loose index scan).
CREATE FUNCTION invoicekit_ledger.quiet_invoices(
  readable text[], settles text[], quiet_ms float8, after_at timestamptz, after_key bigint, wanted int
) RETURNS TABLE (
  key bigint, provider text, order_id text, invoice_id text, status text, creation text, updated_at timestamptz
)
LANGUAGE plpgsql STABLE ROWS 250
SET enable_bitmapscan = off
SET enable_seqscan = off
AS $$
BEGIN
  RETURN QUERY
  WITH RECURSIVE unidentified AS (
    (SELECT i.provider FROM invoicekit_ledger.invoices AS i
     WHERE i.invoice_id IS NULL AND i.replaced_by IS NULL AND i.creation <> 'refused'
       AND (i.status IS NULL
         OR i.status IN ('created', 'pending', 'processing', 'partially_paid', 'held', 'refunding', 'unknown'))
     ORDER BY i.provider LIMIT 1)
    UNION ALL
    SELECT (SELECT i.provider FROM invoicekit_ledger.invoices AS i
            WHERE i.invoice_id IS NULL AND i.replaced_by IS NULL AND i.creation <> 'refused'
              AND (i.status IS NULL
                OR i.status IN ('created', 'pending', 'processing', 'partially_paid', 'held', 'refunding', 'unknown'))
              AND i.provider > u.provider
            ORDER BY i.provider LIMIT 1)
    FROM unidentified AS u WHERE u.provider IS NOT NULL
  ),
  identified AS (
    (SELECT i.provider FROM invoicekit_ledger.invoices AS i
     WHERE i.invoice_id IS NOT NULL AND i.creation <> 'refused'
       AND (i.status IS NULL
         OR i.status IN ('created', 'pending', 'processing', 'partially_paid', 'held', 'refunding', 'unknown'))
     ORDER BY i.provider LIMIT 1)
    UNION ALL
    SELECT (SELECT i.provider FROM invoicekit_ledger.invoices AS i
            WHERE i.invoice_id IS NOT NULL AND i.creation <> 'refused'
              AND (i.status IS NULL
                OR i.status IN ('created', 'pending', 'processing', 'partially_paid', 'held', 'refunding', 'unknown'))
              AND i.provider > d.provider
            ORDER BY i.provider LIMIT 1)
    FROM identified AS d WHERE d.provider IS NOT NULL
  )
  SELECT quiet.* FROM (
    SELECT r.* FROM unidentified AS p
    CROSS JOIN LATERAL (
      SELECT i.key, i.provider, i.order_id, i.invoice_id, i.status, i.creation, i.updated_at
      FROM invoicekit_ledger.invoices AS i
      WHERE i.provider = p.provider AND i.invoice_id IS NULL AND i.replaced_by IS NULL AND i.creation <> 'refused'
        AND (i.status IS NULL
          OR i.status IN ('created', 'pending', 'processing', 'partially_paid', 'held', 'refunding', 'unknown'))
        AND i.updated_at < now() - quiet_ms * interval '1 millisecond' AND i.updated_at >= after_at
        AND (i.updated_at, i.key) > (after_at, after_key)
        AND NOT (i.creation = 'requested' AND i.provider = ANY(settles))
      ORDER BY i.updated_at, i.key LIMIT wanted
    ) AS r
    WHERE p.provider IS NOT NULL
    UNION ALL
    SELECT r.* FROM identified AS p
    CROSS JOIN LATERAL (
      SELECT i.key, i.provider, i.order_id, i.invoice_id, i.status, i.creation, i.updated_at
      FROM invoicekit_ledger.invoices AS i
      WHERE i.provider = p.provider AND i.invoice_id IS NOT NULL AND i.creation <> 'refused'
        AND (i.status IS NULL
          OR i.status IN ('created', 'pending', 'processing', 'partially_paid', 'held', 'refunding', 'unknown'))
        AND i.updated_at < now() - quiet_ms * interval '1 millisecond' AND i.updated_at >= after_at
        AND (i.updated_at, i.key) > (after_at, after_key)
        AND NOT (i.creation = 'requested' AND i.replaced_by IS NULL AND i.provider = ANY(settles))
      ORDER BY i.updated_at, i.key LIMIT wanted
    ) AS r
    WHERE p.provider IS NOT NULL AND NOT (p.provider = ANY(readable))
  ) AS quiet
  ORDER BY quiet.updated_at, quiet.key LIMIT wanted;
END
$$;
