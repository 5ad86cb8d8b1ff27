/**
 * `node bench/cold.mjs [--runs 5] [--calls 10000]`: what each step of making an event costs the main
 * thread cold, per call. A page's few events run waymark's code before V8 optimises it, and a burst of
 * 10,000 barely gets there, so a loop that warms a function up first measures the wrong thing. Each
 * case runs its function `calls` times in a fresh page (a fresh browser context), timed as the main
 * thread's CPU time (CDP TaskDuration in thread ticks, which other processes on a shared machine do
 * not inflate as they do wall time); it prints the median over `runs` pages.
 *
 * The functions come from src/, bundled as they are, unminified, into one module for the pages.
 */
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import typescript from '@rollup/plugin-typescript';
import { rollup } from 'rollup';
import { launchChromium } from './cdp.mjs';

const { values: opts } = parseArgs({ options: { runs: { type: 'string', default: '5' }, calls: { type: 'string', default: '10000' } } });
const RUNS = Number(opts.runs);
const CALLS = Number(opts.calls);

/** Each case: the loop body, given `m` (the module), `i`, `t0` (a time in ms) and `props` (one object per call). */
const CASES = {
  'loop alone': 'x = i',
  'uuid7 (150 ids per ms, as in a burst)': 'x = m.uuid7(t0 + ((i / 150) | 0))',
  'isoTime (150 per ms)': 'x = m.isoTime(t0 + ((i / 150) | 0))',
  'new Date().toISOString(), for scale': 'x = new Date(t0 + i).toISOString()',
  'cleanProps { seq, plan, source }': "x = m.cleanProps(props[i], 8000, { cut: false, dropped: false, chars: 0 })",
  'a spread of the same props, for scale': 'x = { ...props[i] }',
  'evaluate (default model, a custom event)': "state = m.evaluate(state, { id: 'x', type: 'custom', name: 'bench_event', props: props[i], page, time: '2026-11-30T10:00:00.000Z', sessionId: 's1' }, model).state",
};

const work = await mkdtemp(join(tmpdir(), 'waymark-cold-'));
const file = join(work, 'parts.js');
const ENTRY = '\0cold-entry';
const bundle = await rollup({
  input: ENTRY,
  plugins: [
    {
      name: 'cold-entry',
      resolveId: (id) => (id === ENTRY ? id : null),
      load: (id) =>
        id === ENTRY
          ? `export { uuid7 } from '${process.cwd()}/src/core/id.ts';
             export { isoTime } from '${process.cwd()}/src/core/time.ts';
             export { cleanProps } from '${process.cwd()}/src/core/clean.ts';
             export { evaluate, prepare, initialState } from '${process.cwd()}/src/stages/engine.ts';
             export { defaultModel } from '${process.cwd()}/src/stages/default-model.ts';`
          : null,
    },
    typescript({ tsconfig: './tsconfig.build.json' }),
  ],
  onwarn() {},
});
await bundle.write({ file, format: 'es' });

const server = createServer(async (req, res) => {
  if (req.url === '/parts.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(file));
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>cold</title>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** One case in a fresh page: µs of main-thread CPU per call. */
async function measure(body) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(url);
    // the module, the props and the loop are ready before the clock starts; only the loop is timed
    await page.evaluate(
      async ([body, calls]) => {
        const m = await import('/parts.js');
        const props = Array.from({ length: calls }, (_, i) => ({ seq: i, plan: 'pro', source: 'bench' }));
        const page = { url: location.href, path: '/', title: 'cold', referrer: '' };
        const model = m.prepare(m.defaultModel);
        const run = new Function('m', 'props', 'page', 'model', 'calls', 't0', `let x; let state = m.initialState(); for (let i = 0; i < calls; i++) ${body}; return x ?? state;`);
        window.run = () => run(m, props, page, model, calls, Date.now());
      },
      [body, CALLS],
    );
    const taskMs = async () => (await page.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value * 1000;
    const before = await taskMs();
    await page.evaluate(() => void window.run());
    return ((await taskMs()) - before) * 1000 / CALLS;
  } finally {
    await context.close();
  }
}

const results = new Map(Object.keys(CASES).map((name) => [name, []]));
try {
  // the cases take turns, run after run, so that a slow minute of the machine hits each alike
  for (let run = 0; run < RUNS; run++) for (const [name, body] of Object.entries(CASES)) results.get(name).push(await measure(body));
} finally {
  await browser.close();
  server.close();
  await rm(work, { recursive: true, force: true });
}
console.log(`main-thread CPU per call, the first ${CALLS.toLocaleString('en')} calls in a fresh page (median of ${RUNS} pages):`);
for (const [name, us] of results) {
  us.sort((a, b) => a - b);
  console.log(`${us[us.length >> 1].toFixed(2).padStart(7)} µs  ${name}  [${us.map((u) => u.toFixed(2)).join(' ')}]`);
}
