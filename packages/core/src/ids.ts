import * as t from 'io-ts';

/** Identifier of a supported provider. */
export const ProviderId = t.keyof({
  cryptoprocessing: null,
  alphapo: null,
  coinspaid: null,
  cryptocloud: null,
});
/** Identifier of a supported provider. */
export type ProviderId = t.TypeOf<typeof ProviderId>;
