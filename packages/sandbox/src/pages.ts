import type { FastifyPluginAsync, FastifyReply, onRequestAsyncHookHandler } from 'fastify';
import * as E from 'fp-ts/Either';
import { decodePaymentKind, jsonBody } from './control';
import type { Emulation } from './emulator';
import { rawBody } from './http';
import type { InvoiceStatus } from '@invoicekit/core';
import { canonicalStatus, isPayable } from './dashboardStatus';
import { PAYMENT_KINDS, type PaymentKind, type SandboxInvoiceState } from './types';

const PAY_LABELS: Readonly<Record<PaymentKind, string>> = {
  full: 'Pay in full',
  partial: 'Pay part',
  over: 'Overpay',
  unconfirmed: 'Pay, never confirmed',
};

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON for a `<script>` element: `<` escaped so no text closes the element. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

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

/** Seconds a hosted page shows the outcome before it sends the customer back to the shop by itself. */
export const REDIRECT_SECONDS = 3;

const SUCCESS: ReadonlySet<InvoiceStatus> = new Set(['paid', 'overpaid']);
const FAILURE: ReadonlySet<InvoiceStatus> = new Set(['expired', 'failed', 'cancelled']);

/** Where the page sends the customer now, and whether by itself (after `REDIRECT_SECONDS`) or through a link. */
export interface PageReturn {
  readonly url: string;
  readonly automatic: boolean;
  readonly label: string;
}

/**
 * The shop page a hosted page leads back to in `status`: the success URL once paid, the failure URL
 * once closed without payment, the `back` link while open where the provider offers one (Cryptomus'
 * `url_return`). Automatic only where the provider redirects by itself.
 */
export const pageReturn = (state: SandboxInvoiceState, status: InvoiceStatus): PageReturn | undefined => {
  const { success, failure, back, automatic } = state.returnUrls;
  if (SUCCESS.has(status) && success !== null)
    return { url: success, automatic, label: 'Return to the store' };
  if (FAILURE.has(status) && failure !== null)
    return { url: failure, automatic, label: 'Return to the store' };
  return isPayable(status) && back !== null
    ? { url: back, automatic: false, label: 'Back to the store' }
    : undefined;
};

const isWebUrl = (url: string): boolean => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol);

const REFRESH_MS = 1000;

/** What the page polls: the state, its canonical status and the sandbox clock. */
export interface PageState {
  readonly state: SandboxInvoiceState;
  readonly canonical: InvoiceStatus;
  readonly nowMs: number;
}

/** The hosted invoice page: amount left to pay, state, countdown, buttons, the way back to the shop; it refreshes as the state changes. */
export const invoicePage = (
  state: SandboxInvoiceState,
  code: string,
  provider: Pick<Emulation, 'name' | 'pageKinds'>,
  nowMs: number,
): string => {
  const base = `/pay/${state.provider}/${encodeURIComponent(code)}`;
  const canonical = canonicalStatus(state, nowMs);
  const open = isPayable(canonical);
  const back = pageReturn(state, canonical);
  const redirect = back !== undefined && back.automatic && isWebUrl(back.url) ? back : undefined;
  const row = (label: string, value: string, id?: string) =>
    `<tr><th>${escapeHtml(label)}</th><td${id === undefined ? '' : ` id="${id}"`}>${escapeHtml(value)}</td></tr>`;
  const pay = state.payment;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${redirect === undefined ? '' : `<meta http-equiv="refresh" content="${REDIRECT_SECONDS};url=${escapeHtml(redirect.url)}">`}
<title>${escapeHtml(provider.name)} invoice ${escapeHtml(state.id)} — invoicekit sandbox</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}
th{text-align:left;padding-right:1rem;color:#666;font-weight:normal}td{font-family:ui-monospace,monospace;word-break:break-all}
.amount-label{margin:1rem 0 0;color:#666}.amount{font-size:2rem;margin:0 0 1rem}.actions{display:flex;gap:.5rem;flex-wrap:wrap;margin-top:1.5rem}
.status{display:inline-block;padding:.1rem .5rem;border-radius:.3rem;background:#eef}.word{color:#666}
</style>
</head>
<body>
<p>${escapeHtml(provider.name)} · invoicekit sandbox · no real money moves</p>
<h1>Invoice ${escapeHtml(state.id)}</h1>
<p class="amount-label" id="pay-amount-label">${open ? 'Left to pay' : 'Left unpaid'}</p>
<p class="amount" id="pay-amount">${escapeHtml(pay.remaining)} ${escapeHtml(pay.currency)}</p>
<table>
<tr><th>Status</th><td><span class="status" id="canonical-status">${escapeHtml(canonical)}</span> <span class="word">${escapeHtml(provider.name)}: <span id="status">${escapeHtml(state.status)}</span></span></td></tr>
${row('Price', `${state.price.amount} ${state.price.currency}`, 'price')}
${row('Total to pay', `${pay.amount} ${pay.currency}`, 'total')}
${row('Paid so far', `${pay.paid} ${pay.currency}`, 'paid')}
${row('Pay currency', pay.currency, 'currency')}
${row('Address', pay.address ?? '(assigned when you pay)', 'address')}
${pay.tag === null ? '' : row('Tag / memo', pay.tag, 'tag')}
${row('Order', state.orderId ?? '—', 'order')}
${row('Expires', state.expiresAt === null ? 'no timer' : state.expiresAt, 'expires-at')}
${state.expiresAt === null ? '' : row('Time left', open ? '…' : 'closed', 'countdown')}
</table>
${
  open
    ? `<div class="actions">
${PAYMENT_KINDS.map((kind) => (provider.pageKinds.includes(kind) ? button(`${base}/pay`, kind, PAY_LABELS[kind]) : '')).join('\n')}
${button(`${base}/expire`, null, 'Let it expire')}
</div>
<p id="error" role="alert"></p>
${ACTIONS_SCRIPT}`
    : '<p id="closed">This invoice is closed.</p>'
}
${
  back === undefined || !isWebUrl(back.url)
    ? ''
    : `<p><a id="return" href="${escapeHtml(back.url)}">${escapeHtml(back.label)}</a>${
        redirect === undefined
          ? ''
          : ` <span id="redirecting">(taking you there in ${REDIRECT_SECONDS} s)</span>`
      }</p>`
}
<script>
(function(){var seen=${scriptJson({ status: state.status, paid: pay.paid, canonical })};var serverNow=${nowMs};var loaded=Date.now();
var end=${state.expiresAt === null || !open ? 'null' : Date.parse(state.expiresAt)};var el=document.getElementById('countdown');
function now(){return serverNow+(Date.now()-loaded);}
function tick(){if(end===null||el===null)return;var s=Math.max(0,Math.floor((end-now())/1000));var h=Math.floor(s/3600),m=Math.floor(s%3600/60),r=s%60;
el.textContent=(h>0?h+'h ':'')+m+'m '+(r<10?'0':'')+r+'s';if(s>0)setTimeout(tick,1000);}
function poll(){fetch(${scriptJson(`${base}/state`)},{cache:'no-store'}).then(function(res){return res.ok?res.json():null;})
.then(function(body){if(body===null)return;serverNow=body.nowMs;loaded=Date.now();
if(body.state.status!==seen.status||body.state.payment.paid!==seen.paid||body.canonical!==seen.canonical){location.reload();return;}setTimeout(poll,${REFRESH_MS});})
.catch(function(){setTimeout(poll,${REFRESH_MS});});}
tick();setTimeout(poll,${REFRESH_MS});})();
</script>
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
 * `GET /pay/:provider/:code`, the `GET …/state` it polls (`PageState`), and its buttons' targets
 * `POST …/pay` (`{"kind": …}`) and `POST …/expire`, which answer the new state as JSON; `guard` screens
 * the posts; `now` is the sandbox clock.
 */
export const pageRoutes =
  (
    emulations: ReadonlyMap<string, Emulation>,
    guard: onRequestAsyncHookHandler,
    now: () => number,
  ): FastifyPluginAsync =>
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
              .send(invoicePage(found.state, request.params.code, found.emulation, now()));
      },
    );

    app.get<{ Params: { provider: string; code: string } }>(
      '/pay/:provider/:code/state',
      async (request, reply) => {
        const found = lookup(request.params.provider, request.params.code);
        if (found === undefined) return reply.code(404).send({ error: 'no such invoice' });
        const nowMs = now();
        const body: PageState = { state: found.state, canonical: canonicalStatus(found.state, nowMs), nowMs };
        return reply.header('cache-control', 'no-store').send(body);
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
