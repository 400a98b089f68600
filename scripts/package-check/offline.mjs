// Preloaded (`node --import`) where the README's first example runs: no host name resolves, so a call to a
// real provider fails at once with ENOTFOUND instead of depending on the network of the machine.
import dns from 'node:dns';

dns.lookup = (hostname, options, callback) => {
  const done = typeof options === 'function' ? options : callback;
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
    syscall: 'getaddrinfo',
    hostname,
  });
  process.nextTick(done, error);
};
