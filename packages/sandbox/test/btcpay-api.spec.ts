import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { schemaErrors, WEBHOOK_SCHEMAS } from '../../btcpay/test/openapi/validator';
import { BTCPAY_RETRY_SCHEDULE } from '../src/btcpay/settings';
import type { Sandbox } from '../src';
import { get, post, withReceiver, withSandbox, type Answer, type Received } from './helpers';

const auth = (sandbox: Sandbox) => ({
  Authorization: `token ${sandbox.credentials.btcpay.apiKey}`,
  'Content-Type': 'application/json',
});

const invoicesUrl = (sandbox: Sandbox) =>
  `${sandbox.credentials.btcpay.baseUrl}/api/v1/stores/${sandbox.credentials.btcpay.shopId}/invoices`;

const authedGet = async (sandbox: Sandbox, url: string): Promise<Answer> => {
  const res = await fetch(url, { headers: auth(sandbox) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text === '' ? undefined : JSON.parse(text) };
};

const create = async (sandbox: Sandbox, body: Record<string, unknown> = {}) => {
  const res = await post(
    invoicesUrl(sandbox),
    JSON.stringify({ amount: '100.00', currency: 'EUR', metadata: { orderId: 'ORDER-1' }, ...body }),
    auth(sandbox),
  );
  expect(res.status).toBe(200);
  return res.json as Record<string, unknown> & { id: string };
};

const expectSchema = (schema: string, value: unknown) => expect(schemaErrors(schema, value)).toEqual([]);

const bodyOf = (received: Received): Record<string, unknown> => JSON.parse(received.body.toString('utf8'));

describe('BTCPay emulator — API key auth', () => {
  it.each([
    ['no Authorization header', {}],
    ['a Bearer scheme', { Authorization: 'Bearer abc' }],
    ['another key', { Authorization: 'token 0000' }],
  ])('answers %s with 401 unauthenticated, the published body', async (_label, headers) =>
    withSandbox({}, async (sandbox) => {
      const res = await post(invoicesUrl(sandbox), '{"amount":"1"}', {
        'Content-Type': 'application/json',
        ...headers,
      });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({
        code: 'unauthenticated',
        message: 'Authentication is required for accessing this endpoint',
      });
      expectSchema('ProblemDetails', res.json);
    }),
  );

  it('answers another store with 403 missing-permission', async () =>
    withSandbox({}, async (sandbox) => {
      const res = await authedGet(
        sandbox,
        `${sandbox.credentials.btcpay.baseUrl}/api/v1/stores/OtherStore/invoices`,
      );
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ code: 'missing-permission' });
      expectSchema('ProblemDetails', res.json);
    }));
});

describe('BTCPay emulator — invoices', () => {
  it('creates, reads and lists invoices whose every answer validates against the OpenAPI', async () =>
    withSandbox({}, async (sandbox) => {
      const invoice = await create(sandbox, {
        checkout: { expirationMinutes: 30, redirectURL: 'https://shop.example' },
      });
      expectSchema('InvoiceData', invoice);
      expect(invoice).toMatchObject({
        amount: '100',
        currency: 'EUR',
        status: 'New',
        additionalStatus: 'None',
      });
      expect((invoice.expirationTime as number) - (invoice.createdTime as number)).toBe(1800);
      const url = `${invoicesUrl(sandbox)}/${invoice.id}`;
      const read = await authedGet(sandbox, url);
      expect(read.json).toEqual(invoice);
      const storeless = await authedGet(
        sandbox,
        `${sandbox.credentials.btcpay.baseUrl}/api/v1/invoices/${invoice.id}`,
      );
      expect(storeless.json).toEqual(invoice);
      const methods = await authedGet(sandbox, `${url}/payment-methods`);
      for (const method of methods.json as unknown[]) expectSchema('InvoicePaymentMethodDataModel', method);
      const list = await authedGet(sandbox, `${invoicesUrl(sandbox)}?orderId=ORDER-1&orderId=other`);
      expectSchema('InvoiceDataList', list.json);
      expect((list.json as Array<{ id: string }>).map((i) => i.id)).toEqual([invoice.id]);
      expect((await authedGet(sandbox, `${invoicesUrl(sandbox)}?orderId=none`)).json).toEqual([]);
    }));

  it('answers validation failures with 422 and a field list', async () =>
    withSandbox({}, async (sandbox) => {
      const res = await post(
        invoicesUrl(sandbox),
        JSON.stringify({ amount: '-1', currency: 'EUR', checkout: { expirationMinutes: 0.1 } }),
        auth(sandbox),
      );
      expect(res.status).toBe(422);
      expectSchema('ValidationProblemDetails', res.json);
      expect(res.json).toEqual([
        { path: 'amount', message: 'The amount should be 0 or more.' },
        { path: 'checkout.expirationMinutes', message: 'Expiration time must be at least 30 seconds' },
      ]);
    }));

  it('answers an unknown invoice with 404 invoice-not-found', async () =>
    withSandbox({}, async (sandbox) => {
      const res = await authedGet(sandbox, `${invoicesUrl(sandbox)}/NoSuchInvoice`);
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ code: 'invoice-not-found', message: 'The invoice was not found' });
    }));

  it('marks an invoice invalid once, then refuses with the server validation text', async () =>
    withSandbox({}, async (sandbox) => {
      const invoice = await create(sandbox);
      const url = `${invoicesUrl(sandbox)}/${invoice.id}/status`;
      const marked = await post(url, '{"status":"Invalid"}', auth(sandbox));
      expect(marked.status).toBe(200);
      expectSchema('InvoiceData', marked.json);
      expect(marked.json).toMatchObject({ status: 'Invalid', additionalStatus: 'Marked' });
      const again = await post(url, '{"status":"Invalid"}', auth(sandbox));
      expect(again.status).toBe(422);
      expect(again.json).toEqual([
        {
          path: 'Status',
          message: 'Status can only be marked to invalid or settled within certain conditions.',
        },
      ]);
    }));

  it.each([
    ['full', 'Settled', 'None', '100.00'],
    ['over', 'Settled', 'PaidOver', '110.00'],
    ['partial', 'New', 'PaidPartial', '50.00'],
    ['unconfirmed', 'Processing', 'None', '100.00'],
  ] as const)('pays %s: %s/%s with paidAmount %s', async (kind, status, additional, paid) =>
    withSandbox({}, async (sandbox) => {
      const invoice = await create(sandbox);
      await sandbox.pay('btcpay', invoice.id, kind);
      const read = (await authedGet(sandbox, `${invoicesUrl(sandbox)}/${invoice.id}`)).json;
      expectSchema('InvoiceData', read);
      expect(read).toMatchObject({ status, additionalStatus: additional, paidAmount: paid });
    }),
  );

  it('takes a payment after expiry as late: Expired/PaidLate', async () =>
    withSandbox({}, async (sandbox) => {
      const invoice = await create(sandbox);
      await sandbox.expire('btcpay', invoice.id);
      await sandbox.pay('btcpay', invoice.id, 'full');
      const read = (await authedGet(sandbox, `${invoicesUrl(sandbox)}/${invoice.id}`)).json;
      expect(read).toMatchObject({ status: 'Expired', additionalStatus: 'PaidLate', paidAmount: '100.00' });
      const methods = (await authedGet(sandbox, `${invoicesUrl(sandbox)}/${invoice.id}/payment-methods`))
        .json;
      expect((methods as Array<{ due: string }>)[0]!.due).toBe('0.00000000');
    }));
});

describe('BTCPay emulator — webhooks', () => {
  it('sends signed, indented deliveries in order, each validating against its OpenAPI schema', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const invoice = await create(sandbox);
      await sandbox.idle();
      await sandbox.pay('btcpay', invoice.id, 'full');
      const types = receiver.received.map((r) => bodyOf(r).type);
      expect(types).toEqual([
        'InvoiceCreated',
        'InvoiceReceivedPayment',
        'InvoiceProcessing',
        'InvoicePaymentSettled',
        'InvoiceSettled',
      ]);
      for (const received of receiver.received) {
        const text = received.body.toString('utf8');
        const body = bodyOf(received);
        expect(text).toBe(JSON.stringify(body, null, 2));
        const signature = createHmac('sha256', sandbox.credentials.btcpay.secretKey)
          .update(received.body)
          .digest('hex');
        expect(received.headers['btcpay-sig']).toBe(`sha256=${signature}`);
        expect(body).toMatchObject({
          isRedelivery: false,
          originalDeliveryId: body.deliveryId,
          invoiceId: invoice.id,
        });
        expect(schemaErrors(WEBHOOK_SCHEMAS[body.type as string]!, body)).toEqual([]);
      }
    }));

  it.each([
    [
      'full',
      [
        'InvoiceReceivedPayment: Processing',
        'InvoiceProcessing: Processing',
        'InvoicePaymentSettled: Settled',
        'InvoiceSettled: Settled',
      ],
    ],
    ['unconfirmed', ['InvoiceReceivedPayment: Processing', 'InvoiceProcessing: Processing']],
    ['partial', ['InvoiceReceivedPayment: New', 'InvoicePaymentSettled: New']],
  ] as const)(
    'saves each state before its events go out, so a read on each delivery of a %s payment sees it',
    async (kind, expected) => {
      let sandbox: Sandbox | undefined;
      const seen: string[] = [];
      const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
          const payment = (body as { payment?: { status: string } }).payment;
          if (body.type !== 'InvoiceCreated') {
            const read = sandbox?.invoice('btcpay', body.invoiceId!);
            seen.push(`${body.type}: ${read?.status}`);
            if (payment !== undefined) seen.push(`payment ${payment.status}`);
          }
          res.end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        await withSandbox({ webhookUrl: `http://127.0.0.1:${port}/hook` }, async (started) => {
          sandbox = started;
          const invoice = await create(started);
          await started.idle();
          await started.pay('btcpay', invoice.id, kind);
        });
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
      expect(seen.filter((line) => !line.startsWith('payment'))).toEqual(expected);
      expect(seen.filter((line) => line.startsWith('payment'))).toEqual(
        kind === 'unconfirmed' ? ['payment Processing'] : ['payment Processing', 'payment Settled'],
      );
    },
  );

  it('sends InvoiceExpired with partiallyPaid, and InvoiceInvalid with manuallyMarked', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const partial = await create(sandbox);
      await sandbox.pay('btcpay', partial.id, 'partial');
      await sandbox.expire('btcpay', partial.id);
      const marked = await create(sandbox);
      await post(`${invoicesUrl(sandbox)}/${marked.id}/status`, '{"status":"Invalid"}', auth(sandbox));
      await sandbox.idle();
      const bodies = receiver.received.map(bodyOf);
      expect(bodies.find((b) => b.type === 'InvoiceExpired')).toMatchObject({ partiallyPaid: true });
      expect(bodies.find((b) => b.type === 'InvoiceInvalid')).toMatchObject({ manuallyMarked: true });
    }));

  it('retries on the documented schedule, each retry a new delivery naming the original', async () =>
    withReceiver({ statuses: [500, 503], retryScale: 100_000 }, async (sandbox, receiver) => {
      expect(sandbox.retryDelaysMs.btcpay).toEqual(
        BTCPAY_RETRY_SCHEDULE.delaysMs.map((ms) => Math.round(ms / 100_000)),
      );
      expect(BTCPAY_RETRY_SCHEDULE.delaysMs).toEqual([10_000, 60_000, ...Array(6).fill(600_000)]);
      await create(sandbox);
      await sandbox.idle();
      const [first, second, third] = receiver.received.map(bodyOf);
      expect(first).toMatchObject({ isRedelivery: false });
      expect(second).toMatchObject({ isRedelivery: true, originalDeliveryId: first!.deliveryId });
      expect(third).toMatchObject({ isRedelivery: true, originalDeliveryId: first!.deliveryId });
      expect(new Set([first!.deliveryId, second!.deliveryId, third!.deliveryId]).size).toBe(3);
    }));

  it('redelivers a delivery through the Greenfield redeliver endpoint', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      await create(sandbox);
      await sandbox.idle();
      const original = bodyOf(receiver.received[0]!);
      const root = sandbox.credentials.btcpay.baseUrl;
      const deliveries = await authedGet(sandbox, `${root}/api/v1/webhooks/${original.webhookId}/deliveries`);
      for (const delivery of deliveries.json as unknown[]) expectSchema('WebhookDeliveryData', delivery);
      const res = await post(
        `${root}/api/v1/stores/${sandbox.credentials.btcpay.shopId}/webhooks/${original.webhookId}/deliveries/${original.deliveryId}/redeliver`,
        '',
        { Authorization: `token ${sandbox.credentials.btcpay.apiKey}` },
      );
      expect(res.status).toBe(200);
      await sandbox.idle();
      const again = bodyOf(receiver.received[1]!);
      expect(again).toMatchObject({
        deliveryId: res.json,
        isRedelivery: true,
        originalDeliveryId: original.deliveryId,
        type: original.type,
        invoiceId: original.invoiceId,
      });
      const unknown = await post(
        `${root}/api/v1/webhooks/${original.webhookId}/deliveries/NoSuchDelivery/redeliver`,
        '',
        { Authorization: `token ${sandbox.credentials.btcpay.apiKey}` },
      );
      expect(unknown.status).toBe(404);
    }));

  it('shows the hosted checkout page with the pay buttons while the invoice is New', async () =>
    withSandbox({}, async (sandbox) => {
      const invoice = await create(sandbox);
      const page = await get(invoice.checkoutLink as string);
      expect(page.status).toBe(200);
      expect(page.text).toContain('BTCPay Server');
      expect(page.text).toContain('Pay in full');
    }));
});
