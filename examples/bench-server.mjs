// A minimal keep-alive HTTP server for `pnpm bench`: answers every POST with a fixed provider body.
import http from 'node:http';

const coinspaidBody = JSON.stringify({
  data: {
    id: 826906,
    url: 'https://invoices.sandbox.cryptoprocessing.com/invoice/ZKeDtw',
    foreign_id: 'bench-order',
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
const cryptocloudBody = JSON.stringify({
  status: 'success',
  result: {
    uuid: 'INV-89UX09KA',
    created: '2026-01-27 09:03:58.958133',
    address: '0xb07427fc721C23674c48233ffE93D3846ee58B63',
    expiry_date: '2026-01-28 09:03:57.493361',
    side_commission: 'client',
    side_commission_service: 'merchant',
    type_payments: 'crypto',
    amount: 0.034187,
    amount_usd: 100.0,
    amount_in_fiat: 149.9,
    fee: 1.499999996212864e-6,
    fee_usd: 0.0,
    service_fee: 0.00065,
    service_fee_usd: 1.9,
    fiat_currency: 'EUR',
    status: 'created',
    is_email_required: false,
    link: 'https://pay.cryptocloud.plus/89UX09KA',
    invoice_id: null,
    currency: {
      id: 3,
      code: 'ETH',
      fullcode: 'ETH',
      network: { code: 'ERC20', id: 3, fullname: 'Ethereum' },
      name: 'Ethereum',
    },
    project: { id: 1, name: 'Bench' },
    test_mode: false,
  },
});

const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    const isCryptocloud = (req.url ?? '').startsWith('/cryptocloud/');
    const body = isCryptocloud ? cryptocloudBody : coinspaidBody;
    res.writeHead(isCryptocloud ? 200 : 201, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
