/**
 * `node bench/ab.mjs name=dist-dir name=dist-dir …`: the main-thread cost of waymark builds side by
 * side, to tell whether a change pays. Each build (a copy of `dist/` made with `npm run build`) runs
 * the same 10,000-event burst as `npm run bench`, in a fresh browser context, until every event has
 * reached a collector on 127.0.0.1; the builds take turns, run after run, so that a slow minute of
 * this shared machine hits each alike. It prints each build's median main-thread µs/event (CDP
 * TaskDuration in thread ticks) and every run's figure, and the same for the task of the calls
 * alone (less noisy: a change to track() itself shows there first).
 *
 * Single runs vary by ±20% here: differences under about 1 µs need --runs 7 or more.
 *
 *   npm run build && cp -r dist /tmp/a    # then change the code
 *   npm run build && cp -r dist /tmp/b
 *   node bench/ab.mjs before=/tmp/a after=/tmp/b --runs 7
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from './cdp.mjs';

const { values: opts, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '5' }, burst: { type: 'string', default: '10000' } } });
const builds = positionals.map((arg) => {
  const [name, dir] = arg.split('=');
  if (!name || !dir) throw new Error(`expected name=dist-dir, got ${arg}`);
  return { name, dir: normalize(dir) };
});
if (builds.length < 1) throw new Error('usage: node bench/ab.mjs name=dist-dir [name=dist-dir …] [--runs N] [--burst N]');
const RUNS = Number(opts.runs);
const BURST = Number(opts.burst);
const DELIVERY_BUDGET_MS = 10_000;
const QUIET = { pageViews: false, ctas: false, chat: false, forms: false, formAbandon: false, rageClicks: false, vitals: false };

let current = builds[0];
let received = 0;
const server = createServer(async (req, res) => {
  if (req.method === 'POST') {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        received += JSON.parse(body).events.length;
      } catch {
        // not a batch: not counted
      }
      res.writeHead(200, { 'access-control-allow-origin': '*' }).end();
    });
    return;
  }
  const path = req.url.split('?')[0];
  if (path.startsWith('/waymark.')) {
    const file = await readFile(join(current.dir, path)).catch(() => undefined);
    return file ? res.writeHead(200, { 'content-type': 'text/javascript' }).end(file) : res.writeHead(404).end();
  }
  res.writeHead(200, { 'content-type': 'text/html' }).end(
    `<!doctype html><title>AB</title><script>window.waymarkConfig=${JSON.stringify({ capture: QUIET })}</script><script src="/waymark.iife.js" data-endpoint="/collect" data-site="ab"></script>`,
  );
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One burst of one build: main-thread µs per event, from just before the burst until every event arrived. */
async function burst(build) {
  current = build;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(url);
    // the worker and the parts that load on demand are up, and the browser's own start is over
    await browser.quiet({ min: 1_200 });
    const taskMs = async () => (await page.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value * 1000;
    received = 0;
    const before = await taskMs();
    // the calls in a task of their own, as in npm run bench
    await page.evaluate(
      (n) =>
        new Promise((resolve) =>
          setTimeout(() => {
            for (let i = 0; i < n; i++) window.waymark.track('bench_event', { seq: i, plan: 'pro', source: 'bench' });
            resolve();
          }),
        ),
      BURST,
    );
    const burstMs = await taskMs();
    const started = Date.now();
    while (received < BURST && Date.now() - started < DELIVERY_BUDGET_MS) await sleep(50);
    const took = Date.now() - started;
    await sleep(300);
    return { us: ((await taskMs()) - before) * 1000 / BURST, syncUs: (burstMs - before) * 1000 / BURST, received, took };
  } finally {
    await context.close();
  }
}

const results = new Map(builds.map((b) => [b.name, []]));
try {
  for (let run = 0; run < RUNS; run++) for (const build of builds) results.get(build.name).push(await burst(build));
} finally {
  await browser.close();
  server.close();
}
const [first, ...others] = [...results];
for (const [name, runs] of results) {
  const us = runs.map((r) => r.us).sort((a, b) => a - b);
  const sync = runs.map((r) => r.syncUs).sort((a, b) => a - b);
  const lost = runs.filter((r) => r.received < BURST).length;
  console.log(
    `${name.padEnd(12)} median ${us[us.length >> 1].toFixed(1)} µs/event  [${us.map((u) => u.toFixed(1)).join(' ')}]` +
      `  of which the calls ${sync[sync.length >> 1].toFixed(2)} [${sync.map((u) => u.toFixed(2)).join(' ')}]` +
      `  delivered in ${runs.map((r) => (r.took / 1000).toFixed(1)).join(', ')} s${lost ? `  (${lost} run(s) short of ${BURST})` : ''}`,
  );
}
// the builds took turns, so run i of each met the same minute of the machine: the difference run by
// run cancels what drifts between minutes, and how many runs came out lower says whether it holds
for (const [name, runs] of others) {
  const diffs = runs.map((r, i) => r.us - first[1][i].us).sort((a, b) => a - b);
  const lower = diffs.filter((d) => d < 0).length;
  console.log(
    `${name} - ${first[0]}: median ${diffs[diffs.length >> 1].toFixed(2)} µs/event run by run [${diffs.map((d) => d.toFixed(1)).join(' ')}], lower in ${lower} of ${diffs.length} runs`,
  );
}
