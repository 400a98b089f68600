import { isLoopbackUrl } from '../src/validation';

describe("the sandbox's own loopback URL check (it shares no validation code with core)", () => {
  it.each([
    'http://localhost:3000/thanks',
    'https://localhost/thanks',
    'http://127.0.0.1:8080/',
    'http://127.45.6.7/x',
    'http://[::1]:3000/thanks',
  ])('takes %s', (url) => expect(isLoopbackUrl(url)).toBe(true));

  it.each([
    'https://shop.example/thanks',
    'http://128.0.0.1/',
    'http://10.0.0.1/',
    'http://localhost.shop.example/',
    'http://user:pw@localhost/',
    'ftp://localhost/',
    'javascript:alert(1)',
    'not a url',
  ])('refuses %s', (url) => expect(isLoopbackUrl(url)).toBe(false));
});
