// Run by `pnpm bench` (examples/bench.ts) on Bun and Deno: the webhook row of the bench on this runtime.
// Verifies the same CoinsPaid confirmed callback with the built gateway's parseWebhook and with the bare
// check (node:crypto HMAC-SHA512, constant-time compare, `JSON.parse`) in alternating batches, and prints
// `{"ours": rate, "bare": rate, "ratio": median of per-batch ratios}`. Its one argument is the JSON
// `{ body, apiKey, secretKey, rounds, batch }`.
/* global TextDecoder, TextEncoder */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const { body, apiKey, secretKey, rounds, batch } = JSON.parse(process.argv.at(-1));
const gateway = createRequire(import.meta.url)('../packages/gateway/dist/index.js');

const provider = gateway.createProvider({ provider: 'cryptoprocessing', apiKey, secretKey });
if (provider._tag === 'Left') throw new Error(provider.left.message);
const { parseWebhook } = provider.right;
const webhook = {
  headers: { 'x-processing-key': apiKey, 'x-processing-signature': gateway.signCallback(body, secretKey) },
  body: new TextEncoder().encode(body),
};
const bare = () => {
  const expected = Buffer.from(createHmac('sha512', secretKey).update(webhook.body).digest('hex'));
  const given = Buffer.from(webhook.headers['x-processing-signature']);
  if (!timingSafeEqual(expected, given)) throw new Error('bad signature');
  JSON.parse(new TextDecoder().decode(webhook.body));
};

const spent = { ours: 0, bare: 0 };
const ratios = [];
for (let round = -20; round < rounds; round += 1) {
  let start = performance.now();
  for (let i = 0; i < batch; i += 1) {
    const result = await parseWebhook(webhook)();
    if (result._tag === 'Left') throw new Error(result.left.message);
  }
  const ours = performance.now() - start;
  start = performance.now();
  for (let i = 0; i < batch; i += 1) bare();
  const theirs = performance.now() - start;
  if (round >= 0) {
    spent.ours += ours;
    spent.bare += theirs;
    ratios.push(theirs / ours);
  }
}
const calls = rounds * batch;
const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)];
console.log(
  JSON.stringify({ ours: calls / (spent.ours / 1e3), bare: calls / (spent.bare / 1e3), ratio: median }),
);
