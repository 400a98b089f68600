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
  let serial = 0;
  const find = (id: string) => store.get(withInvPrefix(id));

  const save = (inv: CryptocloudInvoice): CryptocloudInvoice => {
    if (!cryptocloudIsOpen(inv)) timers.cancel(inv.uuid);
    return store.put(inv.uuid, inv);
  };

  const notify = async (inv: CryptocloudInvoice): Promise<void> => {
    const url = ctx.webhookUrl('cryptocloud');
    if (url === undefined) return;
    const settings = {
      secretKey: ctx.credentials().cryptocloud.secretKey,
      url,
      format: ctx.options.cryptocloudPostbackFormat,
      tokenId: ctx.options.cryptocloudTokenId,
    };
    await ctx.deliverer.deliver(cryptocloudPostback(inv, settings, Date.now()));
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
    serial += 1;
    const inv = newCryptocloudInvoice(
      request,
      { code, serial, link: `${ctx.url()}/pay/cryptocloud/${code}` },
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
      if (kind === 'unconfirmed')
        return E.left({
          status: 400,
          message: 'CryptoCloud sends nothing for a payment that never confirms',
        });
      const paid = save(cryptocloudPaid(inv, kind, Date.now()));
      await notify(paid);
      return E.right(cryptocloudState(paid));
    },
    expire,
    sendCallback: async () =>
      E.left({ status: 400, message: 'CryptoCloud sends postbacks for confirmed invoices only' }),
    close: () => timers.close(),
  };
};
