import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { noWebhookUrl, openInvoice, stepFor, unknownEvent, type Engine, type EngineContext } from '../engine';
import { createIdSequence } from '../ids';
import { createStore } from '../store';
import {
  cryptocloudCanceled,
  cryptocloudExpired,
  cryptocloudIsOpen,
  cryptocloudPaid,
  cryptocloudState,
  newCryptocloudInvoice,
  type CryptocloudInvoice,
} from './invoice';
import { cryptocloudPostbackFields, encodePostback, type PostbackSettings } from './postbacks';
import { cryptocloudRoutes } from './routes';
import {
  CRYPTOCLOUD_DEFAULTS,
  type CryptocloudCredentials,
  type CryptocloudId,
  type CryptocloudSandboxOptions,
} from './settings';
import type { CryptocloudCreate } from './validate';

/** `INV-XXXXXXXX` for an id given with or without the prefix. */
export const withInvPrefix = (id: string): string => (id.startsWith('INV-') ? id : `INV-${id}`);

/**
 * The 8-character invoice code of a serial: its base-36 digits, upper case. Serials come from a
 * time-seeded sequence, so codes (and `INV-` uuids) never repeat across restarts, until the year 2059.
 */
export const invoiceCode = (serial: number): string => serial.toString(36).toUpperCase().padStart(8, '0');

/** The emulation of CryptoCloud (`/cryptocloud`). */
export const cryptocloudEngine = (
  provider: CryptocloudId,
  ctx: EngineContext<CryptocloudCredentials>,
  options: CryptocloudSandboxOptions,
): Engine => {
  const store = createStore<CryptocloudInvoice>();
  const timers = ctx.timers();
  const nextSerial = createIdSequence();
  const find = (id: string) => store.get(withInvPrefix(id));

  const save = (inv: CryptocloudInvoice): CryptocloudInvoice => {
    if (!cryptocloudIsOpen(inv)) timers.cancel(inv.uuid);
    return store.put(inv.uuid, inv);
  };

  const settingsFor = (url: string): PostbackSettings => ({
    secretKey: ctx.credentials().secretKey,
    url,
    format: options.cryptocloudPostbackFormat ?? CRYPTOCLOUD_DEFAULTS.cryptocloudPostbackFormat,
    tokenId: options.cryptocloudTokenId ?? CRYPTOCLOUD_DEFAULTS.cryptocloudTokenId,
  });

  const notify = async (inv: CryptocloudInvoice): Promise<void> => {
    const url = ctx.webhookUrl();
    if (url === undefined) return;
    const settings = settingsFor(url);
    // Documented: a new token (valid 5 minutes) is made for every send, so each attempt is signed anew.
    await ctx.deliver(() =>
      encodePostback(inv, cryptocloudPostbackFields(inv, settings, ctx.now()), settings),
    ).first;
  };

  const events = ['paid', 'partial', 'overpaid'];

  const trigger: Engine['trigger'] = (event, id) => {
    const url = ctx.webhookUrl();
    if (!events.includes(event)) return E.left(unknownEvent(provider, event, events));
    if (url === undefined) return E.left(noWebhookUrl(provider));
    const known =
      id === undefined
        ? create({
            amount: '10',
            currency: 'USD',
            orderId: null,
            email: null,
            lifetimeMinutes: 24 * 60,
            availableCurrencies: null,
            cryptocurrency: null,
          })
        : find(id);
    if (known === undefined) return E.left({ status: 404, message: `no ${provider} invoice ${id ?? ''}` });
    const candidates = (['full', 'partial', 'over'] as const).map((kind) =>
      cryptocloudPaid(known, kind, ctx.now()),
    );
    const step = stepFor(event, candidates, (inv) => inv.status) ?? known;
    const settings = settingsFor(url);
    return E.right({
      body: cryptocloudPostbackFields(step, settings, ctx.now()),
      sign: (body) => encodePostback(step, body, settings),
    });
  };

  const expire: Engine['expire'] = async (id) =>
    pipe(
      openInvoice(provider, id, find(id), cryptocloudIsOpen),
      E.map((inv) => cryptocloudState(save(cryptocloudExpired(inv, ctx.now())))),
    );

  const create = (request: CryptocloudCreate): CryptocloudInvoice => {
    const serial = nextSerial();
    const code = invoiceCode(serial);
    const inv = newCryptocloudInvoice(
      request,
      { code, serial, link: ctx.pageUrl(code) },
      options.cryptocloudTestMode ?? CRYPTOCLOUD_DEFAULTS.cryptocloudTestMode,
      ctx.now(),
    );
    timers.schedule(inv.uuid, inv.expiresAt, () => void expire(inv.uuid));
    return save(inv);
  };

  const stateOf = (inv: CryptocloudInvoice | undefined) =>
    inv === undefined ? undefined : cryptocloudState(inv);

  return {
    events,
    trigger,
    routes: cryptocloudRoutes({
      intercept: ctx.intercept,
      keys: ctx.credentials,
      create,
      find,
      all: () => store.all(),
      cancel: (id) => {
        const inv = find(id);
        return inv === undefined
          ? E.left('not_found')
          : inv.status !== 'created'
            ? E.left('not_created')
            : E.right(save(cryptocloudCanceled(inv, ctx.now())));
      },
    }),
    find: (id) => stateOf(find(id)),
    findByCode: (code) => stateOf(find(code)),
    list: () => store.all().map(cryptocloudState),
    pay: async (id, kind) => {
      const open = openInvoice(provider, id, find(id), cryptocloudIsOpen);
      if (E.isLeft(open)) return open;
      if (kind === 'unconfirmed')
        return E.left({
          status: 400,
          message: 'CryptoCloud sends nothing for a payment that never confirms',
        });
      const paid = save(cryptocloudPaid(open.right, kind, ctx.now()));
      await notify(paid);
      return E.right(cryptocloudState(paid));
    },
    expire,
    sendCallback: async () =>
      E.left({ status: 400, message: 'CryptoCloud sends postbacks for confirmed invoices only' }),
    close: () => timers.close(),
  };
};
