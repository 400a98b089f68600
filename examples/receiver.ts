import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookRequest } from '@invoicekit/gateway';

/** A webhook as the merchant's receiver got it: the route name and the raw request. */
export interface ReceivedWebhook {
  readonly name: string;
  readonly request: WebhookRequest;
}

/** A tiny merchant webhook endpoint: `POST /webhooks/<name>` keeps the raw bytes and answers 200. */
export interface WebhookReceiver {
  readonly url: string;
  /** Resolves with the next webhook for `name` (already received ones first). */
  next(name: string, timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

/** Starts a webhook receiver on a free loopback port. */
export const startWebhookReceiver = async (): Promise<WebhookReceiver> => {
  const queues = new Map<string, ReceivedWebhook[]>();
  const waiters = new Map<string, Array<(w: ReceivedWebhook) => void>>();
  const deliver = (webhook: ReceivedWebhook) => {
    const waiting = waiters.get(webhook.name)?.shift();
    if (waiting) waiting(webhook);
    else queues.set(webhook.name, [...(queues.get(webhook.name) ?? []), webhook]);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const name = (req.url ?? '').replace(/^\/webhooks\//, '');
      deliver({ name, request: { headers: req.headers, body: Buffer.concat(chunks) } });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    next: (name, timeoutMs = 10_000) => {
      const queued = queues.get(name)?.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no webhook for ${name} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.set(name, [
          ...(waiters.get(name) ?? []),
          (webhook) => {
            clearTimeout(timer);
            resolve(webhook);
          },
        ]);
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
