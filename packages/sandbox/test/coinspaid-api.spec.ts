import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signCoinspaid } from '../src';
import {
  coinspaidRequest,
  createCoinspaidInvoice,
  documented,
  hmac,
  post,
  signedPost,
  withReceiver,
  withSandbox,
} from './helpers';

const FORBIDDEN = documented['coinspaid.error.403'];

const DOC_VECTOR = {
  secret: 'AbCdEfG123456',
  body: '{"currency":"BTC","foreign_id":"123456"}',
  signature:
    '03c25fcf7cd35e7d995e402cd5d51edd72d48e1471e865907967809a0c189ba55b90815f20e2bb10f82c7a9e9d865546fda58989c2ae9e8e2ff7bc29195fa1ec',
};

describe('CoinsPaid platform — signing', () => {
  it('signs the documented test vector', () => {
    expect(signCoinspaid(DOC_VECTOR.secret, DOC_VECTOR.body)).toBe(DOC_VECTOR.signature);
  });
});

describe('CoinsPaid platform — HMAC auth', () => {
  it.each([
    ['no key header', () => ({}), 403, FORBIDDEN.required_header_key],
    [
      'a wrong key',
      (k: Keys, body: string) => ({
        'X-Processing-Key': 'wrong',
        'X-Processing-Signature': hmac(k.secretKey, body),
      }),
      403,
      FORBIDDEN.bad_header_key,
    ],
    [
      'no signature header',
      (k: Keys) => ({ 'X-Processing-Key': k.apiKey }),
      403,
      FORBIDDEN.required_header_signature,
    ],
    [
      'a signature made with another secret',
      (k: Keys, body: string) => ({
        'X-Processing-Key': k.apiKey,
        'X-Processing-Signature': hmac('other', body),
      }),
      403,
      FORBIDDEN.bad_header_signature,
    ],
    [
      'an upper-case hex signature',
      (k: Keys, body: string) => ({
        'X-Processing-Key': k.apiKey,
        'X-Processing-Signature': hmac(k.secretKey, body).toUpperCase(),
      }),
      403,
      FORBIDDEN.bad_header_signature,
    ],
  ] as const)('answers %s with the documented 403', async (_label, headersFor, status, expected) =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptoprocessing;
      const body = JSON.stringify(coinspaidRequest());
      const res = await post(`${creds.baseUrl}/invoices/create`, body, {
        'Content-Type': 'application/json',
        ...headersFor(creds, body),
      });
      expect(res.status).toBe(status);
      expect(res.json).toEqual(expected);
      expect(sandbox.invoices('cryptoprocessing')).toHaveLength(0);
    }),
  );

  it('rejects a body changed after signing', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.alphapo;
      const body = JSON.stringify(coinspaidRequest());
      const res = await post(`${creds.baseUrl}/invoices/create`, body.replace('100', '1000'), {
        'Content-Type': 'application/json',
        'X-Processing-Key': creds.apiKey,
        'X-Processing-Signature': hmac(creds.secretKey, body),
      });
      expect(res.json).toEqual(FORBIDDEN.bad_header_signature);
    }));

  it('does not accept one provider’s keys at another', async () =>
    withSandbox({}, async (sandbox) => {
      const res = await signedPost(
        `${sandbox.credentials.alphapo.baseUrl}/invoices/create`,
        JSON.stringify(coinspaidRequest()),
        sandbox.credentials.coinspaid,
      );
      expect(res.status).toBe(403);
      expect(res.json).toEqual(FORBIDDEN.bad_header_key);
    }));

  it('answers a wrong URL with required_header_key, as documented', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.coinspaid;
      const res = await signedPost(`${creds.baseUrl}/invoices/get`, '{}', creds);
      expect(res.status).toBe(403);
      expect(res.json).toEqual(FORBIDDEN.required_header_key);
    }));

  it('accepts a correctly signed request with overridden keys', async () =>
    withSandbox(
      { credentials: { cryptoprocessing: { apiKey: 'pk_fixed', secretKey: 'AbCdEfG123456' } } },
      async (sandbox) => {
        const creds = sandbox.credentials.cryptoprocessing;
        expect(creds).toMatchObject({ apiKey: 'pk_fixed', secretKey: 'AbCdEfG123456' });
        const res = await signedPost(
          `${creds.baseUrl}/invoices/create`,
          JSON.stringify(coinspaidRequest()),
          creds,
        );
        expect(res.status).toBe(201);
      },
    ));
});

type Keys = { readonly apiKey: string; readonly secretKey: string };

describe('CoinsPaid platform — POST /invoices/create', () => {
  const create = async (
    provider: 'cryptoprocessing' | 'alphapo' | 'coinspaid',
    body: string,
    run: (res: Awaited<ReturnType<typeof signedPost>>) => void,
  ) =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials[provider];
      run(await signedPost(`${creds.baseUrl}/invoices/create`, body, creds));
    });

  /** Checks an answer is the Laravel-style 400 with exactly these field errors. */
  const refusedWith =
    (errors: Record<string, string>) =>
    (res: Awaited<ReturnType<typeof signedPost>>): void => {
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ errors });
    };

  it('creates an invoice without a timer like the documented example', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptoprocessing;
      const request = coinspaidRequest({ foreign_id: 'test_foreign_id_0344' });
      const res = await signedPost(`${creds.baseUrl}/invoices/create`, JSON.stringify(request), creds);
      expect(res.status).toBe(201);
      const data = (res.json as { data: Record<string, unknown> }).data;
      expect(Object.keys(data)).toEqual([
        'id',
        'url',
        'foreign_id',
        'end_user_reference',
        'address',
        'tag',
        'title',
        'status',
        'currency',
        'amount',
        'sender_currency',
        'sender_amount',
        'fixed_at',
        'release_at',
        'seconds_left',
      ]);
      expect(data).toMatchObject({
        foreign_id: 'test_foreign_id_0344',
        end_user_reference: '12345',
        address: null,
        tag: null,
        title: 'Invoice Title',
        status: 'created',
        currency: 'EUR',
        amount: '100.00000000',
        sender_currency: null,
        sender_amount: null,
        fixed_at: null,
        release_at: null,
        seconds_left: null,
      });
      expect(Number.isInteger(data['id'])).toBe(true);
      expect(data['url']).toMatch(new RegExp(`^${sandbox.url}/pay/cryptoprocessing/[A-Za-z0-9]{6}$`));
      expect(sandbox.invoice('cryptoprocessing', String(data['id']))?.status).toBe('created');
    }));

  it('creates a pending timer invoice releasing in 15 minutes', async () =>
    create('cryptoprocessing', JSON.stringify(coinspaidRequest({ timer: true })), (res) => {
      const data = (res.json as { data: Record<string, number | string | null> }).data;
      expect(data['status']).toBe('pending');
      expect(data['seconds_left']).toBeGreaterThanOrEqual(899);
      expect(data['seconds_left']).toBeLessThanOrEqual(900);
      expect(Number(data['release_at']) - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(898);
      expect(data['fixed_at']).toBeNull();
    }));

  it('fixes the pay currency, amount and address with timer + sender_currency', async () =>
    create(
      'cryptoprocessing',
      JSON.stringify(coinspaidRequest({ timer: true, sender_currency: 'BTC' })),
      (res) => {
        const data = (res.json as { data: Record<string, unknown> }).data;
        expect(data).toMatchObject({ status: 'pending', sender_currency: 'BTC', amount: '100.00000000' });
        expect(data['sender_amount']).toMatch(/^0\.\d{8}$/);
        expect(data['address']).toMatch(/^tb1q/);
        expect(typeof data['fixed_at']).toBe('number');
      },
    ));

  it('keeps the exact digits of a long amount', async () =>
    create(
      'coinspaid',
      JSON.stringify(coinspaidRequest({ currency: 'BTC' })).replace(
        '"amount":100',
        '"amount":12345678.12345678',
      ),
      (res) => {
        expect((res.json as { data: { amount: string } }).data.amount).toBe('12345678.12345678');
      },
    ));

  it('answers a duplicate foreign_id with the documented 400', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptoprocessing;
      const body = JSON.stringify(coinspaidRequest());
      expect((await signedPost(`${creds.baseUrl}/invoices/create`, body, creds)).status).toBe(201);
      const again = await signedPost(`${creds.baseUrl}/invoices/create`, body, creds);
      expect(again.status).toBe(400);
      expect(again.json).toEqual(documented['coinspaid.error.400'].duplicateForeignId);
      const elsewhere = await signedPost(
        `${sandbox.credentials.alphapo.baseUrl}/invoices/create`,
        body,
        sandbox.credentials.alphapo,
      );
      expect(elsewhere.status).toBe(201);
    }));

  it('lists every missing required field Laravel-style', async () =>
    create(
      'alphapo',
      '{}',
      refusedWith({
        title: 'The title field is required.',
        foreign_id: 'The foreign id field is required.',
        currency: 'The currency field is required.',
        amount: 'The amount field is required.',
        timer: 'The timer field is required.',
        url_success: 'The url success field is required.',
        url_failed: 'The url failed field is required.',
        email_user: 'The email user field is required.',
      }),
    ));

  it.each([
    ['an unknown type', { type: 'sometimes' }, { type: 'The selected type is invalid.' }],
    ['an unknown currency', { currency: 'XYZ' }, { currency: 'The selected currency is invalid.' }],
    ['a string amount', { amount: '100' }, { amount: 'The amount must be a number.' }],
    [
      'an invalid email',
      { email_user: 'nope' },
      { email_user: 'The email user must be a valid email address.' },
    ],
    [
      'an amount below the minimum',
      { currency: 'BTC', amount: 0.00001 },
      { amount: 'The amount must be at least 0.00010000 BTC.' },
    ],
    [
      'an http url_success',
      { url_success: 'http://example.com/ok' },
      { url_success: 'The url success format is invalid.' },
    ],
    [
      'an IP url_failed',
      { url_failed: 'https://10.0.0.1/failed' },
      { url_failed: 'The url failed format is invalid.' },
    ],
    [
      'a 51-character title',
      { title: 'x'.repeat(51) },
      { title: 'The title must not be greater than 50 characters.' },
    ],
    [
      'a fiat sender_currency',
      { sender_currency: 'USD' },
      { sender_currency: 'The selected sender currency is invalid.' },
    ],
  ])('rejects %s', async (_label, overrides, errors) =>
    create('cryptoprocessing', JSON.stringify(coinspaidRequest(overrides)), refusedWith(errors)),
  );

  it('requires end_user_reference and sender data on CryptoProcessing only', async () => {
    const bare = coinspaidRequest();
    delete bare['end_user_reference'];
    delete bare['sender_type'];
    delete bare['sender_data'];
    await create(
      'cryptoprocessing',
      JSON.stringify(bare),
      refusedWith({
        end_user_reference: 'The end user reference field is required.',
        sender_type: 'The sender type field is required.',
        sender_data: 'The sender data field is required.',
      }),
    );
    await create('alphapo', JSON.stringify(bare), (res) => expect(res.status).toBe(201));
  });

  it('enforces natural XOR legal sender fields', async () => {
    await create(
      'cryptoprocessing',
      JSON.stringify(
        coinspaidRequest({
          sender_type: 'natural',
          sender_data: { first_name: 'Friedrich', legal_name: 'ACME GmbH', date_of_birth: '17.08.1995' },
        }),
      ),
      refusedWith({
        'sender_data.last_name': 'The sender data.last name field is required when sender type is natural.',
        'sender_data.legal_name':
          'The sender data.legal name field is prohibited when sender type is natural.',
        'sender_data.date_of_birth': 'The sender data.date of birth does not match the format Y-m-d.',
      }),
    );
    await create(
      'cryptoprocessing',
      JSON.stringify(
        coinspaidRequest({
          sender_type: 'legal',
          sender_data: { legal_name: 'ACME GmbH', country_of_registration: 'DEU' },
        }),
      ),
      (res) => expect(res.status).toBe(201),
    );
    await create(
      'cryptoprocessing',
      JSON.stringify(coinspaidRequest({ sender_type: 'company' })),
      refusedWith({ sender_type: 'The selected sender type is invalid.' }),
    );
  });

  it.each([
    ['invalid JSON', '{"title":', { 'Content-Type': 'application/json' }],
    ['a JSON array', '[1,2]', { 'Content-Type': 'application/json' }],
    ['no Content-Type', JSON.stringify({ title: 'x' }), {}],
    ['a text/plain Content-Type', JSON.stringify({ title: 'x' }), { 'Content-Type': 'text/plain' }],
  ])('answers %s with bad_content_format', async (_label, body, headers) =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.coinspaid;
      const res = await post(`${creds.baseUrl}/invoices/create`, body, {
        ...headers,
        'X-Processing-Key': creds.apiKey,
        'X-Processing-Signature': hmac(creds.secretKey, body),
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual(documented['coinspaid.error.400'].badContentFormat);
    }),
  );
});

describe('CoinsPaid platform — POST /invoices/{foreign_id}/cancel/', () => {
  const CANCEL = documented['coinspaid.cancel'];
  const cancelUrl = (baseUrl: string, foreignId: string) =>
    `${baseUrl}${CANCEL.path.replace('{foreign_id}', encodeURIComponent(foreignId))}`;

  it('cancels a created invoice with a signed {}: 200 [], then a signed failed callback (our inferred wording)', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const creds = sandbox.credentials.cryptoprocessing;
      const invoice = await createCoinspaidInvoice(sandbox, 'cryptoprocessing');
      const res = await signedPost(cancelUrl(creds.baseUrl, String(invoice['foreign_id'])), '{}', creds);
      expect([res.status, res.text]).toEqual([200, '[]']);
      await sandbox.idle();
      expect(sandbox.invoice('cryptoprocessing', String(invoice['id']))?.status).toBe('failed');
      const [callback] = receiver.received;
      expect(callback?.headers['x-processing-signature']).toBe(hmac(creds.secretKey, callback!.body));
      const body = JSON.parse(callback!.body.toString('utf8')) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(documented['coinspaid.callback.keys'].invoice);
      expect(body).toMatchObject({
        id: invoice['id'],
        foreign_id: invoice['foreign_id'],
        type: 'invoice',
        status: 'failed',
        error: 'Invoice cancelled by merchant.',
        transactions: [],
      });
      expect(sandbox.deliveries().map((d) => [d.event, d.ok])).toEqual([['failed', true]]);
    }));

  it.each(CANCEL.cancellable.filter((status) => status !== 'processing'))(
    'cancels an invoice while it is %s',
    async (status) =>
      withSandbox({}, async (sandbox) => {
        const creds = sandbox.credentials.cryptoprocessing;
        const invoice = await createCoinspaidInvoice(sandbox, 'cryptoprocessing', {
          timer: status === 'pending',
        });
        expect(invoice['status']).toBe(status);
        const res = await signedPost(cancelUrl(creds.baseUrl, String(invoice['foreign_id'])), '{}', creds);
        expect(res.status).toBe(200);
        expect(sandbox.invoice('cryptoprocessing', String(invoice['id']))?.status).toBe('failed');
      }),
  );

  it('cancels an invoice while it is processing, and the payment goes no further', async () => {
    let cancel: () => Promise<number> = async () => 0;
    const cancelAnswers: number[] = [];
    // A merchant endpoint that cancels the invoice when the processing callback arrives, then answers it.
    const merchant = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const processing = Buffer.concat(chunks).toString('utf8').includes('"status":"processing"');
        void (processing ? cancel().then((status) => cancelAnswers.push(status)) : Promise.resolve()).then(
          () => res.writeHead(200).end(),
        );
      });
    });
    await new Promise<void>((resolve) => merchant.listen(0, '127.0.0.1', resolve));
    const { port } = merchant.address() as AddressInfo;
    try {
      await withSandbox({ webhookUrl: `http://127.0.0.1:${port}/hook` }, async (sandbox) => {
        const creds = sandbox.credentials.cryptoprocessing;
        const invoice = await createCoinspaidInvoice(sandbox, 'cryptoprocessing');
        const url = cancelUrl(creds.baseUrl, String(invoice['foreign_id']));
        cancel = async () => (await signedPost(url, '{}', creds)).status;
        const state = await sandbox.pay('cryptoprocessing', String(invoice['id']), 'full');
        await sandbox.idle();
        expect(cancelAnswers).toEqual([200]);
        expect(state.status).toBe('failed');
        expect(sandbox.deliveries().map((d) => d.event)).toEqual(['processing', 'failed']);
      });
    } finally {
      merchant.closeAllConnections();
      await new Promise((resolve) => merchant.close(resolve));
    }
  });

  it.each([
    ['cancelled', 'cancel'],
    ['confirmed', 'full'],
    ['failed (expired)', 'expire'],
  ] as const)(
    'refuses an invoice that is %s with the documented invalid_invoice_state body and 400',
    async (_label, how) =>
      withSandbox({}, async (sandbox) => {
        const creds = sandbox.credentials.cryptoprocessing;
        const invoice = await createCoinspaidInvoice(sandbox, 'cryptoprocessing');
        const url = cancelUrl(creds.baseUrl, String(invoice['foreign_id']));
        if (how === 'cancel') await signedPost(url, '{}', creds);
        else if (how === 'full') await sandbox.pay('cryptoprocessing', String(invoice['id']), 'full');
        else await sandbox.expire('cryptoprocessing', String(invoice['id']));
        const res = await signedPost(url, '{}', creds);
        expect(res.status).toBe(400);
        expect(res.json).toEqual(CANCEL.invalidInvoiceState);
      }),
  );

  it('checks the key and the signature of {} like create, and needs the trailing slash', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.alphapo;
      const invoice = await createCoinspaidInvoice(sandbox, 'alphapo');
      const url = cancelUrl(creds.baseUrl, String(invoice['foreign_id']));
      const badSignature = await post(url, '{}', {
        'Content-Type': 'application/json',
        'X-Processing-Key': creds.apiKey,
        'X-Processing-Signature': hmac(creds.secretKey, '{ }'),
      });
      expect([badSignature.status, badSignature.json]).toEqual([403, FORBIDDEN.bad_header_signature]);
      const noSlash = await signedPost(url.replace(/\/$/, ''), '{}', creds);
      expect([noSlash.status, noSlash.json]).toEqual([403, FORBIDDEN.required_header_key]);
      expect(sandbox.invoice('alphapo', String(invoice['id']))?.status).toBe('created');
    }));

  it('answers a body that is not a JSON object with bad_content_format, and any field with Laravel’s prohibited', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.coinspaid;
      const invoice = await createCoinspaidInvoice(sandbox, 'coinspaid');
      const url = cancelUrl(creds.baseUrl, String(invoice['foreign_id']));
      const empty = await post(url, '', {
        'Content-Type': 'application/json',
        'X-Processing-Key': creds.apiKey,
        'X-Processing-Signature': hmac(creds.secretKey, ''),
      });
      expect([empty.status, empty.json]).toEqual([400, documented['coinspaid.error.400'].badContentFormat]);
      const withField = await signedPost(url, '{"foreign_id":"x"}', creds);
      expect([withField.status, withField.json]).toEqual([
        400,
        { errors: { foreign_id: 'The foreign id field is prohibited.' } },
      ]);
      expect(sandbox.invoice('coinspaid', String(invoice['id']))?.status).toBe('created');
    }));

  it('answers an unknown foreign_id with 404, and finds one that needs percent-encoding', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptoprocessing;
      const unknown = await signedPost(cancelUrl(creds.baseUrl, 'no-such-order'), '{}', creds);
      expect([unknown.status, unknown.json]).toEqual([404, { message: 'Not Found' }]);
      const odd = await createCoinspaidInvoice(sandbox, 'cryptoprocessing', { foreign_id: 'order 7/ü?#' });
      const res = await signedPost(cancelUrl(creds.baseUrl, 'order 7/ü?#'), '{}', creds);
      expect(res.status).toBe(200);
      expect(sandbox.invoice('cryptoprocessing', String(odd['id']))?.status).toBe('failed');
    }));

  it('lets an injected fault answer the cancel route', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptoprocessing;
      const invoice = await createCoinspaidInvoice(sandbox, 'cryptoprocessing');
      sandbox.injectFault('cryptoprocessing', { kind: 'reply', status: 503, body: 'down' });
      const res = await signedPost(cancelUrl(creds.baseUrl, String(invoice['foreign_id'])), '{}', creds);
      expect([res.status, res.text]).toEqual([503, 'down']);
      expect(sandbox.invoice('cryptoprocessing', String(invoice['id']))?.status).toBe('created');
    }));
});
