// Times `pnpm demo` from spawn to its first line, to "ready" (the "sandbox at" line) and to exit,
// alternating between checkouts, with the steps the demo reports; prints each run and the medians. Usage:
//   node packages/ledger/scripts/bench-startup.mjs <rounds> <checkout> [<checkout> …]
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

const [rounds, ...checkouts] = process.argv.slice(2);

const timeDemo = (cwd) =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const at = () => Math.round(performance.now() - started);
    const child = spawn('pnpm', ['--silent', 'demo'], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    const times = { first: null, ready: null, exit: null };
    let text = '';
    child.stdout.on('data', (chunk) => {
      times.first ??= at();
      text += chunk;
      if (times.ready === null && /sandbox at http/.test(text)) times.ready = at();
    });
    const steps = () =>
      Object.fromEntries(
        [...text.matchAll(/^ {2}(\S[^…\n]*?) … ([\d.]+) s$/gm)].map((m) => [m[1], Number(m[2]) * 1000]),
      );
    child.on('exit', (code) =>
      code === 0
        ? resolve({ ...times, exit: at(), steps: steps() })
        : reject(new Error(`${cwd}: exit ${code}`)),
    );
  });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const runs = new Map(checkouts.map((dir) => [dir, []]));
for (let round = 1; round <= Number(rounds); round += 1)
  for (const dir of round % 2 ? checkouts : [...checkouts].reverse()) {
    const load = loadavg()[0].toFixed(1);
    const times = await timeDemo(dir);
    runs.get(dir).push({ ...times, load: Number(load) });
    console.log(
      `round ${round}  ${dir}  first ${times.first} ms  ready ${times.ready} ms  exit ${times.exit} ms  load ${load}`,
    );
  }
for (const [dir, list] of runs) {
  for (const step of Object.keys(list[0].steps))
    console.log(`median  ${dir}  step "${step}" ${median(list.map((r) => r.steps[step]))} ms`);
  console.log(
    `median  ${dir}  first ${median(list.map((r) => r.first))} ms  ready ${median(list.map((r) => r.ready))} ms  exit ${median(list.map((r) => r.exit))} ms  load ${median(list.map((r) => r.load))}`,
  );
}
