import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { type Issue } from '../src';
import { isLoopbackUrl, requestRulesFor, validateCreateInvoiceRequest } from '../src/adapter';

const valid = {
  orderId: 'order-1001',
  amount: '12.50',
  currency: 'EUR',
};

const validate = (input: unknown) => validateCreateInvoiceRequest('coinspaid', input, 8);

const issuesOf = (input: unknown): ReadonlyArray<Issue> =>
  expectLeftTag(validate(input), 'InvalidRequest').issues;

const expectIssue = (input: unknown, path: string, message: string | RegExp) => {
  const issues = issuesOf(input);
  const match = issues.find((i) => i.path === path);
  if (match === undefined) throw new Error(`no issue at ${path}: ${JSON.stringify(issues)}`);
  if (typeof message === 'string') expect(match.message).toBe(message);
  else expect(match.message).toMatch(message);
};

const isoDate = (daysFromToday: number): string =>
  new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);

const AMOUNT_TEXT_MESSAGE =
  'must be a decimal number like "12.50" (digits, an optional fraction, no sign or exponent)';
const TEXT_1_255 = 'must be 1–255 printable characters';
const CURRENCY_MESSAGE = 'must be an upper-case currency code like EUR, BTC or USDT_TRC20';
const URL_MESSAGE = 'must be an https URL on a domain name (not an IP address or localhost)';
const DATE_MESSAGE = 'must be a real date YYYY-MM-DD in the past';
const COUNTRY_MESSAGE = 'must be an existing ISO 3166-1 alpha-3 country code like DEU or USA';

describe('validateCreateInvoiceRequest', () => {
  it('accepts a minimal request and keeps its fields', () => {
    expect(expectRight(validate(valid))).toEqual({ ...valid, amount: '12.5' });
  });

  it('accepts a request with every optional field', () => {
    const full = {
      ...valid,
      title: 'Order 1001',
      description: 'Two mugs and a teapot',
      customer: {
        reference: 'cust-42',
        email: 'buyer@shop.example',
        sender: { type: 'natural', firstName: 'Anna', lastName: 'Müller', dateOfBirth: '1990-02-28' },
      },
      payCurrency: 'BTC',
      payCurrencies: ['BTC', 'USDT_TRC20'],
      expiresInMinutes: 60,
      allowPartialPayment: true,
      redirectUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/fail' },
    };
    expect(expectRight(validate(full))).toEqual({ ...full, amount: '12.5' });
  });

  it('reports the provider it validated for and lists every issue in one message', () => {
    const error = expectLeftTag(
      validateCreateInvoiceRequest('cryptocloud', { ...valid, currency: 'eur', title: '' }, 2),
      'InvalidRequest',
    );
    expect(error.provider).toBe('cryptocloud');
    expect(error.message).toBe(
      `Invalid request: currency: ${CURRENCY_MESSAGE}; title: must be 1–50 printable characters`,
    );
  });

  describe('input shape', () => {
    it.each([
      ['undefined', undefined],
      ['null', null],
      ['a string', 'order-1'],
      ['an array', [valid]],
      ['a number', 42],
    ])('rejects %s as a whole', (_label, input) => {
      expect(issuesOf(input)).toEqual([
        { path: '', message: 'must be an invoice request object { orderId, amount, currency, … }' },
      ]);
    });

    it('names every missing required field', () => {
      expect(issuesOf({})).toEqual([
        { path: 'orderId', message: 'is required' },
        { path: 'amount', message: 'is required' },
        { path: 'currency', message: 'is required' },
      ]);
    });

    it('reports an unknown top-level field', () => {
      expect(issuesOf({ ...valid, ammount: '5' })).toEqual([
        { path: 'ammount', message: 'is not a known field' },
      ]);
    });

    it.each([
      ['customer.emial', { customer: { emial: 'buyer@shop.example' } }],
      [
        'redirectUrls.sucess',
        { redirectUrls: { success: 'https://a.example', failure: 'https://b.example', sucess: 'x' } },
      ],
      [
        'customer.sender.birthDate',
        {
          customer: {
            sender: {
              type: 'natural',
              firstName: 'A',
              lastName: 'B',
              dateOfBirth: '1990-01-01',
              birthDate: 'x',
            },
          },
        },
      ],
    ])('reports the misspelt nested field %s instead of dropping it', (path, extra) => {
      expect(issuesOf({ ...valid, ...extra })).toEqual([{ path, message: 'is not a known field' }]);
    });

    it('allows emoji joined with zero-width joiners in a title', () => {
      expect(expectRight(validate({ ...valid, title: 'Family 👨‍👩‍👧 pack' })).title).toBe('Family 👨‍👩‍👧 pack');
    });

    it('reports an unknown field alongside other issues', () => {
      const paths = issuesOf({ ...valid, currency: 'eur', color: 'red' }).map((i) => i.path);
      expect(paths).toEqual(['currency', 'color']);
    });
  });

  describe('orderId', () => {
    it.each([
      ['1 character', 'a'],
      ['255 characters', 'x'.repeat(255)],
      ['non-ASCII text', 'Bestellung-Müller-№7'],
    ])('accepts %s', (_label, orderId) => {
      expect(expectRight(validate({ ...valid, orderId })).orderId).toBe(orderId);
    });

    it.each([
      ['empty', ''],
      ['blank', '   '],
      ['256 characters', 'x'.repeat(256)],
      ['a NUL character', 'order\u00001'],
      ['a newline', 'order\n1'],
      ['a tab', 'order\t1'],
      ['a DEL character', 'order\u007f'],
      ['a number', 1001],
    ])('rejects %s', (_label, orderId) => {
      expectIssue({ ...valid, orderId }, 'orderId', TEXT_1_255);
    });
  });

  describe('amount', () => {
    it.each([
      ['12.50', '12.5'],
      ['007.50', '7.5'],
      ['0.00000001', '0.00000001'],
      ['100', '100'],
      ['00100.000', '100'],
      ['12345678.12345678', '12345678.12345678'],
    ])('reads the string %j as the canonical decimal %j', (amount, expected) => {
      expect(expectRight(validate({ ...valid, amount })).amount).toBe(expected);
    });

    it.each([
      [0.1, '0.1'],
      [1e-7, '0.0000001'],
      [12.5, '12.5'],
      [42, '42'],
      [1e21, '1000000000000000000000'],
      [12345678.123456789, String(12345678.123456789)],
    ])('converts the number %p to the shortest exact decimal %j', (amount, expected) => {
      expect(expectRight(validate({ ...valid, amount })).amount).toBe(expected);
    });

    it.each(['1e5', ' 1', '1 ', '1.', '.5', '-1', '+1', '0x10', '', '1,5', '١٢'])(
      'rejects the string %j',
      (amount) => {
        expectIssue({ ...valid, amount }, 'amount', AMOUNT_TEXT_MESSAGE);
      },
    );

    it.each([
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['-Infinity', Number.NEGATIVE_INFINITY],
      ['a negative number', -5],
    ])('rejects %s', (_label, amount) => {
      expectIssue({ ...valid, amount }, 'amount', 'must be a finite, non-negative number');
    });

    it.each([0, -0, '0', '0.00', '000'])('rejects the zero amount %p', (amount) => {
      expectIssue({ ...valid, amount }, 'amount', 'must be greater than zero');
    });

    it.each([
      ['a boolean', true],
      ['null', null],
      ['an object', { value: 1 }],
    ])('rejects %s', (_label, amount) => {
      expectIssue({ ...valid, amount }, 'amount', 'must be a decimal string like "12.50" or a finite number');
    });

    it('reports a missing amount as required', () => {
      expectIssue({ orderId: 'a', currency: 'EUR' }, 'amount', 'is required');
    });
  });

  describe('currencies', () => {
    it.each(['EUR', 'BTC', 'USDT_TRC20', 'USDC_ERC20'])('accepts %j', (currency) => {
      expect(expectRight(validate({ ...valid, currency })).currency).toBe(currency);
    });

    it.each(['eur', 'Eur', 'E', '1BTC', 'USDT-TRC20', 'EUR ', ''])('rejects %j', (currency) => {
      expectIssue({ ...valid, currency }, 'currency', CURRENCY_MESSAGE);
    });

    it('checks payCurrency the same way', () => {
      expectIssue({ ...valid, payCurrency: 'btc' }, 'payCurrency', CURRENCY_MESSAGE);
    });

    it('rejects an empty payCurrencies list', () => {
      expectIssue(
        { ...valid, payCurrencies: [] },
        'payCurrencies',
        'must be a non-empty list of currency codes',
      );
    });

    it('rejects payCurrencies that is not a list', () => {
      expectIssue(
        { ...valid, payCurrencies: 'BTC' },
        'payCurrencies',
        'must be a non-empty list of currency codes',
      );
    });

    it('names the lower-case entry of payCurrencies by index', () => {
      expectIssue({ ...valid, payCurrencies: ['BTC', 'eth'] }, 'payCurrencies.1', CURRENCY_MESSAGE);
    });

    it('rejects a repeated pay currency', () => {
      expectIssue(
        { ...valid, payCurrencies: ['BTC', 'ETH', 'BTC'] },
        'payCurrencies',
        'must not repeat a currency',
      );
    });
  });

  describe('title and description', () => {
    it('accepts a title of 50 characters, counting code points', () => {
      const title = '€'.repeat(49) + '😀';
      expect(expectRight(validate({ ...valid, title })).title).toBe(title);
    });

    it.each([
      ['empty', ''],
      ['51 characters', 'x'.repeat(51)],
      ['a control character', 'Order\u0007'],
    ])('rejects a title that is %s', (_label, title) => {
      expectIssue({ ...valid, title }, 'title', 'must be 1–50 printable characters');
    });

    it('accepts an empty description and one of 1000 characters', () => {
      expect(expectRight(validate({ ...valid, description: '' })).description).toBe('');
      expect(expectRight(validate({ ...valid, description: 'd'.repeat(1000) })).description).toHaveLength(
        1000,
      );
    });

    it('rejects a description longer than 1000 characters', () => {
      expectIssue(
        { ...valid, description: 'd'.repeat(1001) },
        'description',
        'must be at most 1000 characters without control characters other than line breaks',
      );
    });

    it('keeps line breaks and tabs in a description but refuses other control characters', () => {
      expect(expectRight(validate({ ...valid, description: 'Two cups\n\tand a jug' })).description).toBe(
        'Two cups\n\tand a jug',
      );
      expectIssue(
        { ...valid, description: 'bell\u0007' },
        'description',
        'must be at most 1000 characters without control characters other than line breaks',
      );
    });
  });

  describe('customer', () => {
    it('rejects a customer that is not an object', () => {
      expectIssue({ ...valid, customer: 'anna' }, 'customer', 'must be an object');
    });

    it.each(['buyer@shop.example', 'first.last+tag@mail.shop.co.uk', "o'brien@example.com"])(
      'accepts the e-mail %j',
      (email) => {
        expect(expectRight(validate({ ...valid, customer: { email } })).customer?.email).toBe(email);
      },
    );

    it.each([
      'not-an-email',
      'buyer@',
      '@shop.example',
      'buyer@shop',
      'buyer@@shop.example',
      '.buyer@shop.example',
      'bu..yer@shop.example',
      'buyer@-shop.example',
      'buyer @shop.example',
    ])('rejects the e-mail %j', (email) => {
      expectIssue(
        { ...valid, customer: { email } },
        'customer.email',
        'must be an e-mail address like buyer@example.com',
      );
    });

    it('never echoes the offending value in an issue or the message', () => {
      const email = 'leaky-value-7f3a@@nowhere';
      const error = expectLeftTag(validate({ ...valid, customer: { email } }), 'InvalidRequest');
      expect(error.message).not.toContain(email);
      expect(JSON.stringify(error.issues)).not.toContain(email);
    });

    it('never echoes offending values anywhere in the error', () => {
      const values = ['secret-order\u0000id', 'amount-9x9', 'cur-lower-zz', 'https://leak.example:9/x'];
      const error = expectLeftTag(
        validate({
          orderId: values[0],
          amount: values[1],
          currency: values[2],
          redirectUrls: { success: values[3]!.replace('https', 'http'), failure: values[3] },
          customer: { sender: { type: 'robot-kind' } },
        }),
        'InvalidRequest',
      );
      const printed = JSON.stringify(error);
      for (const value of [...values, 'robot-kind']) expect(printed).not.toContain(value);
    });

    it('rejects an empty customer reference', () => {
      expectIssue({ ...valid, customer: { reference: '' } }, 'customer.reference', TEXT_1_255);
    });
  });

  describe('sender', () => {
    const natural = { type: 'natural', firstName: 'Anna', lastName: 'Müller', dateOfBirth: '1990-02-28' };
    const legal = { type: 'legal', legalName: 'Müller GmbH', countryOfRegistration: 'DEU' };
    const withSender = (sender: unknown) => ({ ...valid, customer: { sender } });

    it('accepts a natural person born on a leap day', () => {
      const sender = { ...natural, dateOfBirth: '2000-02-29' };
      expect(expectRight(validate(withSender(sender))).customer?.sender).toEqual(sender);
    });

    it('accepts a legal entity', () => {
      expect(expectRight(validate(withSender(legal))).customer?.sender).toEqual(legal);
    });

    it.each([
      ['a non-leap 29 February', '2023-02-29'],
      ['month 13', '1999-13-01'],
      ['day 32', '1999-01-32'],
      ['31 April', '1999-04-31'],
      ['no zero padding', '1999-1-1'],
      ['a date-time', '1999-01-01T00:00:00Z'],
      ['a date before 1900', '1899-12-31'],
      ['tomorrow', isoDate(1)],
      ['next year', isoDate(366)],
      ['today', isoDate(0)],
    ])('rejects a date of birth that is %s', (_label, dateOfBirth) => {
      expectIssue(withSender({ ...natural, dateOfBirth }), 'customer.sender.dateOfBirth', DATE_MESSAGE);
    });

    it('reports the full issue text for a bad date of birth', () => {
      const error = expectLeftTag(
        validate(withSender({ ...natural, dateOfBirth: '2023-02-29' })),
        'InvalidRequest',
      );
      expect(error.message).toBe(`Invalid request: customer.sender.dateOfBirth: ${DATE_MESSAGE}`);
    });

    it('requires the names and date of a natural person', () => {
      expect(issuesOf(withSender({ type: 'natural' }))).toEqual([
        { path: 'customer.sender.firstName', message: 'is required' },
        { path: 'customer.sender.lastName', message: 'is required' },
        { path: 'customer.sender.dateOfBirth', message: 'is required' },
      ]);
    });

    it.each(['XXX', 'de', 'DE', 'deu', 'GERMANY', ''])('rejects the country %j', (countryOfRegistration) => {
      expectIssue(
        withSender({ ...legal, countryOfRegistration }),
        'customer.sender.countryOfRegistration',
        COUNTRY_MESSAGE,
      );
    });

    it('rejects an empty legal name', () => {
      expectIssue(withSender({ ...legal, legalName: '' }), 'customer.sender.legalName', TEXT_1_255);
    });

    it.each([
      ['an unknown type', { ...natural, type: 'robot' }],
      ['a missing type', { legalName: 'X', countryOfRegistration: 'DEU' }],
      ['a type in the wrong case', { ...legal, type: 'Legal' }],
    ])('names customer.sender.type for %s', (_label, sender) => {
      expect(issuesOf(withSender(sender))).toEqual([
        { path: 'customer.sender.type', message: 'must be "natural" or "legal"' },
      ]);
    });

    it('rejects a sender that is not an object', () => {
      expectIssue(withSender('Anna'), 'customer.sender', 'must be an object with a type');
    });
  });

  describe('redirectUrls', () => {
    const withUrl = (success: string) => ({
      ...valid,
      redirectUrls: { success, failure: 'https://shop.example/fail' },
    });

    it.each([
      'https://shop.example/ok',
      'https://pay.shop.example:8443/ok?order=1#done',
      'https://xn--mller-kva.de/',
    ])('accepts %j', (url) => {
      expect(expectRight(validate(withUrl(url))).redirectUrls?.success).toBe(url);
    });

    it.each([
      ['http', 'http://shop.example/ok'],
      ['an IPv4 literal', 'https://203.0.113.7/ok'],
      ['an IPv4 literal in hex', 'https://0x7f.1/ok'],
      ['an IPv6 literal', 'https://[2001:db8::1]/ok'],
      ['IPv6 loopback', 'https://[::1]/ok'],
      ['localhost', 'https://localhost/ok'],
      ['a .localhost name', 'https://shop.localhost/ok'],
      ['a single-label host', 'https://intranet/ok'],
      ['user and password', 'https://user:pass@shop.example/ok'],
      ['a user name', 'https://user@shop.example/ok'],
      ['not a URL', 'shop.example/ok'],
      ['javascript:', 'javascript:alert(1)'],
    ])('rejects %s', (_label, url) => {
      expectIssue(withUrl(url), 'redirectUrls.success', URL_MESSAGE);
    });

    describe('against a local sandbox (baseUrl on a loopback host)', () => {
      const local = (input: unknown) =>
        validateCreateInvoiceRequest('coinspaid', input, 8, requestRulesFor('http://127.0.0.1:4010/api/v2'));

      it.each([
        'http://localhost:3000/ok',
        'http://127.0.0.1:8080/ok',
        'https://[::1]/ok',
        'https://shop.example/ok',
      ])('accepts %j', (url) => {
        expect(expectRight(local(withUrl(url))).redirectUrls?.success).toBe(url);
      });

      it.each([
        ['an IPv4 literal', 'http://203.0.113.7/ok'],
        ['a .localhost name', 'http://shop.localhost/ok'],
        ['user and password', 'http://user:pass@localhost/ok'],
        ['javascript:', 'javascript:alert(1)'],
        ['ftp on localhost', 'ftp://localhost/ok'],
      ])('still rejects %s', (_label, url) => {
        const issues = expectLeftTag(local(withUrl(url)), 'InvalidRequest').issues;
        expect(issues).toEqual([
          {
            path: 'redirectUrls.success',
            message:
              'must be an https URL on a domain name, or an http(s) URL on localhost, 127.x.x.x or [::1] ' +
              '(accepted because baseUrl is a local sandbox)',
          },
        ]);
      });

      it('keeps refusing loopback URLs when baseUrl is a real provider', () => {
        const real = validateCreateInvoiceRequest(
          'coinspaid',
          withUrl('http://localhost:3000/ok'),
          8,
          requestRulesFor('https://app.cryptoprocessing.com/api/v2'),
        );
        expect(expectLeftTag(real, 'InvalidRequest').issues).toEqual([
          { path: 'redirectUrls.success', message: URL_MESSAGE },
        ]);
      });

      it.each([
        ['http://127.0.0.1:4010/api/v2', true],
        ['http://localhost:4010', true],
        ['http://[::1]:4010', true],
        ['https://app.cryptoprocessing.com/api/v2', false],
        ['http://10.0.0.5:4010', false],
        ['http://sandbox:4010', false],
        ['not a url', false],
      ])('treats baseUrl %j as loopback: %p', (baseUrl, loopback) => {
        expect(isLoopbackUrl(baseUrl)).toBe(loopback);
        expect(requestRulesFor(baseUrl)).toEqual({ loopbackRedirects: loopback });
      });
    });

    it('requires both URLs', () => {
      expectIssue(
        { ...valid, redirectUrls: { success: 'https://shop.example/ok' } },
        'redirectUrls.failure',
        'is required',
      );
    });
  });

  describe('expiresInMinutes and allowPartialPayment', () => {
    it('accepts a positive whole number of minutes', () => {
      expect(expectRight(validate({ ...valid, expiresInMinutes: 1440 })).expiresInMinutes).toBe(1440);
    });

    it.each([0, 1.5, -3, Number.NaN, Number.POSITIVE_INFINITY, '60'])(
      'rejects %p minutes',
      (expiresInMinutes) => {
        expectIssue({ ...valid, expiresInMinutes }, 'expiresInMinutes', 'must be a positive whole number');
      },
    );

    it('rejects a non-boolean allowPartialPayment', () => {
      expectIssue({ ...valid, allowPartialPayment: 'yes' }, 'allowPartialPayment', 'must be true or false');
    });
  });
});

describe('validateCreateInvoiceRequest amount precision', () => {
  it.each([
    ['a float sum', 0.1 + 0.2, 17],
    ['a string with nine digits after the point', '1.123456789', 9],
  ])('refuses %s beyond the provider limit, naming it, never rounding', (_label, amount, digits) => {
    const error = expectLeftTag(validate({ ...valid, amount }), 'InvalidRequest');
    expect(error.issues).toEqual([
      {
        path: 'amount',
        message: expect.stringContaining(`has ${digits} digits after the point; coinspaid accepts at most 8`),
      },
    ]);
    expect(error.message).toContain('pass the exact amount as a decimal string');
  });

  it('accepts exactly the limit, and trailing zeros beyond it that do not change the value', () => {
    expect(expectRight(validate({ ...valid, amount: '0.12345678' })).amount).toBe('0.12345678');
    expect(expectRight(validate({ ...valid, amount: '0.1000000000000' })).amount).toBe('0.1');
    expect(
      expectRight(validateCreateInvoiceRequest('cryptocloud', { ...valid, amount: 0.3 }, 2)).amount,
    ).toBe('0.3');
  });
});

describe('validateCreateInvoiceRequest on hostile input', () => {
  it('reads each field once and validates what it read (the snapshot)', () => {
    let reads = 0;
    const request = Object.defineProperty({ amount: '1', currency: 'EUR' }, 'orderId', {
      enumerable: true,
      get: () => ((reads += 1) === 1 ? 'order-first' : ''),
    });
    expect(expectRight(validate(request)).orderId).toBe('order-first');
    expect(reads).toBe(1);
  });

  it.each([
    [
      'a throwing getter',
      () =>
        Object.defineProperty({ ...valid }, 'customer', {
          enumerable: true,
          get() {
            throw new Error('boom');
          },
        }),
      'customer',
    ],
    [
      'a revoked proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable({ ...valid }, {});
        revoke();
        return proxy;
      },
      '',
    ],
  ])('turns %s into an InvalidRequest', (_label, input, path) => {
    expect(issuesOf(input())[0]).toEqual({ path, message: expect.stringMatching(/could not be read/) });
  });

  it('treats a __proto__ key as an unknown field, not as a prototype', () => {
    const input = JSON.parse('{"orderId":"o-1","amount":"1","currency":"EUR","__proto__":{"title":{"x":1}}}');
    expectIssue(input, '__proto__', 'is not a known field');
  });
});
