import { randomBytes } from 'node:crypto';
import type { ProviderId } from './types';
import { signHs256 } from './jwt';
import { pageCode, randomHex } from './rates';
import { COINSPAID_FAMILY, type SandboxCredentialOverrides, type SandboxCredentials } from './types';

/** Keys without base URLs, fixed for the sandbox's lifetime. */
export type SandboxKeys = {
  readonly [P in ProviderId]: Omit<SandboxCredentials[P], 'baseUrl'>;
};

/** A JWT-shaped project API key, like CryptoCloud issues. */
const cryptocloudApiKey = (shopId: string): string =>
  signHs256(
    { id: shopId, sandbox: true, iat: Math.floor(Date.now() / 1000) },
    randomBytes(32).toString('hex'),
  );

/** Fresh random keys for every provider, with `overrides` applied. */
export const generateKeys = (overrides: SandboxCredentialOverrides = {}): SandboxKeys => {
  const family = Object.fromEntries(
    COINSPAID_FAMILY.map((p) => [
      p,
      {
        apiKey: overrides[p]?.apiKey ?? `${p}_pk_${randomHex(16)}`,
        secretKey: overrides[p]?.secretKey ?? `${p}_sk_${randomHex(32)}`,
      },
    ]),
  ) as Pick<SandboxKeys, 'cryptoprocessing' | 'alphapo' | 'coinspaid'>;
  const shopId = overrides.cryptocloud?.shopId ?? pageCode(16);
  return {
    ...family,
    cryptocloud: {
      shopId,
      apiKey: overrides.cryptocloud?.apiKey ?? cryptocloudApiKey(shopId),
      secretKey: overrides.cryptocloud?.secretKey ?? pageCode(40),
    },
  };
};

/** Keys plus the base URL of each provider on a sandbox at `url`. */
export const withBaseUrls = (keys: SandboxKeys, url: string): SandboxCredentials => ({
  cryptoprocessing: { ...keys.cryptoprocessing, baseUrl: `${url}/cryptoprocessing/api/v2` },
  alphapo: { ...keys.alphapo, baseUrl: `${url}/alphapo/api/v2` },
  coinspaid: { ...keys.coinspaid, baseUrl: `${url}/coinspaid/api/v2` },
  cryptocloud: { ...keys.cryptocloud, baseUrl: `${url}/cryptocloud` },
});
