# workerd for the smoke suite: the smoke app (app.js, esbuild's bundle of app.mjs) and the Worker example
# of docs/runtimes.md (example.js), each on its own socket, both without compatibility flags (so without
# nodejs_compat: no Node built-in exists for them), and outbound requests allowed to loopback only, where
# the sandbox listens. scripts/runtimes.mjs passes the addresses (--socket-addr) and the example's
# INVOICEKIT_* variables.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "smoke", worker = .smoke),
    (name = "example", worker = .example),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [
    (name = "smoke", address = "127.0.0.1:8787", http = (), service = "smoke"),
    (name = "example", address = "127.0.0.1:8788", http = (), service = "example"),
  ],
);

const smoke :Workerd.Worker = (
  modules = [(name = "app.js", esModule = embed "app.js")],
  compatibilityDate = "2026-01-01",
  globalOutbound = "loopback",
);

const example :Workerd.Worker = (
  modules = [(name = "example.js", esModule = embed "example.js")],
  compatibilityDate = "2026-01-01",
  globalOutbound = "loopback",
  bindings = [
    (name = "INVOICEKIT_PROVIDER", fromEnvironment = "INVOICEKIT_PROVIDER"),
    (name = "INVOICEKIT_API_KEY", fromEnvironment = "INVOICEKIT_API_KEY"),
    (name = "INVOICEKIT_SECRET_KEY", fromEnvironment = "INVOICEKIT_SECRET_KEY"),
    (name = "INVOICEKIT_ENVIRONMENT", fromEnvironment = "INVOICEKIT_ENVIRONMENT"),
    (name = "INVOICEKIT_BASE_URL", fromEnvironment = "INVOICEKIT_BASE_URL"),
  ],
);
