import { expectRight, orderEveryProviderAccepts } from '@invoicekit/testkit';
import {
  PROVIDER_IDS,
  RETRY_SCHEDULES,
  startSandbox,
  type SandboxProviderId,
  type WebhookDelivery,
} from '../../src';
import { send, startReceiver, type Received } from '../helpers';
import { startHarness, webhooksSince, type Harness } from './support';

/** Per provider: an event to trigger, a body field to override, and the events a payment sends. */
const TRIGGERS: Readonly<Record<SandboxProviderId, { readonly event: string; readonly path: string }>> = {
  cryptoprocessing: { event: 'confirmed', path: 'currency_received.amount' },
  alphapo: { event: 'confirmed', path: 'currency_received.amount' },
  coinspaid: { event: 'confirmed', path: 'currency_received.amount' },
  cryptocloud: { event: 'paid', path: 'invoice_info.amount_paid_usd' },
  cryptomus: { event: 'paid', path: 'payment_amount_usd' },
  heleket: { event: 'paid', path: 'payment_amount_usd' },
  btcpay: { event: 'InvoiceSettled', path: 'metadata.note' },
  nowpayments: { event: 'finished', path: 'order_description' },
};

const OVERRIDE = '12.34';

/** Waits (up to 2 s) for a console line matching `pattern`: the server logs a call once its answer is sent. */
const logged = async (lines: ReadonlyArray<string>, pattern: RegExp): Promise<string | undefined> => {
  for (let waited = 0; waited < 2000; waited += 10) {
    const line = lines.find((l) => pattern.test(l));
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
};

const fieldAt = (received: Received, path: string): unknown => {
  const text = received.body.toString('utf8');
  const json: unknown = (received.headers['content-type'] ?? '').includes('json')
    ? JSON.parse(text)
    : Object.fromEntries(new URLSearchParams(text));
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], json);
};

const control = async (base: string, path: string, body: unknown = {}) => {
  const res = await fetch(`${base}/_sandbox${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

const signatureHeaders = (received: Received) =>
  Object.fromEntries(
    Object.entries(received.headers).filter(([name]) => /sig|processing-key|^sign$/i.test(name)),
  );

describe.each(PROVIDER_IDS)('%s driven over HTTP: console, trigger, resend, clock', (id) => {
  let harness: Harness;
  const lines: string[] = [];

  beforeAll(async () => {
    harness = await startHarness({ log: (line) => lines.push(line) });
  });
  afterAll(() => harness.close());

  it('prints one console line per API call with provider, method, path, status and time', async () => {
    const base = harness.sandbox.credentials[id].baseUrl;
    const res = await fetch(`${base}/no-such-route`, { method: 'POST' });
    const path = new URL(`${base}/no-such-route`).pathname;
    const pattern = new RegExp(`^${id}\\s+--> POST ${path} \\[${res.status}\\] \\d+ ms$`);
    expect(await logged(lines, pattern)).toMatch(pattern);
  });

  it('triggers an event with a field overridden before signing, logs it, and the adapter verifies it', async () => {
    const { event, path } = TRIGGERS[id];
    const from = harness.receiver.received.length;
    const res = await control(harness.sandbox.url, `/${id}/trigger`, { event, set: { [path]: OVERRIDE } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ provider: id, event, statusCode: 200, ok: true, attempt: 1 });
    const received = harness.receiver.received.slice(from).find((r) => fieldAt(r, path) !== undefined)!;
    expect(String(fieldAt(received, path))).toBe(OVERRIDE);
    const [webhook] = webhooksSince(harness.receiver, harness.receiver.received.indexOf(received));
    const parsed = await harness.provider(id).parseWebhook(webhook!)();
    if (parsed._tag === 'Left')
      expect(['SignatureInvalid', 'MalformedWebhook']).not.toContain(parsed.left._tag);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${id}\\s+<-- ${event} ${String(res.json['id'])} POST \\S+/hook \\[200\\] \\d+ ms, attempt 1 of \\d+$`,
        ),
      ),
    );
  });

  it('refuses an unknown event, listing the events it sends', async () => {
    const res = await control(harness.sandbox.url, `/${id}/trigger`, { event: 'no_such_event' });
    expect(res.status).toBe(400);
    expect(String(res.json['error'])).toContain(TRIGGERS[id].event);
    const listed = await fetch(`${harness.sandbox.url}/_sandbox/${id}/events`).then((r) => r.json());
    expect(listed).toEqual(harness.sandbox.events[id]);
    expect(listed).toContain(TRIGGERS[id].event);
  });

  it('resends a past delivery byte for byte with its original headers', async () => {
    const from = harness.receiver.received.length;
    const first = await harness.sandbox.trigger(id, { event: TRIGGERS[id].event });
    const res = await control(harness.sandbox.url, `/deliveries/${first.id}/resend`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ resendOf: first.id, statusCode: 200, body: first.body });
    expect(res.json['id']).not.toBe(first.id);
    const [original, duplicate] = harness.receiver.received
      .slice(from)
      .filter((r) => r.body.equals(Buffer.from(first.body)));
    expect(duplicate?.body.equals(original!.body)).toBe(true);
    expect(signatureHeaders(duplicate!)).toEqual(signatureHeaders(original!));
    expect(lines).toContainEqual(expect.stringContaining(`${String(res.json['id'])} resend of ${first.id}`));
    expect((await control(harness.sandbox.url, '/deliveries/dlv_0/resend')).status).toBe(404);
  });

  it('moves the clock over HTTP, and every emulated time reads it', async () => {
    const before = harness.sandbox.now().getTime();
    const res = await control(harness.sandbox.url, '/clock/advance', { ms: 3_600_000 });
    expect(res.status).toBe(200);
    expect(Date.parse(String(res.json['now'])) - before).toBeGreaterThanOrEqual(3_600_000);
    const sent = await harness.sandbox.trigger(id, { event: TRIGGERS[id].event });
    expect(Date.parse(sent.at) - Date.now()).toBeGreaterThan(3_500_000);
  });
});

const EXPIRING = PROVIDER_IDS.filter((id) => id !== 'nowpayments');

describe.each(EXPIRING)('%s invoice lifetime on the sandbox clock', (id) => {
  it('expires an invoice once the clock passes its lifetime, without waiting', async () => {
    const harness = await startHarness();
    try {
      const invoice = expectRight(
        await harness
          .provider(id)
          .createInvoice(orderEveryProviderAccepts(`clock-${id}-${Date.now()}`, { expiresInMinutes: 15 }))(),
      );
      const open = harness.sandbox.invoice(id, invoice.id)!.status;
      await harness.sandbox.advance(14 * 60_000);
      expect(harness.sandbox.invoice(id, invoice.id)!.status).toBe(open);
      await fetch(`${harness.sandbox.url}/_sandbox/clock/advance`, {
        method: 'POST',
        headers: { 'x-invoicekit-sandbox': '1' },
        body: JSON.stringify({ ms: 2 * 60_000 }),
      }).then((r) => expect(r.status).toBe(200));
      expect(harness.sandbox.invoice(id, invoice.id)!.status).not.toBe(open);
    } finally {
      await harness.close();
    }
  });
});

const RETRYING = PROVIDER_IDS.filter((id) => RETRY_SCHEDULES[id].delaysMs.length > 0);

describe.each(RETRYING)('%s retries on the sandbox clock at the documented schedule', (id) => {
  it('logs the refused attempt with its next retry, and sends the retry when the clock reaches it', async () => {
    // A BTCPay trigger without an invoice creates one, and BTCPay sends InvoiceCreated before the event.
    const receiver = await startReceiver(id === 'btcpay' ? [200, 500] : [500]);
    const lines: string[] = [];
    const sandbox = await startSandbox({
      webhookUrl: `${receiver.url}/hook`,
      retryScale: 1,
      log: (l) => lines.push(l),
    });
    try {
      const first: WebhookDelivery = await sandbox.trigger(id, { event: TRIGGERS[id].event });
      const wait = RETRY_SCHEDULES[id].delaysMs[0]!;
      expect(first).toMatchObject({
        statusCode: 500,
        attempt: 1,
        attempts: RETRY_SCHEDULES[id].delaysMs.length + 1,
      });
      expect(Date.parse(first.nextRetryAt!) - Date.parse(first.at)).toBeGreaterThanOrEqual(wait);
      expect(lines.at(-1)).toMatch(/\[500\] \d+ ms, attempt 1 of \d+, next retry at \d\d:\d\d:\d\d$/);
      const triggered = () => sandbox.deliveries().filter((d) => d.event === first.event);
      await sandbox.advance(wait - 1000);
      expect(triggered()).toHaveLength(1);
      await sandbox.advance(1000);
      await sandbox.idle();
      expect(triggered().map((d) => [d.attempt, d.statusCode])).toEqual([
        [1, 500],
        [2, 200],
      ]);
      expect(receiver.received.at(-1)?.body.length).toBeGreaterThan(0);
    } finally {
      await sandbox.close();
      await receiver.close();
    }
  });
});

describe('a delivery to a closed port', () => {
  it('logs ECONNREFUSED with the next retry, and the pay route answers at once', async () => {
    const closed = await startReceiver();
    await closed.close();
    const lines: string[] = [];
    const sandbox = await startSandbox({
      webhookUrl: `${closed.url}/hook`,
      retryScale: 1,
      log: (l) => lines.push(l),
    });
    try {
      const creds = sandbox.credentials.btcpay;
      const created = await fetch(`${creds.baseUrl}/api/v1/stores/${creds.shopId}/invoices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `token ${creds.apiKey}` },
        body: JSON.stringify({ amount: '10', currency: 'USD' }),
      }).then((r) => r.json() as Promise<{ id: string }>);
      const started = Date.now();
      const res = await fetch(`${sandbox.url}/_sandbox/btcpay/invoices/${created.id}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(Date.now() - started).toBeLessThan(2000);
      expect((await res.json()) as object).toMatchObject({ status: 'Settled' });
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^btcpay\s+<-- InvoiceSettled dlv_\d+ POST \S+ \[ECONNREFUSED\] .*attempt 1 of 9, next retry at/,
        ),
      );
    } finally {
      await sandbox.close();
    }
  });
});

describe('the control API’s safety rules on trigger, resend and the clock', () => {
  it.each([
    ['/cryptoprocessing/trigger', '{"event":"confirmed"}'],
    ['/deliveries/dlv_1/resend', '{}'],
    ['/clock/advance', '{"ms":1000}'],
  ])('refuses %s without intent, from another origin or under a foreign Host', async (path, body) => {
    const receiver = await startReceiver();
    const sandbox = await startSandbox({ webhookUrl: `${receiver.url}/hook` });
    try {
      const url = `${sandbox.url}/_sandbox${path}`;
      const before = sandbox.now().getTime();
      expect((await send('POST', url, { 'Content-Type': 'text/plain' }, body)).status).toBe(415);
      expect((await send('POST', url, {}, body)).status).toBe(403);
      const json = { 'Content-Type': 'application/json' };
      expect((await send('POST', url, { ...json, Origin: 'https://evil.example' }, body)).status).toBe(403);
      expect((await send('POST', url, { ...json, Host: 'evil.example' }, body)).status).toBe(403);
      expect(sandbox.deliveries()).toEqual([]);
      expect(sandbox.now().getTime() - before).toBeLessThan(1000);
      const allowed = await send('POST', url, { 'X-Invoicekit-Sandbox': '1' }, body);
      expect(allowed.status).toBe(path.includes('resend') ? 404 : 200);
    } finally {
      await sandbox.close();
      await receiver.close();
    }
  });
});
