import * as E from 'fp-ts/Either';
import type { EngineFailure } from '../engine';
import { CALLBACK_TYPES, PAYMENT_KINDS, type PaymentKind, type SandboxInvoiceState } from '../types';
import {
  noWebhookUrl,
  openInvoice,
  stepFor,
  unknownEvent,
  type Engine,
  type EngineContext,
  type TriggerDraft,
} from '../engine';
import { pageCode } from '../rates';
import { repeatsKeeper } from '../repeats';
import { createStore } from '../store';
import { signedCallback } from './auth';
import { coinspaidCallback, coinspaidCallbackBody } from './callbacks';
import { createIdSequence } from '../ids';
import {
  coinspaidCancelled,
  coinspaidExpired,
  coinspaidExpiresAt,
  coinspaidIsCancellable,
  coinspaidIsOpen,
  coinspaidPaymentSteps,
  coinspaidState,
  newCoinspaidInvoice,
  type CoinspaidInvoice,
} from './invoice';
import { CALLBACK_STATUSES, defaultCallbackStatus, otherCallback, otherCallbackBody } from './otherCallbacks';
import { coinspaidRoutes, type CoinspaidCancelRefusal } from './routes';
import type { CoinspaidFamilyCredentials, CoinspaidFamilyId } from './settings';
import type { CoinspaidCreate } from './validate';

/** The emulation of one CoinsPaid-platform provider (`/PROVIDER/api/v2`). */
export const coinspaidEngine = (
  provider: CoinspaidFamilyId,
  ctx: EngineContext<CoinspaidFamilyCredentials>,
): Engine => {
  const store = createStore<CoinspaidInvoice, 'foreignId' | 'code'>({
    foreignId: (inv) => inv.request.foreignId,
    code: (inv) => inv.code,
  });
  const timers = ctx.timers();
  const keepRepeats = repeatsKeeper<CoinspaidCreate>();
  const state = (inv: CoinspaidInvoice): SandboxInvoiceState => coinspaidState(inv, ctx.pageUrl(inv.code));
  const ids = {
    invoice: createIdSequence(),
    address: createIdSequence(),
    transaction: createIdSequence(),
    callback: createIdSequence(),
  };

  const save = (inv: CoinspaidInvoice): CoinspaidInvoice => {
    if (!coinspaidIsOpen(inv)) timers.cancel(String(inv.id));
    return store.put(String(inv.id), inv);
  };

  const notify = async (inv: CoinspaidInvoice): Promise<void> => {
    const url = ctx.webhookUrl();
    if (url !== undefined) await ctx.deliver(() => coinspaidCallback(inv, ctx.credentials(), url)).first;
  };

  // A step applies only while the invoice is still as the step before left it: a cancel that landed
  // while a callback was being delivered ends the payment's steps.
  const runSteps = async (steps: ReadonlyArray<CoinspaidInvoice>): Promise<SandboxInvoiceState> => {
    let previous: CoinspaidInvoice | undefined;
    for (const step of steps) {
      const current = store.get(String(step.id));
      if (previous !== undefined && current !== previous) break;
      previous = save(step);
      await notify(step);
    }
    const last = store.get(String(steps[0]?.id));
    if (last === undefined) throw new Error('a lifecycle step lost its invoice');
    return state(last);
  };

  const withOpen = async (
    id: string,
    steps: (inv: CoinspaidInvoice) => ReadonlyArray<CoinspaidInvoice>,
  ): ReturnType<Engine['pay']> => {
    const open = openInvoice(provider, id, store.get(id), coinspaidIsOpen);
    return E.isLeft(open) ? open : E.right(await runSteps(steps(open.right)));
  };

  const expire = (id: string) => withOpen(id, (inv) => [coinspaidExpired(inv, ctx.now())]);

  const sendCallback: Engine['sendCallback'] = async ({ type, status = defaultCallbackStatus(type) }) => {
    const url = ctx.webhookUrl();
    if (!CALLBACK_STATUSES[type].includes(status))
      return E.left({
        status: 400,
        message: `a ${type} callback announces one of ${CALLBACK_STATUSES[type].join(', ')}, not ${status}`,
      });
    if (url === undefined)
      return E.left({ status: 409, message: `no webhook URL is configured for ${provider}` });
    const transactionId = ids.transaction();
    ids.transaction(); // an exchange entry takes transactionId + 1
    const body = otherCallbackBody(
      type,
      status,
      { id: ids.callback(), addressId: ids.address(), transactionId },
      ctx.now(),
    );
    return E.right(await ctx.deliver(() => otherCallback(provider, body, ctx.credentials(), url)).last);
  };

  const cancel = (foreignId: string): E.Either<CoinspaidCancelRefusal, CoinspaidInvoice> => {
    const inv = store.by('foreignId', foreignId);
    if (inv === undefined) return E.left('not_found');
    if (!coinspaidIsCancellable(inv)) return E.left('invalid_state');
    const cancelled = save(coinspaidCancelled(inv, ctx.now()));
    void notify(cancelled);
    return E.right(cancelled);
  };

  const create = (request: CoinspaidCreate): CoinspaidInvoice => {
    const inv = newCoinspaidInvoice(
      provider,
      keepRepeats(request),
      { id: ids.invoice(), addressId: ids.address(), code: pageCode(6) },
      ctx.now(),
    );
    const expiresAt = coinspaidExpiresAt(inv);
    if (expiresAt !== null) timers.schedule(String(inv.id), expiresAt, () => void expire(String(inv.id)));
    return save(inv);
  };

  const invoiceEvents = ['pending', 'processing', 'confirmed', 'failed'];
  const otherEvents = CALLBACK_TYPES.flatMap((type) =>
    CALLBACK_STATUSES[type].map((status) => `${type}:${status}`),
  );
  const events = [...invoiceEvents, ...otherEvents];

  const newInvoice = (): CoinspaidInvoice =>
    create({
      title: 'Triggered invoice',
      description: null,
      foreignId: `trigger-${ids.callback()}`,
      currency: 'EUR',
      amount: '10.00000000',
      timer: false,
      type: 'fill_or_kill',
      senderCurrency: null,
      urlSuccess: 'https://example.com/success',
      urlFailed: 'https://example.com/failed',
      emailUser: 'customer@example.com',
      endUserReference: null,
      sender: null,
    });

  const invoiceDraft = (
    event: string,
    id: string | undefined,
    url: string,
  ): E.Either<EngineFailure, TriggerDraft> => {
    const known = id === undefined ? newInvoice() : store.get(id);
    if (known === undefined) return E.left({ status: 404, message: `no ${provider} invoice ${id ?? ''}` });
    const gte = { ...known, request: { ...known.request, type: 'good_until_expired' as const } };
    const candidates = [
      known,
      ...PAYMENT_KINDS.flatMap((kind) => coinspaidPaymentSteps(known, kind, ids.transaction(), ctx.now())),
      ...coinspaidPaymentSteps(gte, 'partial', ids.transaction(), ctx.now()),
      coinspaidExpired(known, ctx.now()),
    ];
    const step = stepFor(event, candidates, (inv) => inv.status) ?? known;
    return E.right({
      body: coinspaidCallbackBody(step),
      sign: (body) =>
        signedCallback(
          { provider, invoiceId: String(step.id), event, url },
          JSON.stringify(body),
          ctx.credentials(),
        ),
    });
  };

  const trigger: Engine['trigger'] = (event, id) => {
    const url = ctx.webhookUrl();
    if (!events.includes(event)) return E.left(unknownEvent(provider, event, events));
    if (url === undefined) return E.left(noWebhookUrl(provider));
    if (invoiceEvents.includes(event)) return invoiceDraft(event, id, url);
    const [type = '', status = ''] = event.split(':');
    const transactionId = ids.transaction();
    ids.transaction();
    const body = otherCallbackBody(
      type as (typeof CALLBACK_TYPES)[number],
      status,
      { id: ids.callback(), addressId: ids.address(), transactionId },
      ctx.now(),
    );
    return E.right({ body, sign: (signed) => otherCallback(provider, signed, ctx.credentials(), url) });
  };

  return {
    events,
    trigger,
    routes: coinspaidRoutes({
      provider,
      intercept: ctx.intercept,
      keys: ctx.credentials,
      pageUrl: ctx.pageUrl,
      isTaken: (foreignId) => store.by('foreignId', foreignId) !== undefined,
      create,
      cancel,
    }),
    find: (id) => {
      const inv = store.get(id);
      return inv === undefined ? undefined : state(inv);
    },
    findByCode: (code) => {
      const inv = store.by('code', code);
      return inv === undefined ? undefined : state(inv);
    },
    list: () => store.all().map(state),
    pay: (id: string, kind: PaymentKind) =>
      withOpen(id, (inv) => coinspaidPaymentSteps(inv, kind, ids.transaction(), ctx.now())),
    expire,
    sendCallback,
    close: () => timers.close(),
  };
};
