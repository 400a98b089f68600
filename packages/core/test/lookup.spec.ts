import fc from 'fast-check';
import { lookupWord } from '../src/adapter';

const TABLE: Readonly<Record<'open' | 'done', string>> = { open: 'created', done: 'paid' };
const lookup = lookupWord(TABLE, 'unknown');

describe('lookupWord', () => {
  it('reads every word of the table', () => {
    for (const [word, value] of Object.entries(TABLE)) expect(lookup(word)).toBe(value);
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'OPEN', ''])(
    'gives the fallback for %j, never an inherited member',
    (word) => {
      expect(lookup(word)).toBe('unknown');
    },
  );

  it('gives the fallback for any other word', () => {
    fc.assert(
      fc.property(
        fc.string().filter((word) => !(word in TABLE)),
        (word) => expect(lookup(word)).toBe('unknown'),
      ),
    );
  });
});
