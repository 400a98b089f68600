import * as E from 'fp-ts/Either';
import type { PaymentKind, SandboxInvoiceState } from '../types';
import { createExpiryTimers, openInvoice, type Engine, type EngineContext } from '../engine';
import { pageCode } from '../rates';
import { createStore } from '../store';
import { coinspaidCallback } from './callbacks';
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
  const store = createStore<CoinspaidInvoice>();
  const timers = createExpiryTimers();
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
    if (url !== undefined) await ctx.deliver(() => coinspaidCallback(inv, ctx.credentials(), url));
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
    return coinspaidState(last);
  };

  const withOpen = async (
    id: string,
    steps: (inv: CoinspaidInvoice) => ReadonlyArray<CoinspaidInvoice>,
  ): ReturnType<Engine['pay']> => {
    const open = openInvoice(provider, id, store.get(id), coinspaidIsOpen);
    return E.isLeft(open) ? open : E.right(await runSteps(steps(open.right)));
  };

  const expire = (id: string) => withOpen(id, (inv) => [coinspaidExpired(inv, Date.now())]);

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
      Date.now(),
    );
    return E.right(await ctx.deliver(() => otherCallback(provider, body, ctx.credentials(), url)));
  };

  const cancel = (foreignId: string): E.Either<CoinspaidCancelRefusal, CoinspaidInvoice> => {
    const inv = store.all().find((candidate) => candidate.request.foreignId === foreignId);
    if (inv === undefined) return E.left('not_found');
    if (!coinspaidIsCancellable(inv)) return E.left('invalid_state');
    const cancelled = save(coinspaidCancelled(inv, Date.now()));
    void notify(cancelled);
    return E.right(cancelled);
  };

  const create = (request: CoinspaidCreate): CoinspaidInvoice => {
    const code = pageCode(6);
    const inv = newCoinspaidInvoice(
      provider,
      request,
      { id: ids.invoice(), addressId: ids.address(), code, url: ctx.pageUrl(code) },
      Date.now(),
    );
    const expiresAt = coinspaidExpiresAt(inv);
    if (expiresAt !== null) timers.schedule(String(inv.id), expiresAt, () => void expire(String(inv.id)));
    return save(inv);
  };

  return {
    routes: coinspaidRoutes({
      provider,
      intercept: ctx.intercept,
      keys: ctx.credentials,
      isTaken: (foreignId) => store.all().some((inv) => inv.request.foreignId === foreignId),
      create,
      cancel,
    }),
    find: (id) => {
      const inv = store.get(id);
      return inv === undefined ? undefined : coinspaidState(inv);
    },
    findByCode: (code) => {
      const inv = store.all().find((i) => i.code === code);
      return inv === undefined ? undefined : coinspaidState(inv);
    },
    list: () => store.all().map(coinspaidState),
    pay: (id: string, kind: PaymentKind) =>
      withOpen(id, (inv) => coinspaidPaymentSteps(inv, kind, ids.transaction(), Date.now())),
    expire,
    sendCallback,
    close: () => timers.close(),
  };
};
