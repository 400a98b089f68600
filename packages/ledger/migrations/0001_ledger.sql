-- @invoicekit/ledger migration 1: invoices, webhook deliveries and the transition feed.
-- The package applies its files in order, in one transaction, under an advisory lock, and records
-- each one in invoicekit_ledger.schema_migrations with its checksum. Never edit an applied file; add one.

CREATE TABLE invoicekit_ledger.invoices (
  key               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider          text NOT NULL,
  order_id          text,
  invoice_id        text,
  creation          text NOT NULL CHECK (creation IN ('requested', 'created', 'refused', 'exists', 'delivered')),
  status            text,
  provider_status   text,
  failure_reason    text,
  price_amount      text CHECK (price_amount ~ '^[0-9]+(\.[0-9]+)?$'),
  price_currency    text,
  payment_currency  text,
  payment_amount    text CHECK (payment_amount ~ '^[0-9]+(\.[0-9]+)?$'),
  received_amount   text CHECK (received_amount ~ '^[0-9]+(\.[0-9]+)?$'),
  received_currency text,
  flags             text[] NOT NULL DEFAULT '{}',
  request           jsonb,
  snapshot          jsonb,
  last_error        text,
  replaced_by       text,
  lease_until       timestamptz,
  checked_at        timestamptz,
  requested_at      timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (order_id IS NOT NULL OR invoice_id IS NOT NULL)
);
CREATE UNIQUE INDEX invoices_by_order ON invoicekit_ledger.invoices (provider, order_id) WHERE order_id IS NOT NULL;
CREATE UNIQUE INDEX invoices_by_invoice ON invoicekit_ledger.invoices (provider, invoice_id) WHERE invoice_id IS NOT NULL;
CREATE INDEX invoices_open ON invoicekit_ledger.invoices (provider, updated_at)
  WHERE status IS NULL OR status IN ('created', 'pending', 'processing', 'partially_paid', 'unknown');

CREATE TABLE invoicekit_ledger.deliveries (
  provider     text NOT NULL,
  dedupe_key   text NOT NULL,
  invoice_key  bigint REFERENCES invoicekit_ledger.invoices (key),
  invoice_id   text NOT NULL,
  order_id     text,
  status       text NOT NULL,
  confirmed    boolean NOT NULL,
  event        jsonb NOT NULL,
  outcome      jsonb,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, dedupe_key)
);
CREATE INDEX deliveries_by_invoice ON invoicekit_ledger.deliveries (invoice_key);

-- One row whose update serialises every feed append: positions are handed out in commit order, gapless.
CREATE TABLE invoicekit_ledger.feed_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  position  bigint NOT NULL
);
INSERT INTO invoicekit_ledger.feed_head (singleton, position) VALUES (true, 0);

CREATE TABLE invoicekit_ledger.transitions (
  position          bigint PRIMARY KEY,
  invoice_key       bigint NOT NULL REFERENCES invoicekit_ledger.invoices (key),
  provider          text NOT NULL,
  invoice_id        text,
  order_id          text,
  from_status       text,
  to_status         text,
  applied           boolean NOT NULL,
  flags             text[] NOT NULL,
  raised            text[] NOT NULL,
  reason            text NOT NULL,
  cause             text NOT NULL CHECK (cause IN ('create', 'delivery', 'reconcile', 'recreate')),
  dedupe_key        text,
  received_amount   text,
  received_currency text,
  at                timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transitions_by_invoice ON invoicekit_ledger.transitions (invoice_key, position);
