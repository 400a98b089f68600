import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import {
  networkError,
  providerUnavailable,
  rateLimited,
  rejected,
  timeout,
  unexpectedResponse,
  type InvoiceError,
} from '../../src/errors';
import { outcomeUnknown, recoverLostCreate } from '../../src/lostCreate';
import type { Invoice } from '../../src/model';

const made = { id: 'inv_9', orderId: 'o-1' } as Invoice;
const older = { id: 'inv_1', orderId: 'o-10' } as Invoice;

describe('recoverLostCreate', () => {
  const lookups: string[] = [];
  const find = (list: ReadonlyArray<Invoice>) => (orderId: string) => {
    lookups.push(orderId);
    return TE.right(list);
  };
  beforeEach(() => (lookups.length = 0));

  it('answers a create lost to a timeout with the invoice the provider lists for the order', async () => {
    const recover = recoverLostCreate({ retry: { attempts: 2 } }, find([older, made]));
    expect(await recover('o-1', TE.left(timeout('acme', 500)))()).toEqual(E.right(made));
    expect(lookups).toEqual(['o-1']);
  });

  it('returns the create’s error when the list is empty: the first request may still land', async () => {
    const recover = recoverLostCreate({ retry: { attempts: 2 } }, find([]));
    expect(await recover('o-1', TE.left(providerUnavailable('acme', 503)))()).toEqual(
      E.left(providerUnavailable('acme', 503)),
    );
  });

  it('does nothing without retries, or after a failure that says what happened', async () => {
    expect(await recoverLostCreate({}, find([made]))('o-1', TE.left(timeout('acme', 1)))()).toEqual(
      E.left(timeout('acme', 1)),
    );
    const recover = recoverLostCreate({ retry: { attempts: 2 } }, find([made]));
    await recover('o-1', TE.left(rejected('acme', 400, null, {}, 'no')))();
    expect(lookups).toEqual([]);
  });

  it.each<[string, InvoiceError, boolean]>([
    ['a timeout', timeout('acme', 1), true],
    ['a reset', networkError('acme', 'ECONNRESET'), true],
    ['a refused connection', networkError('acme', 'ECONNREFUSED'), false],
    ['a 5xx', providerUnavailable('acme', 502), true],
    ['an unreadable 2xx', unexpectedResponse('acme', 201, [], ''), true],
    ['an unreadable 4xx', unexpectedResponse('acme', 400, [], ''), false],
    ['a 429', rateLimited('acme', null), false],
  ])('%s leaves the outcome unknown: %s', (_, error, unknown) => {
    expect(outcomeUnknown(error)).toBe(unknown);
  });
});
