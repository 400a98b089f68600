import nock from 'nock';
import { useNock } from '../../src';

// Run only by useNock.spec.ts, in a child jest: the first test must fail for its uncalled scope.
useNock();

it('leaves a scope uncalled', () => {
  nock('https://never-called.test').get('/ping').reply(200);
});

it('starts with no interceptor left over', () => {
  expect(nock.activeMocks()).toEqual([]);
});
