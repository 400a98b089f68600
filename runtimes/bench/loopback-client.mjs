// Run by runtimes/bench/transport.mjs in Node, Bun or Deno: requests per second of each candidate
// transport against the loopback stub at <url>, in interleaved rounds (64 in flight, then one at a time),
// printed as JSON medians. The candidates: core's axios transport (node:http keep-alive agents), core's
// fetch transport, and axios's own fetch adapter set up as core's axios transport is.
/* global AbortController, clearTimeout, setTimeout */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const [url, rounds] = process.argv.slice(-2);
const core = (file) => require(`../../packages/core/dist/${file}`);

/** axios's fetch adapter with core's axios options and per-request work (a deadline, own headers, flattened answer). */
const axiosFetchTransport = () => {
  const axios = require('axios');
  const client = axios.create({
    adapter: 'fetch',
    transformRequest: [],
    transformResponse: [],
    responseType: 'text',
    maxRedirects: 0,
    maxContentLength: 1024 * 1024,
    validateStatus: () => true,
  });
  client.defaults.headers = {};
  return (request) => async () => {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), request.timeoutMs);
    try {
      const response = await client.request({
        method: request.method,
        url: request.url,
        data: request.body,
        signal: deadline.signal,
        headers: { 'User-Agent': 'invoicekit', Accept: 'application/json', ...request.headers },
      });
      const headers = {};
      for (const [key, value] of Object.entries(response.headers)) headers[key.toLowerCase()] = String(value);
      return { _tag: 'Right', right: { status: response.status, headers, body: String(response.data) } };
    } catch {
      return { _tag: 'Left', left: { _tag: 'NetworkError' } };
    } finally {
      clearTimeout(timer);
    }
  };
};

const candidates = {
  'axios (node:http)': core('axiosTransport.js').createAxiosTransport(),
  'fetch transport': core('fetchTransport.js').createFetchTransport(),
  "axios's fetch adapter": axiosFetchTransport(),
};

const request = {
  provider: 'coinspaid',
  method: 'POST',
  url: `${url}/coinspaid/api/v2/invoices/create`,
  headers: { 'Content-Type': 'application/json', 'X-Processing-Key': 'bench-api-key' },
  body: JSON.stringify({ currency: 'EUR', amount: 149.9, foreign_id: 'bench-order', title: 'Order #1001' }),
  timeoutMs: 10_000,
};

const rate = async (transport, calls, inFlight) => {
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started += 1;
      const result = await transport(request)();
      if (result._tag === 'Left') throw new Error(JSON.stringify(result.left));
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return calls / ((performance.now() - start) / 1000);
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const samples = Object.fromEntries(
  Object.keys(candidates).map((name) => [name, { concurrent: [], sequential: [] }]),
);
for (const transport of Object.values(candidates)) await rate(transport, 1000, 16);
for (let round = 0; round < Number(rounds); round += 1)
  for (const [name, transport] of Object.entries(candidates)) {
    samples[name].concurrent.push(await rate(transport, 3000, 64));
    samples[name].sequential.push(await rate(transport, 1000, 1));
  }
console.log(
  JSON.stringify(
    Object.fromEntries(
      Object.entries(samples).map(([name, { concurrent, sequential }]) => [
        name,
        { concurrent: median(concurrent), sequential: median(sequential) },
      ]),
    ),
  ),
);
process.exit(0);
