// The smoke checks scripts/runtimes.mjs runs against the app (runtimes/smoke/app.mjs) served by one runtime,
// with a sandbox on Node 20 delivering its webhooks there. Each check is one cell of the matrix:
// { ok, detail, problems }.
/* global fetch, AbortSignal */

/** Configuration fields that hold a credential: what must never appear in an error, a Response or a log. */
const CREDENTIAL_FIELD = /key|secret|token|password/i;

/** Every credential in a set of named adapter configurations, as `[name.field, value]`. */
export const credentialValues = (configs) =>
  Object.entries(configs).flatMap(([name, config]) =>
    Object.entries(config)
      .filter(
        ([field, value]) => CREDENTIAL_FIELD.test(field) && typeof value === 'string' && value.length >= 8,
      )
      .map(([field, value]) => [`${name}.${field}`, value]),
  );

/** The adapter configuration for the sandbox's provider `id`, in its test set-up where it has one. */
export const sandboxConfig = (id, credentials) =>
  id === 'cryptocloud'
    ? { provider: id, ...credentials[id] }
    : { provider: id, ...credentials[id], environment: 'sandbox' };

const nextOfItsKind = (c) =>
  /\d/.test(c)
    ? String((Number(c) + 1) % 10)
    : /[a-y]/i.test(c)
      ? String.fromCharCode(c.charCodeAt(0) + 1)
      : /z/i.test(c)
        ? String.fromCharCode(c.charCodeAt(0) - 25)
        : c;

/** The configuration with an API key of the same shape whose last four characters differ: a mistyped key. */
export const wrongKeyConfig = (config) => ({
  ...config,
  apiKey: `${config.apiKey.slice(0, -4)}${[...config.apiKey.slice(-4)].map(nextOfItsKind).join('')}`,
});

/**
 * A forger's copy of a delivery: its first digit changed (every HMAC and MD5 signature covers it) and, for a
 * CryptoCloud postback, whose token signs only the invoice id, the first character of the token's signature.
 */
export const forged = (delivery) => {
  const at = delivery.body.search(/\d/);
  const body = `${delivery.body.slice(0, at)}${delivery.body[at] === '9' ? '8' : '9'}${delivery.body.slice(at + 1)}`;
  return {
    headers: { ...delivery.headers, 'content-type': delivery.contentType },
    body: body.replace(
      /("token"\s*:\s*"[^".]+\.[^".]+\.)(.)/,
      (_, head, c) => `${head}${c === 'A' ? 'B' : 'A'}`,
    ),
  };
};

const cell = (problems, detail = '') => ({ ok: problems.length === 0, detail, problems });

const ratio = (failures, total) => `${total - failures.length}/${total}`;

/**
 * The checks on one runtime: `appUrl` serves the app, `sandbox` delivers every provider's webhooks to
 * `${appUrl}/webhooks/<id>`, `ids` are the providers. `output()` is what the runtime printed so far.
 */
export const smokeChecks = async ({ appUrl, sandbox, ids, output }) => {
  const said = [];
  const call = async (path, init = {}) => {
    try {
      const response = await fetch(`${appUrl}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
      const body = await response.text();
      said.push(body);
      return { status: response.status, body };
    } catch (error) {
      return { status: 0, body: `${error.name}: ${error.cause?.code ?? error.message}` };
    }
  };
  const post = (path, value) =>
    call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(value),
    });
  const parsed = ({ body }) => {
    try {
      return JSON.parse(body);
    } catch {
      return { error: body };
    }
  };

  const configs = Object.fromEntries(ids.map((id) => [id, sandboxConfig(id, sandbox.credentials)]));
  const wrong = Object.fromEntries(ids.map((id) => [`wrong-${id}`, wrongKeyConfig(configs[id])]));
  const setup = parsed(await post('/setup', { configs: { ...configs, ...wrong } }));
  const cells = {
    serves: cell(setup.problems ?? [`/setup answered ${JSON.stringify(setup)}`], `${ids.length} providers`),
  };

  const failures = { create: [], webhook: [], forged: [], wrongKey: [] };
  for (const id of ids) {
    const answer = parsed(await post(`/invoices/${id}`, {}));
    const invoice = answer.created;
    if (invoice?.id === undefined) {
      for (const list of [failures.create, failures.webhook, failures.forged])
        list.push(`${id}: no invoice: ${answer.error ?? JSON.stringify(answer)}`);
    } else {
      const from = sandbox.deliveries().length;
      await sandbox.pay(id, invoice.id, 'full');
      const deliveries = sandbox.deliveries().slice(from);
      const { events } = parsed(await call('/events'));
      const paid = (events ?? []).some(
        (event) => event.name === id && event.invoiceId === invoice.id && event.status === 'paid',
      );
      const refused = deliveries.filter((delivery) => delivery.statusCode !== 200);
      if (deliveries.length === 0 || refused.length > 0 || !paid)
        failures.webhook.push(
          `${id}: ${deliveries.length} deliveries, answered ${deliveries.map((d) => d.statusCode ?? d.error).join(', ')}; paid event ${paid ? 'recorded' : 'missing'}`,
        );
      // Read after the payment: NOWPayments reads an invoice through its payments, which exist only then.
      const read = parsed(await post(`/read/${id}`, { id: invoice.id, orderId: invoice.orderId }));
      const readOk = answer.readable
        ? read.read?.id === invoice.id && read.read.status === 'paid'
        : /Unsupported/.test(read.error ?? '');
      if (!readOk)
        failures.create.push(
          `${id}: getInvoice ${answer.readable ? 'should read it as paid' : 'is Unsupported by its capabilities'}, got ${read.error ?? JSON.stringify(read.read)}`,
        );
      const last = deliveries.at(-1);
      if (last === undefined) failures.forged.push(`${id}: no delivery to forge`);
      else {
        const forgery = forged(last);
        const answered = await call(`/webhooks/${id}`, { method: 'POST', ...forgery });
        if (answered.status !== 400)
          failures.forged.push(`${id}: answered ${answered.status} ${answered.body}`);
      }
    }
    const refusedCreate = parsed(await post(`/invoices/wrong-${id}`, {}));
    if (!/Unauthorized/.test(refusedCreate.error ?? ''))
      failures.wrongKey.push(`${id}: ${refusedCreate.error ?? JSON.stringify(refusedCreate)}`);
  }
  const { logs = [] } = parsed(await call('/events'));

  const printed = [...said, ...logs, output()];
  const leaks = credentialValues({ ...configs, ...wrong }).filter(([, secret]) =>
    printed.some((text) => text.includes(secret)),
  );

  return {
    ...cells,
    'create, pay, get': cell(failures.create, ratio(failures.create, ids.length)),
    'webhook verified': cell(failures.webhook, ratio(failures.webhook, ids.length)),
    'forged → 400': cell(failures.forged, ratio(failures.forged, ids.length)),
    'wrong key → Unauthorized': cell(failures.wrongKey, ratio(failures.wrongKey, ids.length)),
    'no credential printed': cell(
      leaks.map(([name]) => `${name} appeared in an error, a Response or a log`),
      `${printed.length} texts, ${logs.length} log lines`,
    ),
  };
};

/**
 * The docs example served at `exampleUrl`, configured by `INVOICEKIT_*` for the sandbox's cryptoprocessing:
 * an invoice created on Node and paid has every delivery answered 200, a forged one 400, and nothing it
 * printed or answered holds a credential.
 */
export const exampleCheck = async ({ exampleUrl, sandbox, createProvider, output }) => {
  const config = sandboxConfig('cryptoprocessing', sandbox.credentials);
  const provider = createProvider(config);
  if (provider._tag === 'Left') return cell([`createProvider on Node: ${provider.left.message}`]);
  const created = await provider.right.createInvoice({
    orderId: `example-${Date.now()}`,
    amount: '25.00',
    currency: 'EUR',
    title: 'Runtimes example',
    customer: {
      reference: 'customer-1',
      email: 'buyer@shop.example',
      sender: { type: 'natural', firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10' },
    },
    redirectUrls: { success: 'https://shop.example/paid', failure: 'https://shop.example/failed' },
  })();
  if (created._tag === 'Left') return cell([`createInvoice on Node: ${created.left.message}`]);
  const from = sandbox.deliveries().length;
  await sandbox.pay('cryptoprocessing', created.right.id, 'full');
  const deliveries = sandbox.deliveries().slice(from);
  const problems = [];
  if (deliveries.length === 0 || deliveries.some((d) => d.statusCode !== 200))
    problems.push(
      `deliveries answered ${deliveries.map((d) => d.statusCode ?? d.error).join(', ') || 'none'}`,
    );
  let refusal = '';
  if (deliveries.length > 0) {
    const answer = await fetch(exampleUrl, { method: 'POST', ...forged(deliveries.at(-1)) }).catch(
      (error) => ({ status: 0, text: async () => String(error.cause?.code ?? error.name) }),
    );
    refusal = await answer.text();
    if (answer.status !== 400) problems.push(`a forged delivery was answered ${answer.status} ${refusal}`);
  }
  for (const [name, secret] of credentialValues({ cryptoprocessing: config }))
    if (`${output()}${refusal}`.includes(secret)) problems.push(`${name} appeared in its output or answer`);
  return cell(problems, `${deliveries.length} deliveries`);
};
