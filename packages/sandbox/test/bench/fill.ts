import type { FastifyInstance } from 'fastify';
import type { CoinspaidFamilyCredentials } from '../../src';
import { coinspaidRequest, hmac } from '../helpers';

/**
 * Creates `count` CoinsPaid invoices through the sandbox's own server without a socket: each is a signed
 * `POST /invoices/create` answered by fastify's `inject`, so it takes the route, hooks, authentication,
 * validation and engine an HTTP create takes, and lands in the same store and indexes. `keep` sees each
 * new invoice's id; rejects on any answer but 201.
 */
export const injectCreates = async (
  server: FastifyInstance,
  creds: CoinspaidFamilyCredentials,
  count: number,
  keep: (id: number) => void,
  inFlight = 64,
): Promise<void> => {
  const url = `${new URL(creds.baseUrl).pathname}/invoices/create`;
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started += 1;
      const payload = JSON.stringify(coinspaidRequest());
      const res = await server.inject({
        method: 'POST',
        url,
        payload,
        headers: {
          'content-type': 'application/json',
          'x-processing-key': creds.apiKey,
          'x-processing-signature': hmac(creds.secretKey, payload),
        },
      });
      if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
      keep((JSON.parse(res.body) as { data: { id: number } }).data.id);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
};
