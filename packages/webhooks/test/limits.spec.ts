import { createGateway, createProvider, type Gateway, type InvoiceProvider } from '@invoicekit/gateway';
import { DEFAULT_MAX_BODY_BYTES } from '../src';
import { providerLimit, sourceLimit } from '../src/limits';
import { FRAMEWORKS, type Served, type Source } from './frameworks';
import { send, sendUnfinished } from './servers';
import { AP, CP, built, recordingLogger, signedCallback, callbackText } from './support';

const KiB = 1024;
const confirmed = callbackText('coinspaid.invoice.confirmed');

/** A CryptoCloud provider whose postbacks are at most 4 KiB (unconfirmed: nothing calls CryptoCloud). */
const cryptocloudLike = (): InvoiceProvider => ({
  ...built(
    createProvider({
      provider: 'cryptocloud',
      apiKey: 'cc-api-key',
      shopId: 'shop-1',
      secretKey: 'cc-secret-key-0001',
      confirmPostbacks: false,
    }),
  ),
  maxWebhookBodyBytes: 4 * KiB,
});

/** A gateway whose providers declare the given body limits. */
const limitedGateway = (limits: Readonly<Record<'cloud' | 'cp', number>>): Gateway<'cloud' | 'cp'> => {
  const gateway = built(
    createGateway({
      providers: {
        cp: CP,
        cloud: { provider: 'cryptocloud', apiKey: 'cc-api-key', shopId: 'shop-1', secretKey: 'cc-secret' },
      },
    }),
  );
  return {
    ...gateway,
    provider: (name) => ({ ...gateway.provider(name), maxWebhookBodyBytes: limits[name] }),
  };
};

/** A JSON body of exactly `size` bytes that is no delivery. */
const padded = (size: number): string => `{"pad":"${'x'.repeat(size - 10)}"}`;

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const serve = async (mount: (typeof FRAMEWORKS)[number][1], source: Source, maxBodyBytes?: number) => {
  served = await mount(source, {
    onEvent: async () => undefined,
    logger: recordingLogger(),
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
  });
  return served.url;
};

const statusOf = async (url: string, body: string) =>
  (await send(url, body, { 'content-type': 'application/json' })).status;

describe.each(FRAMEWORKS)("%s takes the provider's body limit", (_name, mount) => {
  it('a CryptoCloud-like provider with a 4 KiB limit refuses a 1 MiB body with 413, declared or streamed', async () => {
    const url = `${await serve(mount, { provider: cryptocloudLike() })}/webhooks`;
    expect(await statusOf(url, padded(4 * KiB))).toBe(400);
    // 8 KiB of a body that never ends: the answer comes without waiting for the rest.
    expect(await sendUnfinished(url, 8 * KiB)).toBe(413);
    expect(padded(1024 * KiB)).toHaveLength(1024 * KiB);
    expect(await statusOf(url, padded(1024 * KiB))).toBe(413);
  });

  it('an explicit maxBodyBytes still wins', async () => {
    const url = `${await serve(mount, { provider: cryptocloudLike() }, 64 * KiB)}/webhooks`;
    expect(await statusOf(url, padded(8 * KiB))).toBe(400);
    expect(await statusOf(url, padded(64 * KiB + 1))).toBe(413);
  });

  it("routed by name, each request gets its provider's limit", async () => {
    const gateway = limitedGateway({ cloud: 4 * KiB, cp: 64 * KiB });
    const url = `${await serve(mount, { gateway, routeBy: 'name' })}/webhooks`;
    expect(await statusOf(`${url}/cloud`, padded(8 * KiB))).toBe(413);
    expect(await sendUnfinished(`${url}/cloud`, 8 * KiB)).toBe(413);
    expect(await statusOf(`${url}/cp`, padded(8 * KiB))).toBe(400);
    expect(await statusOf(`${url}/cp`, padded(64 * KiB + 1))).toBe(413);
    const { headers, body } = signedCallback(confirmed, CP);
    expect((await send(`${url}/cp`, body, headers)).status).toBe(200);
  });

  it('routed by credentials, the largest limit among its providers applies', async () => {
    const gateway = limitedGateway({ cloud: 4 * KiB, cp: 64 * KiB });
    const url = `${await serve(mount, { gateway, routeBy: 'credentials' })}/webhooks`;
    expect(await statusOf(url, padded(8 * KiB))).toBe(400);
    expect(await statusOf(url, padded(64 * KiB + 1))).toBe(413);
    expect(await sendUnfinished(url, 80 * KiB)).toBe(413);
    const { headers, body } = signedCallback(confirmed, AP);
    expect((await send(url, body, headers)).status).toBe(400);
  });
});

describe('providerLimit and sourceLimit', () => {
  it("take a provider's declared limit, and 1 MiB when it declares none or an unusable one", () => {
    expect(providerLimit(cryptocloudLike())).toBe(4 * KiB);
    for (const declared of [undefined, 0, -1, 1.5, Number.NaN, Infinity]) {
      expect(providerLimit({ ...cryptocloudLike(), maxWebhookBodyBytes: declared as number })).toBe(
        DEFAULT_MAX_BODY_BYTES,
      );
    }
  });

  it("take the largest limit of a gateway's providers", () => {
    const gateway = limitedGateway({ cloud: 4 * KiB, cp: 64 * KiB });
    expect(sourceLimit({ gateway, routeBy: 'credentials' })).toBe(64 * KiB);
    expect(sourceLimit({ provider: cryptocloudLike() })).toBe(4 * KiB);
  });
});
