import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { noWebhookUrl, openInvoice, stepFor, unknownEvent, type Engine, type EngineContext } from '../engine';
import { createStore } from '../store';
import { PAYMENT_KINDS, type SandboxInvoiceState } from '../types';
import { signedWebhook } from './auth';
import {
  cryptomusExpired,
  cryptomusIsOpen,
  cryptomusPaymentSteps,
  cryptomusState,
  cryptomusWebhookFields,
  newCryptomusInvoice,
  type CryptomusCreate,
  type CryptomusInvoice,
} from './invoice';
import { cryptomusRoutes } from './routes';
import type { CryptomusCredentials, CryptomusFamilyId } from './settings';
import type { CryptomusTestWebhook } from './validate';

/** The emulation of one Cryptomus-protocol provider (`/cryptomus`, `/heleket`). */
export const cryptomusEngine = (
  provider: CryptomusFamilyId,
  ctx: EngineContext<CryptomusCredentials>,
): Engine => {
  const store = createStore<CryptomusInvoice, 'orderId'>({ orderId: (inv) => inv.request.orderId });
  const timers = ctx.timers();

  const save = (inv: CryptomusInvoice): CryptomusInvoice => {
    if (!cryptomusIsOpen(inv)) timers.cancel(inv.uuid);
    return store.put(inv.uuid, inv);
  };

  // Webhooks go to the invoice's url_callback, else to the sandbox's webhook URL for this provider.
  const notify = async (inv: CryptomusInvoice, fields = cryptomusWebhookFields(inv), to?: string) => {
    const url = to ?? inv.request.callbackUrl ?? ctx.webhookUrl();
    if (url === undefined) return;
    await ctx.deliver(() =>
      signedWebhook(
        { provider, invoiceId: inv.uuid, event: String(fields.status), url },
        fields,
        ctx.credentials().apiKey,
      ),
    ).first;
  };

  // A step applies only while the invoice is as the step before left it.
  const runSteps = async (steps: ReadonlyArray<CryptomusInvoice>): Promise<SandboxInvoiceState> => {
    let previous: CryptomusInvoice | undefined;
    for (const step of steps) {
      if (previous !== undefined && store.get(step.uuid) !== previous) break;
      previous = save(step);
      await notify(step);
    }
    const last = store.get(steps[0]?.uuid ?? '');
    if (last === undefined) throw new Error('a lifecycle step lost its invoice');
    return cryptomusState(last);
  };

  const withOpen = async (id: string, steps: (inv: CryptomusInvoice) => ReadonlyArray<CryptomusInvoice>) => {
    const open = openInvoice(provider, id, store.get(id), cryptomusIsOpen);
    return E.isLeft(open) ? open : E.right(await runSteps(steps(open.right)));
  };

  const expire = (id: string) => withOpen(id, (inv) => [cryptomusExpired(inv, ctx.now())]);

  const find = (by: { readonly uuid: string | null; readonly orderId: string | null }) =>
    by.orderId !== null ? store.by('orderId', by.orderId) : by.uuid === null ? undefined : store.get(by.uuid);

  const create = (request: CryptomusCreate): CryptomusInvoice => {
    const existing = find({ uuid: null, orderId: request.orderId });
    if (existing !== undefined) return existing;
    const uuid = randomUUID();
    const inv = newCryptomusInvoice(provider, request, { uuid, url: ctx.pageUrl(uuid) }, ctx.now());
    timers.schedule(inv.uuid, inv.expiresAt, () => void expire(inv.uuid));
    return save(inv);
  };

  // "no data is saved to the database": a known invoice lends its data, otherwise a test invoice is made up.
  const testWebhook = (request: CryptomusTestWebhook): void => {
    const known = find({ uuid: request.uuid, orderId: request.orderId });
    const base =
      known ??
      newCryptomusInvoice(
        provider,
        {
          amount: '10',
          currency: request.currency,
          orderId: request.orderId ?? `test_${randomUUID().slice(0, 8)}`,
          lifetimeSeconds: 3600,
          toCurrency: request.currency,
          network: request.network,
          callbackUrl: request.urlCallback,
          returnUrl: null,
          successUrl: null,
          isPaymentMultiple: true,
          additionalData: null,
        },
        { uuid: request.uuid ?? randomUUID(), url: ctx.pageUrl('test') },
        ctx.now(),
      );
    void notify(base, cryptomusWebhookFields(base, request.status), request.urlCallback);
  };

  const events = [
    'confirm_check',
    'paid',
    'paid_over',
    'wrong_amount',
    'wrong_amount_waiting',
    'locked',
    'cancel',
  ];

  const trigger: Engine['trigger'] = (event, id) => {
    if (!events.includes(event)) return E.left(unknownEvent(provider, event, events));
    const known =
      id === undefined
        ? create({
            amount: '10',
            currency: 'USD',
            orderId: `trigger-${randomUUID().slice(0, 8)}`,
            lifetimeSeconds: 3600,
            toCurrency: null,
            network: null,
            callbackUrl: null,
            returnUrl: null,
            successUrl: null,
            isPaymentMultiple: true,
            additionalData: null,
          })
        : store.get(id);
    if (known === undefined) return E.left({ status: 404, message: `no ${provider} invoice ${id ?? ''}` });
    const url = known.request.callbackUrl ?? ctx.webhookUrl();
    if (url === undefined) return E.left(noWebhookUrl(provider));
    const single = { ...known, request: { ...known.request, isPaymentMultiple: false } };
    const candidates = [
      ...PAYMENT_KINDS.flatMap((kind) => cryptomusPaymentSteps(known, kind, ctx.now())),
      ...cryptomusPaymentSteps(single, 'partial', ctx.now()),
      cryptomusExpired(known, ctx.now()),
    ];
    const step = stepFor(event, candidates, (inv) => inv.status) ?? known;
    return E.right({
      body: cryptomusWebhookFields(step),
      sign: (body) =>
        signedWebhook({ provider, invoiceId: step.uuid, event, url }, body, ctx.credentials().apiKey),
    });
  };

  return {
    events,
    trigger,
    routes: cryptomusRoutes({
      intercept: ctx.intercept,
      keys: ctx.credentials,
      create,
      find,
      all: () => store.all(),
      resend: (inv) => void notify(inv),
      testWebhook,
    }),
    find: (id) => {
      const inv = store.get(id);
      return inv === undefined ? undefined : cryptomusState(inv);
    },
    findByCode: (code) => {
      const inv = store.get(code);
      return inv === undefined ? undefined : cryptomusState(inv);
    },
    list: () => store.all().map(cryptomusState),
    pay: (id, kind) => withOpen(id, (inv) => cryptomusPaymentSteps(inv, kind, ctx.now())),
    expire,
    sendCallback: async () =>
      E.left({
        status: 400,
        message: `${provider}: use POST /v1/test-webhook/payment or /v1/payment/resend; no other webhook type is emulated`,
      }),
    close: () => timers.close(),
  };
};
