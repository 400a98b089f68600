import { decodeFault } from '../src/control';
import { createCryptocloudInvoice, post, tokenPost, withSandbox } from './helpers';

const json = { 'Content-Type': 'application/json' };

describe('faults aimed at one operation', () => {
  it('waits for the request its method and path name; other requests pass it by', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptocloud;
      sandbox.injectFault('cryptocloud', {
        kind: 'reply',
        status: 503,
        body: 'down',
        path: '/merchant/info$',
      });
      await createCryptocloudInvoice(sandbox);
      expect(sandbox.pendingFaults('cryptocloud')).toBe(1);
      const info = await tokenPost(
        `${creds.baseUrl}/v2/invoice/merchant/info`,
        { uuids: ['INV-X'] },
        creds.apiKey,
      );
      expect(info.status).toBe(503);
      expect(sandbox.pendingFaults('cryptocloud')).toBe(0);
    }));

  it('takes a target through the control API and refuses a bad one', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptocloud;
      const injected = await post(
        `${sandbox.url}/_sandbox/cryptocloud/faults`,
        JSON.stringify({ kind: 'reply', status: 429, body: '', method: 'post', path: '/invoice/create$' }),
        json,
      );
      expect(injected.status).toBe(204);
      const limited = await tokenPost(`${creds.baseUrl}/v2/invoice/create`, {}, creds.apiKey);
      expect(limited.status).toBe(429);
      expect(decodeFault({ kind: 'reset', path: '(' })).toMatchObject({ _tag: 'Left' });
      expect(decodeFault({ kind: 'reset', method: 'GET /x' })).toMatchObject({ _tag: 'Left' });
      expect(decodeFault({ kind: 'hang', ms: 5, method: 'GET', path: '/x' })).toEqual({
        _tag: 'Right',
        right: { kind: 'hang', ms: 5, method: 'GET', path: '/x' },
      });
    }));

  it('counts the invoices held for one order id', async () =>
    withSandbox({}, async (sandbox) => {
      await createCryptocloudInvoice(sandbox, { order_id: 'count-1' });
      await createCryptocloudInvoice(sandbox, { order_id: 'count-1' });
      expect(sandbox.invoiceCount('cryptocloud', 'count-1')).toBe(2);
      expect(sandbox.invoiceCount('cryptocloud', 'count-2')).toBe(0);
    }));
});
