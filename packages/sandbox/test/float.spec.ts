import { pythonFloatText } from '../src/cryptocloud/float';

describe('pythonFloatText', () => {
  it.each([
    ['100', '100.0'],
    ['100.00', '100.0'],
    ['0', '0.0'],
    ['0.034187', '0.034187'],
    ['161.9', '161.9'],
    ['0.0001', '0.0001'],
    ['0.00005', '5e-05'],
    ['0.000001499999996212864', '1.499999996212864e-06'],
    ['1234567890123456', '1234567890123456.0'],
    ['12345678901234567', '1.2345678901234567e+16'],
  ])('writes %s as Python writes the float: %s', (decimal, text) => {
    expect(pythonFloatText(decimal)).toBe(text);
  });
});
