import { HEX, randomKeys, seededKeys } from '../src/keys';
import { BASE62 } from '../src/rates';

describe('generated keys', () => {
  it.each([
    ['a', 'cryptocloud.shopId', 16],
    ['dev-laptop', 'cryptoprocessing.apiKey', 32],
    ['ü🙂 seed with spaces', 'x', 100],
  ])('are the same for the seed %j and label %j, in the alphabet', (seed, label, length) => {
    const key = seededKeys(seed).text(label, BASE62, length);
    expect(key).toHaveLength(length);
    expect([...key].every((c) => BASE62.includes(c))).toBe(true);
    expect(seededKeys(seed).text(label, BASE62, length)).toBe(key);
  });

  it('are unrelated for another seed or another label', () => {
    const key = seededKeys('seed').text('cryptoprocessing.secretKey', HEX, 64);
    expect(seededKeys('seed2').text('cryptoprocessing.secretKey', HEX, 64)).not.toBe(key);
    expect(seededKeys('seed').text('alphapo.secretKey', HEX, 64)).not.toBe(key);
  });

  it('are fresh on every call without a seed', () => {
    expect(randomKeys.text('x', HEX, 32)).not.toBe(randomKeys.text('x', HEX, 32));
    expect(randomKeys.text('x', HEX, 32)).toMatch(/^[0-9a-f]{32}$/);
  });
});
