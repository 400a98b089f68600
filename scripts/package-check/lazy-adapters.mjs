// Importing @invoicekit/gateway loads no adapter, only each adapter's descriptor entry; building a
// provider loads its own adapter and no other. Prints the problems found, one per line, and exits 1 on any.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ADAPTERS = ['btcpay', 'coinspaid', 'cryptocloud', 'cryptomus', 'nowpayments'];
const loadedAdapters = () =>
  ADAPTERS.filter((name) =>
    Object.keys(require.cache).some((file) =>
      new RegExp(`[/\\\\]${name}[/\\\\]dist[/\\\\]adapter\\.js$`).test(file),
    ),
  );
const problems = [];
const gateway = require('@invoicekit/gateway');
const onImport = loadedAdapters();
if (onImport.length > 0) problems.push(`importing the gateway loaded the adapters of ${onImport.join(', ')}`);
const built = gateway.createProvider({ provider: 'cryptoprocessing', apiKey: 'key', secretKey: 'secret' });
if (built._tag !== 'Right') problems.push(`createProvider failed: ${built.left.message}`);
const onBuild = loadedAdapters();
if (onBuild.join() !== 'coinspaid')
  problems.push(`building a cryptoprocessing provider loaded: ${onBuild.join(', ') || 'nothing'}`);
for (const problem of problems) console.log(problem);
if (problems.length === 0) console.log('import: no adapter; cryptoprocessing provider: coinspaid only');
process.exit(problems.length === 0 ? 0 : 1);
