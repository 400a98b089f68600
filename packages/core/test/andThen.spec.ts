import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { andThen, andThenEither, andThenTask } from '../src/adapter';

const either = fc.oneof(fc.integer().map(E.right), fc.string().map(E.left));
const step = (n: number): E.Either<string, number> => (n % 3 === 0 ? E.left(`no ${n}`) : E.right(n * 2));

describe('andThen', () => {
  it('gives what E.flatMap gives', () => {
    fc.assert(
      fc.property(either, (ma) => {
        expect(pipe(ma, andThen(step))).toEqual(pipe(ma, E.flatMap(step)));
      }),
    );
  });
});

describe('andThenTask', () => {
  it('gives what TE.flatMap gives', async () => {
    await fc.assert(
      fc.asyncProperty(either, async (ma) => {
        const next = (n: number) => TE.fromEither(step(n));
        expect(await pipe(TE.fromEither(ma), andThenTask(next))()).toEqual(
          await pipe(TE.fromEither(ma), TE.flatMap(next))(),
        );
      }),
    );
  });

  it('runs nothing until the task runs, then starts the first task in a later microtask, as TE.flatMap does', async () => {
    const order = (flatMap: typeof andThenTask) => async () => {
      const seen: string[] = [];
      const first: TE.TaskEither<string, number> = () => {
        seen.push('first');
        return Promise.resolve(E.right(1));
      };
      const task = pipe(
        first,
        flatMap((n) => {
          seen.push(`then ${n}`);
          return TE.right(n + 1);
        }),
      );
      seen.push('built');
      const running = task();
      seen.push('called');
      expect(await running).toEqual(E.right(2));
      return seen;
    };
    const ours = await order(andThenTask)();
    expect(ours).toEqual(['built', 'called', 'first', 'then 1']);
    expect(ours).toEqual(await order(TE.flatMap)());
  });

  it('skips the step after a Left and rejects where a step throws, as TE.flatMap does', async () => {
    const never = jest.fn(() => TE.right(0));
    expect(await pipe(TE.left('stop'), andThenTask(never))()).toEqual(E.left('stop'));
    expect(never).not.toHaveBeenCalled();
    const throwing = () => {
      throw new Error('broken step');
    };
    await expect(pipe(TE.right(1), andThenTask(throwing))()).rejects.toThrow('broken step');
    await expect(pipe(TE.right(1), TE.flatMap(throwing))()).rejects.toThrow('broken step');
  });
});

describe('andThenEither', () => {
  it('gives what TE.flatMapEither gives', async () => {
    await fc.assert(
      fc.asyncProperty(either, async (ma) => {
        expect(await pipe(TE.fromEither(ma), andThenEither(step))()).toEqual(
          await pipe(TE.fromEither(ma), TE.flatMapEither(step))(),
        );
      }),
    );
  });

  it('skips the step after a Left and rejects where the step throws, as TE.flatMapEither does', async () => {
    const never = jest.fn(() => E.right(0));
    expect(await pipe(TE.left('stop'), andThenEither(never))()).toEqual(E.left('stop'));
    expect(never).not.toHaveBeenCalled();
    const throwing = (): E.Either<string, number> => {
      throw new Error('broken step');
    };
    await expect(pipe(TE.right(1), andThenEither(throwing))()).rejects.toThrow('broken step');
    await expect(pipe(TE.right(1), TE.flatMapEither(throwing))()).rejects.toThrow('broken step');
  });
});
