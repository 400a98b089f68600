-- @invoicekit/ledger migration 6: the stale report planned for its arguments on every call.
-- PL/pgSQL plans a function's query with its arguments for five calls, then may keep one generic plan
-- that ignores them. On PGlite (no statistics: it never autovacuums) that plan read 50,000 pages for a
-- 250-row page of the report at 1M invoices, 290 ms on the shop's thread, where the plan for its
-- arguments reads 300 pages in 2 ms. Planning it each call costs 2-3 ms; the plan that runs is then
-- the one EXPLAIN shows.
ALTER FUNCTION invoicekit_ledger.quiet_invoices(text[], text[], float8, timestamptz, bigint, int)
  SET plan_cache_mode = force_custom_plan;
