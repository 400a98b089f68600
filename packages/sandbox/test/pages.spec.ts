import {
  createCoinspaidInvoice,
  createCryptocloudInvoice,
  get,
  post,
  withReceiver,
  withSandbox,
} from './helpers';

describe('hosted invoice page', () => {
  it('shows amount, pay currency, address, status, countdown and the four buttons', async () =>
    withSandbox({}, async (sandbox) => {
      const data = await createCoinspaidInvoice(sandbox, 'cryptoprocessing', {
        timer: true,
        sender_currency: 'BTC',
      });
      const page = await get(String(data['url']));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain(`${String(data['sender_amount'])} BTC`);
      expect(page.text).toContain(String(data['address']));
      expect(page.text).toContain('id="status">pending<');
      expect(page.text).toContain('id="countdown"');
      for (const kind of ['full', 'partial', 'over', 'unconfirmed'])
        expect(page.text).toContain(`name="kind" value="${kind}"`);
      expect(page.text).toContain('Let it expire');
      const cc = await get(String((await createCryptocloudInvoice(sandbox))['link']));
      expect(cc.text).toContain('name="kind" value="over"');
      expect(cc.text).not.toContain('name="kind" value="unconfirmed"');
    }));

  it('pays through its form, delivers the webhook and redirects back to the page', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const invoice = await createCryptocloudInvoice(sandbox, { add_fields: { cryptocurrency: 'BTC' } });
      const link = String(invoice['link']);
      const res = await post(`${link}/pay`, 'kind=partial', {
        'Content-Type': 'application/x-www-form-urlencoded',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(new URL(link).pathname);
      expect(sandbox.invoice('cryptocloud', String(invoice['uuid']))?.status).toBe('partial');
      expect(receiver.received).toHaveLength(1);
      const after = await get(link);
      expect(after.text).toContain('id="status">partial<');
      const expire = await post(`${link}/expire`, '', {
        'Content-Type': 'application/x-www-form-urlencoded',
      });
      expect(expire.status).toBe(303);
      const closed = await get(link);
      expect(closed.text).toContain('This invoice is closed.');
      expect(closed.text).not.toContain('name="kind"');
      expect((await post(`${link}/pay`, 'kind=full')).status).toBe(409);
    }));

  it('answers an unknown invoice with 404', async () =>
    withSandbox({}, async (sandbox) => {
      expect((await get(`${sandbox.url}/pay/alphapo/nothing`)).status).toBe(404);
      expect((await get(`${sandbox.url}/pay/paypal/nothing`)).status).toBe(404);
    }));

  it('escapes merchant text', async () =>
    withSandbox({}, async (sandbox) => {
      const data = await createCoinspaidInvoice(sandbox, 'alphapo', {
        foreign_id: '<script>alert(1)</script>',
      });
      const page = await get(String(data['url']));
      expect(page.text).not.toContain('<script>alert(1)</script>');
      expect(page.text).toContain('&#60;script&#62;');
    }));
});
