import * as E from 'fp-ts/Either';
import type { Gateway } from '@invoicekit/gateway';
import { endpointWith, type RequestPorts } from '../src/flow';
import { routerFor } from '../src/route';
import { callbackText, gateway, signedCallback } from './support';

interface FakeRequest {
  readonly name: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const ports: RequestPorts<FakeRequest> = {
  method: () => 'POST',
  headers: (request) => request.headers,
  body: async (request) => E.right(new TextEncoder().encode(request.body)),
};

/** The gateway with a count of how often each name's provider was looked up. */
const countingGateway = () => {
  const real = gateway();
  const lookups = new Map<string, number>();
  const counted: Gateway<'cp' | 'ap'> = {
    ...real,
    provider: (name) => {
      lookups.set(name, (lookups.get(name) ?? 0) + 1);
      return real.provider(name);
    },
  };
  return { counted, lookups };
};

const delivery = (name: string | undefined): FakeRequest => {
  const { headers, body } = signedCallback(callbackText('coinspaid.invoice.confirmed'));
  return { name, headers, body };
};

describe('routerFor: routes are made once per endpoint', () => {
  it('looks a named provider up on its first request only, and keeps no route for an unknown name', async () => {
    const { counted, lookups } = countingGateway();
    const route = routerFor<'cp' | 'ap', FakeRequest>({
      gateway: counted,
      routeBy: (request) => request.name,
    });
    const first = route(delivery('cp'));
    for (let i = 0; i < 50; i += 1) expect(route(delivery('cp'))).toBe(first);
    for (let i = 0; i < 3; i += 1) expect(E.isLeft(route(delivery('nope')))).toBe(true);
    expect(Object.fromEntries(lookups)).toEqual({ cp: 1 });
  });

  it('works the credential-routed limit out again after a gateway that threw recovers', () => {
    const real = gateway();
    let broken = true;
    const flaky: Gateway<'cp' | 'ap'> = {
      ...real,
      provider: (name) => {
        if (broken) throw new Error('not ready');
        return real.provider(name);
      },
    };
    const route = routerFor<'cp' | 'ap', FakeRequest>({ gateway: flaky, routeBy: 'credentials' });
    expect(() => route(delivery(undefined))).toThrow('not ready');
    broken = false;
    const routed = route(delivery(undefined));
    expect(E.isRight(routed) && routed.right.maxBodyBytes).toBe(64 * 1024);
  });
});

describe('endpointWith: one composed flow per endpoint', () => {
  it('applies 200 deliveries through one route lookup and answers each with its own outcome', async () => {
    const { counted, lookups } = countingGateway();
    const applied: string[] = [];
    const { handle } = endpointWith(ports)<'cp' | 'ap'>({
      gateway: counted,
      routeBy: (request) => request.name,
      onEvent: (event) => void applied.push(event.dedupeKey),
    });
    const outcomes = await Promise.all(Array.from({ length: 200 }, () => handle(delivery('cp'))));
    expect(new Set(outcomes.map((outcome) => outcome._tag))).toEqual(new Set(['Applied']));
    expect(applied).toHaveLength(200);
    expect(Object.fromEntries(lookups)).toEqual({ cp: 1 });
  });

  it('answers EndpointFailed, never throws, when the router throws, and gives the default body limit', async () => {
    const real = gateway();
    const throwing: Gateway<'cp' | 'ap'> = {
      ...real,
      provider: () => {
        throw new Error('broken gateway');
      },
    };
    const endpoint = endpointWith(ports)<'cp' | 'ap'>({
      gateway: throwing,
      routeBy: 'credentials',
      onEvent: () => undefined,
      logger: { warn: () => undefined, error: () => undefined },
    });
    expect((await endpoint.handle(delivery(undefined)))._tag).toBe('EndpointFailed');
    expect(endpoint.bodyLimit(delivery(undefined))).toBe(1024 * 1024);
  });
});
