import * as E from 'fp-ts/Either';
import type { PaymentKind, SandboxInvoiceState } from '../types';
import { createExpiryTimers, openInvoice, type Engine, type EngineContext } from '../engine';
import { pageCode } from '../rates';
import { createStore } from '../store';
import { coinspaidCallback } from './callbacks';
import {
  coinspaidExpired,
  coinspaidExpiresAt,
  coinspaidIsOpen,
  coinspaidPaymentSteps,
  coinspaidState,
  newCoinspaidInvoice,
  type CoinspaidInvoice,
} from './invoice';
import { CALLBACK_STATUSES, defaultCallbackStatus, otherCallback, otherCallbackBody } from './otherCallbacks';
import { coinspaidRoutes } from './routes';
import type { CoinspaidFamilyCredentials, CoinspaidFamilyId } from './settings';
import type { CoinspaidCreate } from './validate';

const FIRST_INVOICE_ID = 826900;
const FIRST_ADDRESS_ID = 5500;
const FIRST_TRANSACTION_ID = 9000;
const FIRST_CALLBACK_ID = 2686500;

/** The emulation of one CoinsPaid-platform provider (`/PROVIDER/api/v2`). */
export const coinspaidEngine = (
  provider: CoinspaidFamilyId,
  ctx: EngineContext<CoinspaidFamilyCredentials>,
): Engine => {
  const store = createStore<CoinspaidInvoice>();
  const timers = createExpiryTimers();
  const counters = {
    invoice: FIRST_INVOICE_ID,
    address: FIRST_ADDRESS_ID,
    transaction: FIRST_TRANSACTION_ID,
    callback: FIRST_CALLBACK_ID,
  };

  const save = (inv: CoinspaidInvoice): CoinspaidInvoice => {
    if (!coinspaidIsOpen(inv)) timers.cancel(String(inv.id));
    return store.put(String(inv.id), inv);
  };

  const notify = async (inv: CoinspaidInvoice): Promise<void> => {
    const url = ctx.webhookUrl();
    if (url !== undefined) await ctx.deliverer.deliver(coinspaidCallback(inv, ctx.credentials(), url));
  };

  const runSteps = async (steps: ReadonlyArray<CoinspaidInvoice>): Promise<SandboxInvoiceState> => {
    for (const step of steps) {
      save(step);
      await notify(step);
    }
    const last = store.get(String(steps[steps.length - 1]?.id));
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
    counters.callback += 1;
    counters.address += 1;
    counters.transaction += 2;
    const ids = {
      id: counters.callback,
      addressId: counters.address,
      transactionId: counters.transaction - 1,
    };
    const body = otherCallbackBody(type, status, ids, Date.now());
    return E.right(await ctx.deliverer.deliver(otherCallback(provider, body, ctx.credentials(), url)));
  };

  const create = (request: CoinspaidCreate): CoinspaidInvoice => {
    const code = pageCode(6);
    counters.invoice += 1;
    counters.address += 1;
    const inv = newCoinspaidInvoice(
      provider,
      request,
      {
        id: counters.invoice,
        addressId: counters.address,
        code,
        url: ctx.pageUrl(code),
      },
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
      withOpen(id, (inv) => {
        counters.transaction += 1;
        return coinspaidPaymentSteps(inv, kind, counters.transaction, Date.now());
      }),
    expire,
    sendCallback,
    close: () => timers.close(),
  };
};
