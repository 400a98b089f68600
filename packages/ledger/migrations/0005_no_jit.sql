-- @invoicekit/ledger migration 5: no JIT compilation for reconcile's two reads.
-- Without row estimates for a function's inputs, the planner costs the stale report's read of 1,000
-- rows at ~200,000, past the server's default jit_above_cost (100,000), so a server with JIT compiled
-- it on every call: 30–130 ms for a read that runs in 2–3 ms. Both reads are short index walks.
-- PGlite has no JIT; the setting is accepted and changes nothing there.
ALTER FUNCTION invoicekit_ledger.due_invoices(text[], text[], float8, float8, int, bigint[]) SET jit = off;
ALTER FUNCTION invoicekit_ledger.quiet_invoices(text[], text[], float8, timestamptz, bigint, int) SET jit = off;
