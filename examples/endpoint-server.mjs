// The servers of `pnpm bench:endpoint`: invoicekit's Express and Fastify handlers beside the same framework
// hand-written (raw body, HMAC-SHA512, constant-time compare, JSON.parse, 200), and invoicekit's handlers over that
// hand-written check instead of the CoinsPaid adapter's parse, each on its own loopback port.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const fromWebhooks = createRequire(join(ROOT, 'packages/webhooks/package.json'));
const express = fromWebhooks('express');
const fastify = fromWebhooks('fastify');
const { createProvider } = fromWebhooks('@invoicekit/gateway');
const { webhookMiddleware } = require(
  join(ROOT, process.env.WEBHOOKS_DIST ?? 'packages/webhooks/dist', 'express.js'),
);
const { webhookPlugin } = require(
  join(ROOT, process.env.WEBHOOKS_DIST ?? 'packages/webhooks/dist', 'fastify.js'),
);

const [apiKey, secretKey] = process.argv.slice(2);

const provider = createProvider({ provider: 'cryptoprocessing', apiKey, secretKey }).right;
let applied = 0;
const options = { provider, onEvent: () => void (applied += 1) };

const verifiedBody = (body, signature) => {
  const expected = createHmac('sha512', secretKey).update(body).digest();
  const given = Buffer.from(typeof signature === 'string' ? signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(expected, given)) return null;
  return JSON.parse(body.toString('utf8'));
};

// The endpoint's own cost: invoicekit's handler over a provider whose parseWebhook is the hand-written check,
// answering with the event the real provider decoded from the first request (the bench sends one body).
let decodedOnce;
const handChecked = Object.create(provider, {
  parseWebhook: {
    value: (request) => () => {
      if (verifiedBody(request.body, request.headers['x-processing-signature']) === null) {
        return Promise.resolve({
          _tag: 'Left',
          left: { _tag: 'SignatureInvalid', message: 'bad signature' },
        });
      }
      decodedOnce ??= provider.parseWebhook(request)();
      return decodedOnce;
    },
  },
});
const handCheckedOptions = { provider: handChecked, onEvent: () => void (applied += 1) };

const handExpress = express();
handExpress.post('/webhooks', (request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const event = verifiedBody(Buffer.concat(chunks), request.headers['x-processing-signature']);
    if (event === null) return void response.status(401).end();
    applied += 1;
    response.status(200).end('ok');
  });
});

const oursExpress = express();
oursExpress.post('/webhooks', webhookMiddleware(options));

const handCheckedExpress = express();
handCheckedExpress.post('/webhooks', webhookMiddleware(handCheckedOptions));

const handFastify = fastify();
handFastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
  done(null, body),
);
handFastify.post('/webhooks', async (request, reply) => {
  const event = verifiedBody(request.body, request.headers['x-processing-signature']);
  if (event === null) return reply.code(401).send();
  applied += 1;
  return reply.code(200).send('ok');
});

const oursFastify = fastify();
oursFastify.register(webhookPlugin(options), { prefix: '/webhooks' });

const handCheckedFastify = fastify();
handCheckedFastify.register(webhookPlugin(handCheckedOptions), { prefix: '/webhooks' });

const listen = (app) =>
  new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });

const main = async () => {
  await Promise.all(
    [oursFastify, handCheckedFastify, handFastify].map((app) => app.listen({ port: 0, host: '127.0.0.1' })),
  );
  const ports = {
    'express invoicekit': await listen(oursExpress),
    'express invoicekit over the hand-written check': await listen(handCheckedExpress),
    'express hand-written': await listen(handExpress),
    'fastify invoicekit': oursFastify.server.address().port,
    'fastify invoicekit over the hand-written check': handCheckedFastify.server.address().port,
    'fastify hand-written': handFastify.server.address().port,
  };
  process.send({ ports });
  process.on('message', (message) => {
    if (message === 'applied') process.send({ applied });
  });
};

process.on('SIGINT', () => process.exit(0));
void main();
