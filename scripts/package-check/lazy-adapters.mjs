// Importing @invoicekit/gateway loads no adapter, only each adapter's descriptor entry; building a
// provider loads its own adapter and no other; a createInvoice through the default transport, against a
// loopback stub, loads no axios (Node's default is node:http itself). Prints the problems found, one per
// line, and exits 1 on any.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ADAPTERS = ['btcpay', 'coinspaid', 'cryptocloud', 'cryptomus', 'nowpayments'];
const loadedAdapters = () =>
  ADAPTERS.filter((name) =>
    Object.keys(require.cache).some((file) =>
      new RegExp(`[/\\\\]${name}[/\\\\]dist[/\\\\]adapter\\.js$`).test(file),
    ),
  );
const loadedAxios = () =>
  Object.keys(require.cache).filter((file) =>
    /[/\\]node_modules[/\\](?:axios|follow-redirects|form-data)[/\\]/.test(file),
  );
const ORDER = {
  orderId: 'lazy-order',
  amount: '149.90',
  currency: 'EUR',
  title: 'Order #1001',
  customer: {
    reference: 'customer-77',
    email: 'buyer@shop.example',
    sender: { type: 'natural', firstName: 'Friedrich', lastName: 'Müller', dateOfBirth: '1995-08-17' },
  },
  payCurrency: 'BTC',
  expiresInMinutes: 15,
  redirectUrls: { success: 'https://shop.example/paid', failure: 'https://shop.example/failed' },
};
const CREATED = JSON.stringify({
  data: {
    id: 826906,
    url: 'https://invoices.sandbox.cryptoprocessing.com/invoice/ZKeDtw',
    foreign_id: 'lazy-order',
    end_user_reference: 'customer-77',
    address: 'tb1q0raamq6ppjpcfy5mzselzqfgcqaff59kt03lzl',
    title: 'Order #1001',
    status: 'pending',
    currency: 'EUR',
    amount: '149.90000000',
    sender_currency: 'BTC',
    sender_amount: '0.00129400',
    fixed_at: 1775177497,
    release_at: 1775177557,
    seconds_left: 59,
  },
});

const stub = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(CREATED));
});
await new Promise((resolve) => stub.listen(0, '127.0.0.1', resolve));

const problems = [];
const gateway = require('@invoicekit/gateway');
const onImport = loadedAdapters();
if (onImport.length > 0) problems.push(`importing the gateway loaded the adapters of ${onImport.join(', ')}`);
const built = gateway.createProvider({
  provider: 'cryptoprocessing',
  apiKey: 'key',
  secretKey: 'secret',
  baseUrl: `http://127.0.0.1:${stub.address().port}/api/v2`,
});
if (built._tag !== 'Right') problems.push(`createProvider failed: ${built.left.message}`);
const onBuild = loadedAdapters();
if (onBuild.join() !== 'coinspaid')
  problems.push(`building a cryptoprocessing provider loaded: ${onBuild.join(', ') || 'nothing'}`);
if (built._tag === 'Right') {
  const created = await built.right.createInvoice(ORDER)();
  if (created._tag !== 'Right')
    problems.push(`createInvoice against the stub failed: ${created.left.message}`);
  const axios = loadedAxios();
  if (axios.length > 0)
    problems.push(`a createInvoice through the default transport loaded ${axios.join(', ')}`);
}
stub.close();
for (const problem of problems) console.log(problem);
if (problems.length === 0)
  console.log('import: no adapter; cryptoprocessing provider: coinspaid only; createInvoice: no axios');
process.exit(problems.length === 0 ? 0 : 1);
