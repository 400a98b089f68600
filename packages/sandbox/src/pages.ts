import type { FastifyPluginAsync, FastifyReply, onRequestAsyncHookHandler } from 'fastify';
import * as E from 'fp-ts/Either';
import { decodePaymentKind, jsonBody } from './control';
import type { Emulation } from './emulator';
import { rawBody } from './http';
import { PAYMENT_KINDS, type PaymentKind, type SandboxInvoiceState } from './types';

const PAY_LABELS: Readonly<Record<PaymentKind, string>> = {
  full: 'Pay in full',
  partial: 'Pay part',
  over: 'Overpay',
  unconfirmed: 'Pay, never confirmed',
};

// `New` is BTCPay's open status (part-paid invoices stay New until they expire).
const OPEN_STATUSES: ReadonlySet<string> = new Set(['created', 'pending', 'partial', 'New']);

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const button = (action: string, kind: string | null, label: string): string =>
  `<button type="button" data-action="${escapeHtml(action)}"${
    kind === null ? '' : ` data-kind="${escapeHtml(kind)}"`
  }>${escapeHtml(label)}</button>`;

const ACTIONS_SCRIPT = `<script>
(function(){var buttons=document.querySelectorAll('button[data-action]');var error=document.getElementById('error');
function enable(on){buttons.forEach(function(b){b.disabled=!on;});}
buttons.forEach(function(b){b.addEventListener('click',function(){enable(false);error.textContent='';
fetch(b.dataset.action,{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify(b.dataset.kind===undefined?{}:{kind:b.dataset.kind})})
.then(function(res){if(res.ok){location.reload();return;}return res.json().then(function(body){throw new Error(body.error);});})
.catch(function(e){error.textContent=String(e.message);enable(true);});});});})();
</script>`;

/** The hosted invoice page: amount, pay currency, address, status, countdown and the provider's payment buttons. */
export const invoicePage = (
  state: SandboxInvoiceState,
  code: string,
  provider: Pick<Emulation, 'name' | 'pageKinds'>,
): string => {
  const base = `/pay/${state.provider}/${encodeURIComponent(code)}`;
  const open = OPEN_STATUSES.has(state.status);
  const row = (label: string, value: string, id?: string) =>
    `<tr><th>${escapeHtml(label)}</th><td${id === undefined ? '' : ` id="${id}"`}>${escapeHtml(value)}</td></tr>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(provider.name)} invoice ${escapeHtml(state.id)} — invoicekit sandbox</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}
th{text-align:left;padding-right:1rem;color:#666;font-weight:normal}td{font-family:ui-monospace,monospace;word-break:break-all}
.amount{font-size:2rem;margin:1rem 0}.actions{display:flex;gap:.5rem;flex-wrap:wrap;margin-top:1.5rem}
.status{display:inline-block;padding:.1rem .5rem;border-radius:.3rem;background:#eef}
</style>
</head>
<body>
<p>${escapeHtml(provider.name)} · invoicekit sandbox · no real money moves</p>
<h1>Invoice ${escapeHtml(state.id)}</h1>
<p class="amount" id="pay-amount">${escapeHtml(state.payment.remaining)} ${escapeHtml(state.payment.currency)}</p>
<table>
${row('Status', state.status, 'status')}
${row('Price', `${state.price.amount} ${state.price.currency}`, 'price')}
${row('Total to pay', `${state.payment.amount} ${state.payment.currency}`, 'total')}
${row('Paid so far', `${state.payment.paid} ${state.payment.currency}`, 'paid')}
${row('Pay currency', state.payment.currency, 'currency')}
${row('Address', state.payment.address ?? '(assigned when you pay)', 'address')}
${state.payment.tag === null ? '' : row('Tag / memo', state.payment.tag, 'tag')}
${row('Order', state.orderId ?? '—', 'order')}
${row('Expires', state.expiresAt === null ? 'no timer' : state.expiresAt, 'expires-at')}
${state.expiresAt === null ? '' : row('Time left', '…', 'countdown')}
</table>
${
  open
    ? `<div class="actions">
${PAYMENT_KINDS.map((kind) => (provider.pageKinds.includes(kind) ? button(`${base}/pay`, kind, PAY_LABELS[kind]) : '')).join('\n')}
${button(`${base}/expire`, null, 'Let it expire')}
</div>
<p id="error" role="alert"></p>
${ACTIONS_SCRIPT}`
    : '<p>This invoice is closed.</p>'
}
${
  state.expiresAt === null
    ? ''
    : `<script>
(function(){var end=Date.parse(${JSON.stringify(state.expiresAt)});var el=document.getElementById('countdown');
function tick(){var s=Math.max(0,Math.floor((end-Date.now())/1000));var h=Math.floor(s/3600),m=Math.floor(s%3600/60),r=s%60;
el.textContent=(h>0?h+'h ':'')+m+'m '+(r<10?'0':'')+r+'s';if(s>0)setTimeout(tick,1000);}tick();})();
</script>`
}
</body>
</html>
`;
};

const missing = (reply: FastifyReply) =>
  reply
    .code(404)
    .type('text/html; charset=utf-8')
    .send('<!doctype html><title>Not found</title><h1>No such invoice</h1>');

/**
 * `GET /pay/:provider/:code` and its buttons' targets `POST …/pay` (`{"kind": …}`) and `POST …/expire`,
 * which answer the new state as JSON; `guard` screens the posts.
 */
export const pageRoutes =
  (emulations: ReadonlyMap<string, Emulation>, guard: onRequestAsyncHookHandler): FastifyPluginAsync =>
  async (app) => {
    const lookup = (provider: string, code: string) => {
      const emulation = emulations.get(provider);
      const state = emulation?.findByCode(code);
      return emulation === undefined || state === undefined ? undefined : { emulation, state };
    };

    app.get<{ Params: { provider: string; code: string } }>(
      '/pay/:provider/:code',
      async (request, reply) => {
        const found = lookup(request.params.provider, request.params.code);
        return found === undefined
          ? missing(reply)
          : reply
              .type('text/html; charset=utf-8')
              .send(invoicePage(found.state, request.params.code, found.emulation));
      },
    );

    app.post<{ Params: { provider: string; code: string; action: string } }>(
      '/pay/:provider/:code/:action',
      { onRequest: guard },
      async (request, reply) => {
        const { provider, code, action } = request.params;
        const found = lookup(provider, code);
        if (found === undefined || (action !== 'pay' && action !== 'expire'))
          return reply
            .code(404)
            .send({ error: `no invoice page /pay/${provider}/${code} with action ${action}` });
        const kind =
          action === 'pay' ? E.flatMap(decodePaymentKind)(jsonBody(rawBody(request))) : E.right(null);
        if (E.isLeft(kind)) return reply.code(400).send({ error: kind.left });
        const result =
          kind.right === null
            ? await found.emulation.expire(found.state.id)
            : await found.emulation.pay(found.state.id, kind.right);
        return E.isLeft(result)
          ? reply.code(result.left.status).send({ error: result.left.message })
          : reply.send(result.right);
      },
    );
  };
