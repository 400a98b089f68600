import type { InvoiceStatus } from '@invoicekit/core';
import { canonicalStatus, isPayable } from './dashboardStatus';
import { escapeHtml, scriptJson } from './pages';
import { PAYMENT_KINDS, type PaymentKind, type SandboxInvoiceState, type WebhookDelivery } from './types';

/** One emulated provider as the dashboard lists it. */
export interface DashboardProvider {
  readonly provider: string;
  readonly name: string;
  /** Its API root below the sandbox address. */
  readonly prefix: string;
  /** The payment kinds its pay buttons offer. */
  readonly pageKinds: ReadonlyArray<PaymentKind>;
}

/** Everything the dashboard shows, read at one moment. */
export interface DashboardSnapshot {
  /** The sandbox clock, in milliseconds since the epoch. */
  readonly nowMs: number;
  readonly providers: ReadonlyArray<DashboardProvider>;
  /** Every provider's invoices, oldest first. */
  readonly invoices: ReadonlyArray<SandboxInvoiceState>;
  /** Every delivery attempt, oldest first. */
  readonly deliveries: ReadonlyArray<WebhookDelivery>;
}

/** How often the dashboard asks for a fresh view, in milliseconds. */
export const DASHBOARD_REFRESH_MS = 1000;

/** Where the dashboard fetches its fresh `<main>`. */
export const DASHBOARD_FRAGMENT_PATH = '/_sandbox/dashboard';

const PAY_LABELS: Readonly<Record<PaymentKind, string>> = {
  full: 'Pay',
  partial: 'Pay part',
  over: 'Overpay',
  unconfirmed: 'Pay, never confirm',
};

const TONE: Readonly<Partial<Record<InvoiceStatus, string>>> = {
  paid: 'good',
  overpaid: 'good',
  processing: 'busy',
  partially_paid: 'busy',
  held: 'busy',
  expired: 'bad',
  failed: 'bad',
  cancelled: 'bad',
};

const text = escapeHtml;

const action = (path: string, label: string, body: Readonly<Record<string, string>> = {}): string =>
  `<button type="button" data-action="${text(path)}" data-body="${text(JSON.stringify(body))}">${text(label)}</button>`;

const invoiceActions = (
  invoice: SandboxInvoiceState,
  status: InvoiceStatus,
  provider: DashboardProvider | undefined,
): string => {
  if (!isPayable(status)) return '';
  const base = `/_sandbox/${encodeURIComponent(invoice.provider)}/invoices/${encodeURIComponent(invoice.id)}`;
  return [
    ...PAYMENT_KINDS.filter((kind) => provider?.pageKinds.includes(kind) ?? kind === 'full').map((kind) =>
      action(`${base}/pay`, PAY_LABELS[kind], { kind }),
    ),
    action(`${base}/expire`, 'Expire'),
  ].join(' ');
};

const invoiceRow = (
  invoice: SandboxInvoiceState,
  nowMs: number,
  providers: ReadonlyMap<string, DashboardProvider>,
): string => {
  const provider = providers.get(invoice.provider);
  const status = canonicalStatus(invoice, nowMs);
  const pay = invoice.payment;
  return `<tr data-invoice="${text(`${invoice.provider}/${invoice.id}`)}">
<td>${text(provider?.name ?? invoice.provider)}</td>
<td class="mono"><a href="${text(invoice.url)}" target="_blank" rel="noopener">${text(invoice.id)}</a></td>
<td class="mono">${text(invoice.orderId ?? '—')}</td>
<td><span class="status ${TONE[status] ?? ''}" data-canonical>${text(status)}</span> <span class="word" data-word>${text(invoice.status)}</span></td>
<td class="num">${text(invoice.price.amount)} ${text(invoice.price.currency)}</td>
<td class="num">${text(pay.amount)} ${text(pay.currency)}</td>
<td class="num" data-paid>${text(pay.paid)}</td>
<td class="num" data-remaining>${text(pay.remaining)}</td>
<td class="actions">${invoiceActions(invoice, status, provider)}</td>
</tr>`;
};

const answerOf = (d: WebhookDelivery): string =>
  d.statusCode !== null ? `HTTP ${d.statusCode}` : (d.error ?? 'no answer');

const deliveryBlock = (d: WebhookDelivery, providers: ReadonlyMap<string, DashboardProvider>): string => {
  const headers = Object.entries({ 'Content-Type': d.contentType, ...d.headers });
  return `<details class="delivery ${d.ok ? 'ok' : 'failed'}" id="delivery-${text(d.id)}">
<summary><span class="mono">${text(d.id)}</span> · ${text(providers.get(d.provider)?.name ?? d.provider)} · <b>${text(d.event)}</b> · invoice <span class="mono">${text(d.invoiceId)}</span> · attempt ${d.attempt}/${d.attempts}${
    d.resendOf === null ? '' : ` · resend of <span class="mono">${text(d.resendOf)}</span>`
  } · <span class="answer">${text(answerOf(d))}</span> · ${d.ms} ms
${action(`/_sandbox/deliveries/${encodeURIComponent(d.id)}/resend`, 'Resend')}</summary>
<dl>
<dt>Sent</dt><dd class="mono">POST ${text(d.url)} at ${text(d.at)}${d.nextRetryAt === null ? '' : `; next retry at ${text(d.nextRetryAt)}`}</dd>
<dt>Headers</dt><dd><table>${headers.map(([name, value]) => `<tr><th>${text(name)}</th><td class="mono">${text(value)}</td></tr>`).join('')}</table></dd>
<dt>Body (exact bytes)</dt><dd><pre>${text(d.body)}</pre></dd>
</dl>
</details>`;
};

/** The dashboard's `<main>`: invoices newest first with their pay and expire buttons, then deliveries newest first. */
export const dashboardMain = (snapshot: DashboardSnapshot): string => {
  const providers = new Map(snapshot.providers.map((p) => [p.provider, p]));
  const invoices = [...snapshot.invoices].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const deliveries = [...snapshot.deliveries].reverse();
  return `<section>
<h2>Invoices <small>${invoices.length}</small></h2>
${
  invoices.length === 0
    ? '<p class="empty">No invoice yet: create one through a provider API below.</p>'
    : `<table class="invoices">
<thead><tr><th>Provider</th><th>Invoice</th><th>Order</th><th>Status</th><th>Price</th><th>To pay</th><th>Paid</th><th>Left</th><th></th></tr></thead>
<tbody>
${invoices.map((invoice) => invoiceRow(invoice, snapshot.nowMs, providers)).join('\n')}
</tbody>
</table>`
}
</section>
<section>
<h2>Deliveries <small>${deliveries.length}</small></h2>
${
  deliveries.length === 0
    ? '<p class="empty">No webhook sent yet.</p>'
    : deliveries.map((d) => deliveryBlock(d, providers)).join('\n')
}
</section>
<section>
<h2>Providers</h2>
<p>${snapshot.providers.map((p) => `${text(p.name)} <span class="mono">${text(p.prefix)}</span>`).join(' · ')}</p>
<p class="clock">Sandbox clock: <span class="mono">${text(new Date(snapshot.nowMs).toISOString())}</span></p>
</section>`;
};

const SCRIPT = `(function(){var main=document.querySelector('main');var error=document.getElementById('error');var last=main.innerHTML;
function refresh(){return fetch(${scriptJson(DASHBOARD_FRAGMENT_PATH)},{cache:'no-store'}).then(function(res){return res.ok?res.text():null;})
.then(function(html){if(html===null||html===last)return;var open=[].map.call(main.querySelectorAll('details[open]'),function(d){return d.id;});
last=html;main.innerHTML=html;open.forEach(function(id){var d=document.getElementById(id);if(d)d.open=true;});});}
function loop(){refresh().catch(function(){}).then(function(){setTimeout(loop,${DASHBOARD_REFRESH_MS});});}
document.addEventListener('click',function(e){var b=e.target.closest('button[data-action]');if(!b)return;e.preventDefault();b.disabled=true;error.textContent='';
fetch(b.dataset.action,{method:'POST',headers:{'Content-Type':'application/json'},body:b.dataset.body})
.then(function(res){if(res.ok)return;return res.json().then(function(body){throw new Error(body.error);});})
.catch(function(err){error.textContent=String(err.message);}).then(function(){b.disabled=false;return refresh();});});
setTimeout(loop,${DASHBOARD_REFRESH_MS});})();`;

/** The dashboard at `/`: invoices and deliveries, refreshed every `DASHBOARD_REFRESH_MS` while it is open. */
export const dashboardPage = (snapshot: DashboardSnapshot): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>invoicekit sandbox</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222;font-size:14px}
h1{font-size:1.4rem;margin:0}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}h2 small{color:#888;font-weight:normal}
.mono,pre,td.num{font-family:ui-monospace,monospace}
table{border-collapse:collapse}.invoices th,.invoices td{padding:.3rem .5rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
.invoices th{color:#666;font-weight:normal}td.num{text-align:right}
.status{display:inline-block;padding:0 .4rem;border-radius:.3rem;background:#eef}.status.good{background:#dfd}.status.busy{background:#ffd}.status.bad{background:#fdd}
.word{color:#666}.actions button{margin-right:.2rem}
.delivery{border-left:4px solid #6a6;padding:.2rem .6rem;margin:.3rem 0;background:#fafafa}.delivery.failed{border-color:#c55}
.delivery summary{cursor:pointer}.delivery dt{color:#666;margin-top:.4rem}.delivery dd{margin:0}.delivery th{text-align:left;color:#666;font-weight:normal;padding-right:1rem}
pre{white-space:pre-wrap;word-break:break-all;background:#fff;border:1px solid #eee;padding:.4rem;margin:.2rem 0}
#error{color:#b00;min-height:1.2em}.empty,.clock{color:#888}
</style>
</head>
<body>
<header><h1>invoicekit sandbox</h1><p>Emulated providers on this machine; no real money moves.</p><p id="error" role="alert"></p></header>
<main>
${dashboardMain(snapshot)}
</main>
<script>
${SCRIPT}
</script>
</body>
</html>
`;
