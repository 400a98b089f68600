import * as E from 'fp-ts/Either';
import { noWebhookUrl, openInvoice, stepFor, unknownEvent, type Engine, type EngineContext } from '../engine';
import { PAYMENT_KINDS } from '../types';
import { createStore } from '../store';
import {
  btcpayCanMarkInvalid,
  btcpayExpired,
  btcpayId,
  btcpayIsOpen,
  btcpayMarkedInvalid,
  btcpayPaid,
  btcpayState,
  btcpayTakesPayment,
  btcpayUnconfirmedTooLong,
  newBtcpayInvoice,
  type BtcpayInvoiceRecord,
  type BtcpayStep,
} from './invoice';
import { btcpayRoutes } from './routes';
import type { BtcpayCredentials, BtcpayId } from './settings';
import type { BtcpayCreate } from './validate';
import { btcpayEventBody, createBtcpayDeliveries } from './webhooks';

/** The emulation of one BTCPay store (`/btcpay`): invoices, their status machine and the store's webhook. */
export const btcpayEngine = (provider: BtcpayId, ctx: EngineContext<BtcpayCredentials>): Engine => {
  const store = createStore<BtcpayInvoiceRecord>();
  const timers = ctx.timers();
  const deliveries = createBtcpayDeliveries(ctx.deliveryLogLimit);

  const send = async (event: Readonly<Record<string, unknown>>, invoiceId: string): Promise<void> => {
    const url = ctx.webhookUrl();
    if (url === undefined) return;
    const attempts = deliveries.start(event, invoiceId, url, ctx.credentials().secretKey);
    const chain = ctx.deliver(attempts.build);
    void chain.last.then(attempts.settle);
    await chain.first;
  };

  // BTCPay sends a webhook's deliveries one after another (WebhookSender's queue per webhook).
  const notify = async ({ invoice, events }: BtcpayStep): Promise<void> => {
    for (const draft of events) {
      await send(btcpayEventBody(draft, invoice, deliveries.webhookId, ctx.now()), invoice.id);
    }
  };

  const watch = (inv: BtcpayInvoiceRecord): void => {
    if (inv.status === 'New') timers.schedule(inv.id, inv.expiresAt, () => void expire(inv.id));
    else if (inv.status === 'Processing' || inv.status === 'Expired')
      timers.schedule(inv.id, inv.monitoringUntil, () => void monitoringEnded(inv.id));
    else timers.cancel(inv.id);
  };

  const save = (step: BtcpayStep): BtcpayStep => {
    store.put(step.invoice.id, step.invoice);
    watch(step.invoice);
    return step;
  };

  // Each state is saved before its events go out, as the adapter reads the invoice back on each one;
  // a later state is dropped when something else (expiry, marking) changed the invoice in between.
  const apply = async (...steps: ReadonlyArray<BtcpayStep>) => {
    let current: BtcpayInvoiceRecord | undefined;
    for (const step of steps) {
      if (current !== undefined && store.get(current.id) !== current) break;
      current = save(step).invoice;
      await notify(step);
    }
    return btcpayState(store.get(steps[0]!.invoice.id) ?? steps[0]!.invoice);
  };

  const expire: Engine['expire'] = async (id) => {
    const open = openInvoice(provider, id, store.get(id), btcpayIsOpen);
    return E.isLeft(open) ? open : E.right(await apply(btcpayExpired(open.right)));
  };

  const monitoringEnded = async (id: string): Promise<void> => {
    const inv = store.get(id);
    if (inv?.status === 'Processing') await apply(btcpayUnconfirmedTooLong(inv));
  };

  const create = (request: BtcpayCreate): BtcpayInvoiceRecord => {
    const id = btcpayId();
    const step = save({
      invoice: newBtcpayInvoice(
        request,
        { id, storeId: ctx.credentials().shopId, checkoutLink: ctx.pageUrl(id) },
        ctx.now(),
      ),
      events: [{ type: 'InvoiceCreated', fields: {} }],
    });
    void notify(step);
    return step.invoice;
  };

  const markInvalid = (inv: BtcpayInvoiceRecord): E.Either<'not_markable', BtcpayInvoiceRecord> => {
    if (!btcpayCanMarkInvalid(inv)) return E.left('not_markable');
    const step = save(btcpayMarkedInvalid(inv));
    void notify(step);
    return E.right(step.invoice);
  };

  const redeliver = (deliveryId: string): string | undefined => {
    const stored = deliveries.find(deliveryId);
    const url = ctx.webhookUrl();
    if (stored === undefined || url === undefined) return undefined;
    const attempts = deliveries.start(
      { ...stored.event, isRedelivery: true },
      stored.invoiceId,
      url,
      ctx.credentials().secretKey,
    );
    const first = attempts.build();
    let built = false;
    // The first attempt is the one built here, so its delivery id can be answered before it is sent.
    void ctx.deliver(() => (built ? attempts.build() : ((built = true), first))).last.then(attempts.settle);
    return JSON.parse(first.body).deliveryId as string;
  };

  const events = [
    'InvoiceCreated',
    'InvoiceReceivedPayment',
    'InvoicePaymentSettled',
    'InvoiceProcessing',
    'InvoiceSettled',
    'InvoiceExpired',
    'InvoiceInvalid',
  ];

  const trigger: Engine['trigger'] = (event, id) => {
    const url = ctx.webhookUrl();
    if (!events.includes(event)) return E.left(unknownEvent(provider, event, events));
    if (url === undefined) return E.left(noWebhookUrl(provider));
    const known =
      id === undefined
        ? create({
            amount: '10',
            currency: 'USD',
            metadata: {},
            expirationMinutes: 15,
            monitoringMinutes: 1440,
            speedPolicy: 'MediumSpeed',
            redirectURL: null,
          })
        : store.get(id);
    if (known === undefined) return E.left({ status: 404, message: `no ${provider} invoice ${id ?? ''}` });
    const drafts = [
      { type: 'InvoiceCreated', fields: {} },
      ...PAYMENT_KINDS.flatMap((kind) => btcpayPaid(known, kind, ctx.now()).flatMap((step) => step.events)),
      ...btcpayExpired(known).events,
      ...btcpayUnconfirmedTooLong(known).events,
    ];
    const draft = stepFor(event, drafts, (d) => d.type) ?? { type: event, fields: {} };
    return E.right({
      body: btcpayEventBody(draft, known, deliveries.webhookId, ctx.now()),
      sign: (body) => deliveries.start(body, known.id, url, ctx.credentials().secretKey).build(),
    });
  };

  return {
    events,
    trigger,
    routes: btcpayRoutes({
      intercept: ctx.intercept,
      keys: ctx.credentials,
      webhookId: deliveries.webhookId,
      create,
      find: (id) => store.get(id),
      all: () => store.all(),
      markInvalid,
      deliveries: () => deliveries.list(),
      redeliver,
    }),
    find: (id) => {
      const inv = store.get(id);
      return inv === undefined ? undefined : btcpayState(inv);
    },
    findByCode: (code) => {
      const inv = store.get(code);
      return inv === undefined ? undefined : btcpayState(inv);
    },
    list: () => store.all().map(btcpayState),
    pay: async (id, kind) => {
      const open = openInvoice(provider, id, store.get(id), (inv) => btcpayTakesPayment(inv, ctx.now()));
      return E.isLeft(open) ? open : E.right(await apply(...btcpayPaid(open.right, kind, ctx.now())));
    },
    expire,
    sendCallback: async () =>
      E.left({
        status: 400,
        message:
          'the BTCPay emulator sends invoice events only; redeliver one with POST …/deliveries/{id}/redeliver',
      }),
    close: () => timers.close(),
  };
};
