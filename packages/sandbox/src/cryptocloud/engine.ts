import * as E from 'fp-ts/Either';
import type { PaymentKind } from '../types';
import { createExpiryTimers, notFound, notOpen, type Engine, type EngineContext } from '../engine';
import { upperCode } from '../rates';
import { createStore } from '../store';
import {
  cryptocloudCanceled,
  cryptocloudIsOpen,
  cryptocloudPaid,
  cryptocloudState,
  newCryptocloudInvoice,
  type CryptocloudInvoice,
} from './invoice';
import { cryptocloudPostback } from './postbacks';
import { cryptocloudRoutes } from './routes';
import type { CryptocloudCreate } from './validate';

/** `INV-XXXXXXXX` for an id given with or without the prefix. */
export const withInvPrefix = (id: string): string => (id.startsWith('INV-') ? id : `INV-${id}`);

/** The emulation of CryptoCloud (`/cryptocloud`). */
export const cryptocloudEngine = (ctx: EngineContext): Engine => {
  const store = createStore<CryptocloudInvoice>();
  const timers = createExpiryTimers();
  const find = (id: string) => store.get(withInvPrefix(id));

  const save = (inv: CryptocloudInvoice): CryptocloudInvoice => {
    if (!cryptocloudIsOpen(inv)) timers.cancel(inv.uuid);
    return store.put(inv.uuid, inv);
  };

  const notify = async (inv: CryptocloudInvoice): Promise<void> => {
    const url = ctx.webhookUrl('cryptocloud');
    if (url === undefined) return;
    const postback = await cryptocloudPostback(
      inv,
      ctx.credentials().cryptocloud.secretKey,
      url,
      ctx.options.cryptocloudPostbackFormat,
      Date.now(),
    );
    await ctx.deliverer.deliver(postback);
  };

  const expire: Engine['expire'] = async (id) => {
    const inv = find(id);
    return inv === undefined
      ? E.left(notFound('cryptocloud', id))
      : !cryptocloudIsOpen(inv)
        ? E.left(notOpen('cryptocloud', id, inv.status))
        : E.right(cryptocloudState(save(cryptocloudCanceled(inv, Date.now()))));
  };

  const create = (request: CryptocloudCreate): CryptocloudInvoice => {
    const code = upperCode(8);
    const inv = newCryptocloudInvoice(
      request,
      { code, link: `${ctx.url()}/pay/cryptocloud/${code}` },
      ctx.options.cryptocloudTestMode,
      Date.now(),
    );
    timers.schedule(inv.uuid, inv.expiresAt, () => void expire(inv.uuid));
    return save(inv);
  };

  return {
    provider: 'cryptocloud',
    prefix: '/cryptocloud',
    routes: cryptocloudRoutes({
      faults: ctx.faults,
      keys: () => ctx.credentials().cryptocloud,
      create,
      find,
      all: () => store.all(),
      cancel: (id) => {
        const inv = find(id);
        return inv === undefined
          ? E.left('not_found')
          : inv.status !== 'created'
            ? E.left('not_created')
            : E.right(save(cryptocloudCanceled(inv, Date.now())));
      },
    }),
    find: (id) => {
      const inv = find(id);
      return inv === undefined ? undefined : cryptocloudState(inv);
    },
    findByCode: (code) => {
      const inv = find(code);
      return inv === undefined ? undefined : cryptocloudState(inv);
    },
    list: () => store.all().map(cryptocloudState),
    pay: async (id: string, kind: PaymentKind) => {
      const inv = find(id);
      if (inv === undefined) return E.left(notFound('cryptocloud', id));
      if (!cryptocloudIsOpen(inv)) return E.left(notOpen('cryptocloud', id, inv.status));
      const paid = save(cryptocloudPaid(inv, kind, Date.now()));
      await notify(paid);
      return E.right(cryptocloudState(paid));
    },
    expire,
    close: () => timers.close(),
  };
};
