/**
 * `npm run bench`: waymark beside its peers, in one run, on this machine, in headless Chromium.
 *
 * 1. bytes: script-tag builds and tree-shaken app bundles (bench/bytes.mjs);
 * 2. main-thread cost of a 10,000-event burst, each SDK in a fresh browser context, runs taken
 *    round-robin so that a slow minute of the machine hits every SDK alike; medians are reported;
 * 3. delivery of 1,000 events: requests, bytes on the wire, and whether every event arrived;
 * 4. a CPU profile of waymark's burst, from its script-tag build unminified, to say where its time goes.
 * It writes docs/benchmarks.md and docs/benchmarks.json and prints the tables.
 *
 * Options: --runs N (default 3), --only id,id (waymark is always kept, as the ratios need it),
 * --no-profile, --burst N (default 10000; for a quick look), --debug (print the pages' console and
 * the requests that leave 127.0.0.1).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rollup } from 'rollup';
import { createCollector } from '../demo/collector/collector.mjs';
import { measureBytes } from './bytes.mjs';
import { launchChromium } from './cdp.mjs';
import { EVENT, SDKS, decodeBody } from './sdks.mjs';

const { values: opts } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, only: { type: 'string' }, burst: { type: 'string' }, 'no-profile': { type: 'boolean' }, debug: { type: 'boolean' } },
});

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BENCH = join(ROOT, 'bench');
const NODE_MODULES = join(ROOT, 'node_modules');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const BURST = Number(opts.burst) || 10_000;
const DELIVERY = 1_000;
/** A burst that has not finished by then stops where it is, and the SDK is marked partial. */
const BURST_BUDGET_MS = 10_000;
/**
 * The burst's loop stops itself at the budget, but what an SDK queues as microtasks runs before
 * its task ends: a page that has not answered this long after the budget is marked blocked.
 */
const BLOCKED_MS = 10_000;
/**
 * An SDK whose burst takes longer than this (the floor's takes ~20 ms here) is measured once: its
 * ratio to waymark is far outside the noise, and the bench must stay within minutes.
 */
const SLOW_BURST_MS = 5_000;
/** The reference rows: measured like the SDKs, but neither a peer nor held to a time budget. */
const REFERENCES = new Set(['floor', 'floor-wire']);
/** The main thread is read again once the SDK has settled: idle, and done sending (or stuck). */
const SETTLE_MIN_MS = 3_000;
const SETTLE_MAX_MS = 10_000;
/** Busier than this share of wall time, the main thread still counts as working. */
const IDLE_SHARE = 0.02;
const DELIVERY_BUDGET_MS = 10_000;
/** The issue's target: a 10,000-event burst at the collector within 10 s. */
const DELIVERED_TARGET_MS = 10_000;
const INIT_TIMEOUT_MS = 15_000;
/** Past this, no further round of runs starts: the delivery runs and the profile still need time. */
const ROUNDS_UNTIL_MS = 6 * 60_000;

const RUNS = Math.max(1, Number(opts.runs) || 3);
const only = opts.only ? new Set(['waymark', ...opts.only.split(',')]) : undefined;
const sdks = SDKS.filter((s) => !only || only.has(s.id));

const started = Date.now();
const log = (message) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const withTimeout = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms))]);

// ---------------------------------------------------------------------------------------------
// The machine, the browser, the versions
// ---------------------------------------------------------------------------------------------

const chromiumVersion = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
const major = /(\d+)\./.exec(chromiumVersion)?.[1] ?? '130';
// Headless Chromium says "HeadlessChrome" and navigator.webdriver: PostHog and Plausible drop
// every event from such a bot. A desktop Chrome user agent and the flag below make it a browser.
const USER_AGENT = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
// Quiet on a closed network (BROWSER-TESTING.md), and not flagged as automated.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-blink-features=AutomationControlled',
  `--user-agent=${USER_AGENT}`,
  '--window-size=1280,800',
];

const cpuModel = (await readFile('/proc/cpuinfo', 'utf8').catch(() => '')).match(/model name\s*:\s*(.*)/)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
const machine = { cpu: cpuModel, cores: cpus().length, ramGiB: Math.round(totalmem() / 2 ** 30), node: process.version, chromium: chromiumVersion };

const pkgVersion = async (pkg) => {
  const file = pkg === 'waymark' ? join(ROOT, 'package.json') : join(NODE_MODULES, pkg, 'package.json');
  return JSON.parse(await readFile(file, 'utf8')).version;
};
// the waymark measured: the commit, and whether the work tree differed from it
const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};
const waymarkCommit = `${git('rev-parse', '--short', 'HEAD') || 'unknown'}${git('status', '--porcelain', '--', 'src') ? ' + uncommitted changes in src/' : ''}`;
const versions = {};
for (const sdk of sdks) if (sdk.pkg) versions[sdk.pkg] = await pkgVersion(sdk.pkg);

// ---------------------------------------------------------------------------------------------
// Files: a snapshot of dist/ (a rebuild in this checkout must not change the SDK mid-run), the
// app bundles, and the pages
// ---------------------------------------------------------------------------------------------

const work = await mkdtemp(join(tmpdir(), 'waymark-bench-'));
const dist = join(work, 'dist');
// a rebuild running in this checkout removes dist/ for a few seconds
for (let waited = 0; !existsSync(join(ROOT, 'dist/waymark.iife.js')) || !existsSync(join(ROOT, 'dist/index.mjs')); waited += 500) {
  if (waited > 60_000) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  await sleep(500);
}
await cp(join(ROOT, 'dist'), dist, { recursive: true });
const apps = join(work, 'apps');

log(`bytes: bundling ${sdks.filter((s) => !s.sameBundleAs).length} apps with rollup + terser`);
const bytes = await measureBytes(sdks, { outDir: apps, benchDir: BENCH, nodeModules: NODE_MODULES, waymarkDist: dist, log });
// waymark's script-tag build, unminified, beside its parts, for a CPU profile with readable names
const devDist = join(work, 'dist-dev');
if (!opts['no-profile']) {
  await cp(dist, devDist, { recursive: true });
  // the build's own config, without terser (it reads dist/ and tsconfig from the repo's root)
  process.chdir(ROOT);
  const iife = (await import('../rollup.config.mjs')).default.find((c) => c.output?.file === 'dist/waymark.iife.js');
  const bundle = await rollup({ ...iife, plugins: iife.plugins.filter((p) => p.name !== 'terser') });
  await bundle.write({ ...iife.output, file: join(devDist, 'waymark.iife.js') });
  await bundle.close();
}

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json', '.json': 'application/json' };

/** One page per SDK, with nothing on it: the SDK is added by the benchmark, so its load can be timed. */
const pageHtml = (sdk) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pricing: ${sdk.name}</title></head>
<body><h1>${sdk.name}</h1><p>A page for the benchmark: the SDK is added to it by bench/run.mjs.</p></body></html>`;

/** Serves the pages, waymark's dist/ (at /waymark/, unminified at /waymark-dev/) and the app bundles (at /apps/<id>/). */
async function startSite() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const sdk = sdks.find((s) => path === `/${s.id}/`);
    if (sdk) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml(sdk));
    const [, area, rest] = /^\/(waymark|waymark-dev|apps)\/(.+)$/.exec(path) ?? [];
    const base = { waymark: dist, 'waymark-dev': devDist, apps }[area];
    const file = base && normalize(join(base, rest));
    if (!file || !file.startsWith(base + sep)) return void res.writeHead(404).end();
    try {
      // as public CDNs do: a page on another origin imports waymark's lazy parts (ES modules) with CORS
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'access-control-allow-origin': '*' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  // the same files on another port: another origin, a CDN for the pages above
  const cdn = createServer(server.listeners('request')[0]);
  await new Promise((resolve) => cdn.listen(0, '127.0.0.1', resolve));
  return { server, cdn, origin: `http://127.0.0.1:${server.address().port}`, cdnOrigin: `http://127.0.0.1:${cdn.address().port}` };
}

// ---------------------------------------------------------------------------------------------
// The collector: on another port, so that, as in production, the SDK's requests are cross-origin
// (with the CORS preflights that JSON content types cost). The demo collector counts distinct
// events; each SDK's own wire format is read first, into events whose id is their `seq`.
// ---------------------------------------------------------------------------------------------

/** Requests and bytes the collector saw since `resetTraffic(sdk)`, for the SDK being measured. */
const traffic = { sdk: undefined, requests: 0, preflights: 0, bytes: 0, lastEventAt: 0, since: 0, first: undefined, last: undefined, paths: new Map() };
const collector = createCollector();
const sink = { setHeader() {}, writeHead() { return this; }, end() {} };

function resetTraffic(sdk) {
  collector.clear();
  Object.assign(traffic, { sdk, requests: 0, preflights: 0, bytes: 0, lastEventAt: 0, since: Date.now(), first: undefined, last: undefined, paths: new Map() });
}

/**
 * What an HTTP/1.1 request costs on the wire besides its body: `POST /path HTTP/1.1\r\n`, then
 * `name: value\r\n` per header, then an empty line.
 */
const headerBytes = (req) => req.method.length + 1 + req.url.length + 11 + req.rawHeaders.reduce((n, s) => n + s.length + 2, 0) + 2;

async function startCollector() {
  const server = createServer(async (req, res) => {
    // CORS for every peer: credentials (Snowplow sends them by default), any header (RudderStack
    // adds its own), and a preflight cache, as a production collector would answer.
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'content-type');
    res.setHeader('Access-Control-Max-Age', '600');
    res.setHeader('Vary', 'Origin');
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const sdk = traffic.sdk;
    if (!sdk) return void res.writeHead(503).end();
    if (req.method === 'OPTIONS') {
      traffic.preflights++;
      return void res.writeHead(204).end();
    }
    const body = Buffer.concat(chunks);
    traffic.requests++;
    traffic.bytes += body.length + headerBytes(req);
    const path = new URL(req.url, 'http://x').pathname;
    traffic.paths.set(path, (traffic.paths.get(path) ?? 0) + 1);
    let seqs = [];
    try {
      seqs = sdk.events(body.length ? decodeBody(body, req.headers['content-type']) : undefined);
    } catch {
      // a body we cannot read carries no event we can count
    }
    if (seqs.length) {
      const before = collector.events.size;
      const normalized = Buffer.from(JSON.stringify({ events: seqs.map((seq) => ({ id: String(seq) })) }));
      const fake = Object.assign(Readable.from([normalized]), { method: 'POST', headers: req.headers, socket: req.socket });
      await collector.handle(fake, sink);
      if (collector.events.size > before) traffic.lastEventAt = Date.now();
    }
    traffic.first ??= Date.now() - traffic.since;
    traffic.last = Date.now() - traffic.since;
    // One answer every SDK takes for success: Amplitude reads `code`, Mixpanel's batches `status`,
    // the others only the HTTP status.
    const answer = { code: 200, status: 1, error: null, events_ingested: seqs.length, payload_size_bytes: body.length, server_upload_time: Date.now() };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

// ---------------------------------------------------------------------------------------------
// The browser: one Chromium, and a fresh browser context (storage of its own) per measurement, so
// nothing stored leaks from one SDK (or run) to the next; a new browser each time would cost ~2.5 s
// per measurement here. Driven over the DevTools protocol with only the domains a measurement
// needs (bench/cdp.mjs says why not Playwright).
// ---------------------------------------------------------------------------------------------

/** Runs in every page before any script. */
const INIT_SCRIPT = `(() => {
  // Under a DevTools client that listens to the console, console calls cost 10-20x more: silence
  // them for every SDK alike, so that logging does not decide the ranking. (--debug keeps them.)
  if (!${!!opts.debug}) for (const k of Object.keys(console)) if (typeof console[k] === 'function') console[k] = () => {};
  window.__errors = [];
  addEventListener('error', (e) => window.__errors.push(String(e.message)));
  addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason?.stack ?? e.reason)));
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();`;

let browser;

/**
 * A fresh browser context with one tab, in the one browser (launched again if it died). Main-thread
 * time is read as the main thread's CPU time (threadTicks), not wall time: on a shared 2-core
 * machine other processes take the CPU from the renderer, which wall time would bill to whichever
 * SDK was running.
 */
async function openBrowser({ network = false } = {}) {
  if (!browser?.alive()) browser = await launchChromium({ executablePath: CHROMIUM, args: ARGS });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const external = [];
    await page.send('Page.enable');
    await page.send('Page.addScriptToEvaluateOnNewDocument', { source: INIT_SCRIPT });
    await page.send('Performance.enable', { timeDomain: 'threadTicks' });
    // the page's dedicated workers (waymark stores and sends from one), for their heap
    const workers = new Set();
    page.on((method, params) => {
      if (method === 'Target.attachedToTarget' && params.targetInfo.type === 'worker') workers.add(params.sessionId);
      if (method === 'Target.detachedFromTarget') workers.delete(params.sessionId);
    });
    await page.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
    if (network || opts.debug) {
      // only where nothing is timed: nothing may leave 127.0.0.1 (a remote-config or CDN fetch
      // would be a misconfigured peer)
      page.on((method, params) => {
        if (method === 'Network.requestWillBeSent' && !/^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(params.request.url)) external.push(params.request.url);
        if (method === 'Runtime.consoleAPICalled') log(`  console.${params.type}: ${params.args.map((a) => a.value ?? a.description).join(' ').slice(0, 200)}`);
      });
      await page.send('Network.enable');
      if (opts.debug) await page.send('Runtime.enable');
    }
    return { page, workers, contextId: context.id, external, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}

const metrics = async (page) => {
  const { metrics: list } = await page.send('Performance.getMetrics');
  const m = Object.fromEntries(list.map(({ name, value }) => [name, value]));
  return { task: m.TaskDuration * 1000, script: m.ScriptDuration * 1000 }; // ms
};

/** Used JS heap after a full collection, in bytes. */
const heap = async (page, timeoutMs) => {
  await page.send('HeapProfiler.collectGarbage', {}, timeoutMs);
  return (await page.send('Runtime.getHeapUsage', {}, timeoutMs)).usedSize;
};

/**
 * The used heap of the page's workers, summed, after a full collection each; 0 without any. Its
 * shared workers too (waymark makes its requests from one), which are the browser's targets, not
 * the page's: attached to once, from the browser.
 */
const workerHeap = async (b, timeoutMs) => {
  const { targetInfos } = await browser.send('Target.getTargets');
  for (const t of targetInfos.filter((t) => t.type === 'shared_worker' && t.browserContextId === b.contextId && !b.shared?.has(t.targetId))) {
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId: t.targetId, flatten: true });
    (b.shared ??= new Map()).set(t.targetId, sessionId);
  }
  let sum = 0;
  for (const id of [...b.workers, ...(b.shared?.values() ?? [])]) sum += await heap(b.page.child(id), timeoutMs).catch(() => 0);
  return sum;
};

/** In the page: adds the SDK the way its users do, and sets window.benchTrack once it is ready. */
async function loadInPage({ iife, app, collector: origin, options }) {
  const script = (attrs) =>
    new Promise((resolve, reject) => {
      const s = Object.assign(document.createElement('script'), attrs.props);
      Object.assign(s.dataset, attrs.dataset ?? {});
      s.onload = resolve;
      s.onerror = () => reject(new Error(`could not load ${s.src}`));
      document.head.append(s);
    });
  if (iife) {
    window.waymarkConfig = iife.config;
    await script({ props: { src: iife.src }, dataset: { endpoint: origin + iife.path, site: 'bench' } });
    const journey = window.waymark;
    window.benchTrack = (name, props) => journey.track(name, props);
  } else {
    await script({ props: { src: app, type: 'module' } });
    window.benchTrack = await window.benchApp.init(origin, options);
  }
}

/**
 * In the page: n track() calls in one task, as a burst of events would be; stops past `budget` ms.
 * The task is a timer's, not the DevTools evaluation's: the page's long-task observer sees only
 * its own tasks.
 */
function burstInPage({ n, budget, name }) {
  return new Promise((resolve) =>
    setTimeout(function burstTask() {
      const track = window.benchTrack;
      const start = performance.now();
      let done = 0;
      try {
        while (done < n) {
          track(name, { seq: done, plan: 'pro', source: 'bench' });
          done++;
          // the clock is read every 128 calls only: reading it costs about as much as the floor's track()
          if ((done & 127) === 0 && performance.now() - start > budget) break;
        }
      } catch (error) {
        return resolve({ done, ms: performance.now() - start, start, error: String(error) });
      }
      resolve({ done, ms: performance.now() - start, start });
    }),
  );
}

/** Opens a page for `sdk`, loads and starts it, and waits for it to be idle before a measurement. */
async function start(sdk, site, collectorOrigin, { app, network, iifeDir = 'waymark' } = {}) {
  const b = await openBrowser({ network });
  try {
    // the collector answers this SDK from now on (what it sends while starting is not counted)
    resetTraffic(sdk);
    await b.page.goto(`${site.origin}/${sdk.id}/`);
    await b.page.evaluate(() => 0);
    const baseline = await heap(b.page);
    const m0 = await metrics(b.page);
    const spec = sdk.iife && !app
      ? { iife: { ...sdk.iife, src: `${sdk.iife.cdn ? site.cdnOrigin : site.origin}/${iifeDir}/${sdk.iife.file}` } }
      : { app: `${site.origin}/apps/${app ?? sdk.sameBundleAs ?? sdk.id}/app.js`, options: sdk.options ?? {} };
    await withTimeout(b.page.evaluate(loadInPage, { ...spec, collector: collectorOrigin }), INIT_TIMEOUT_MS, `${sdk.id} init`);
    const m1 = await metrics(b.page);
    // what the SDK and the browser do right after starting (timers, storage, first requests, a
    // fresh renderer's own start) is not the burst's
    const waited = await browser.quiet();
    return { b, baseline, waited, load: { task: m1.task - m0.task, script: m1.script - m0.script } };
  } catch (error) {
    await b.close();
    throw error;
  }
}

/**
 * Waits until the SDK has settled after a burst: at least SETTLE_MIN_MS, then the main thread
 * idle for a second and either every event delivered or nothing new for 2 s; at most SETTLE_MAX_MS.
 */
async function settle(page, expected, from) {
  let prev = await metrics(page);
  let prevAt = Date.now();
  const idle = [];
  for (;;) {
    await sleep(500);
    const now = Date.now();
    const m = await metrics(page);
    idle.push((m.task - prev.task) / (now - prevAt) < IDLE_SHARE);
    prev = m;
    prevAt = now;
    const elapsed = now - from;
    const quiet = idle.length >= 2 && idle.at(-1) && idle.at(-2);
    const sent = collector.events.size >= expected || now - Math.max(traffic.lastEventAt, from) > 2_000;
    if (elapsed >= SETTLE_MAX_MS || (elapsed >= SETTLE_MIN_MS && quiet && sent)) return { ms: elapsed, settled: elapsed < SETTLE_MAX_MS };
  }
}

/** One burst of BURST events: main-thread time, track() time, long tasks, heap, delivery. */
async function measureBurst(sdk, site, collectorOrigin, { profile = false, app, iifeDir } = {}) {
  const { b, baseline, waited, load } = await start(sdk, site, collectorOrigin, { app, iifeDir });
  try {
    const ready = await heap(b.page);
    const workersReady = await workerHeap(b);
    resetTraffic(sdk);
    if (profile) {
      await b.page.send('Profiler.enable');
      // 100 µs sampling: the burst is tens of ms; the default 1 ms would see little of it
      await b.page.send('Profiler.setSamplingInterval', { interval: 100 });
      await b.page.send('Profiler.start');
    }
    const before = await metrics(b.page);
    const burstStart = Date.now();
    const burst = await b.page.evaluate(burstInPage, { n: BURST, budget: BURST_BUDGET_MS, name: EVENT }, BURST_BUDGET_MS + BLOCKED_MS).catch((error) => {
      if (!/no answer/.test(error.message)) throw error;
      return undefined;
    });
    if (!burst) return { blocked: true, blockedMs: Date.now() - burstStart, partial: true, done: null, loadMs: load.task, delivered: collector.events.size, requests: traffic.requests };
    const burstEnd = Date.now();
    const afterBurst = await metrics(b.page);
    const settled = await settle(b.page, burst.done, burstEnd);
    const after = await metrics(b.page);
    const cpuProfile = profile ? (await b.page.send('Profiler.stop')).profile : undefined;
    // a page still busy with the SDK's backlog may not answer these: then they are unknown
    const tasks = await b.page.evaluate(() => window.__longTasks, undefined, 2_000).catch(() => null);
    const longTasks = tasks?.filter((t) => t.start + t.duration >= burst.start) ?? null;
    const errors = (await b.page.evaluate(() => window.__errors, undefined, 2_000).catch(() => null)) ?? [];
    const end = await heap(b.page, 2_000).catch(() => null);
    const workersEnd = await workerHeap(b, 2_000);
    const delivered = collector.events.size;
    return {
      done: burst.done,
      partial: burst.done < BURST,
      error: burst.error ?? errors[0],
      loadMs: load.task,
      quietAfterMs: waited,
      syncUsPerCall: (burst.ms * 1000) / burst.done,
      // the burst task's CPU time, less exposed to other processes than performance.now()
      syncCpuUsPerCall: ((afterBurst.task - before.task) * 1000) / burst.done,
      mainUsPerEvent: ((after.task - before.task) * 1000) / burst.done,
      scriptUsPerEvent: ((after.script - before.script) * 1000) / burst.done,
      mainMs: after.task - before.task,
      settleMs: settled.ms,
      settled: settled.settled,
      burstWallMs: burst.ms,
      longTasks: longTasks?.length ?? null,
      longestTaskMs: longTasks ? Math.max(0, ...longTasks.map((t) => t.duration)) : null,
      // the SDK's own: what starts once the burst's task (the caller's loop of track() calls) is over
      laterLongTasks: longTasks?.filter((t) => t.start > burst.start + burst.ms).length ?? null,
      // each long task: ms after the burst began, and how long it was
      longTaskList: longTasks?.map((t) => [Math.round(t.start - burst.start), Math.round(t.duration)]) ?? null,
      heapGrowthKB: end === null ? null : (end - ready) / 1024,
      heapKB: end === null ? null : (end - baseline) / 1024,
      workerHeapGrowthKB: (workersEnd - workersReady) / 1024,
      workerHeapKB: workersEnd / 1024,
      delivered,
      duplicates: collector.duplicates(),
      allDeliveredInMs: delivered >= burst.done ? traffic.lastEventAt - burstEnd : null,
      requests: traffic.requests,
      cpuProfile,
    };
  } finally {
    resetTraffic(undefined);
    await b.close();
  }
}

/** DELIVERY events, then waits for all of them (or the budget): requests, bytes, arrived. */
async function measureDelivery(sdk, site, collectorOrigin) {
  const { b } = await start(sdk, site, collectorOrigin, { network: true });
  try {
    // the Network domain makes every request dearer for the renderer: on while the SDK starts
    // (when remote config and CDN plugins would be fetched), off for what is timed
    await b.page.send('Network.disable');
    resetTraffic(sdk);
    const before = await metrics(b.page);
    const burst = await b.page
      .evaluate(burstInPage, { n: DELIVERY, budget: BURST_BUDGET_MS, name: EVENT }, BURST_BUDGET_MS + BLOCKED_MS)
      .catch((error) => {
        if (!/no answer/.test(error.message)) throw error;
        return { done: DELIVERY, blocked: true };
      });
    const from = Date.now();
    // then until nothing has come for a second, so that the request count is complete
    while (Date.now() - from < DELIVERY_BUDGET_MS) {
      await sleep(250);
      const last = Math.max(traffic.lastEventAt, from);
      if (collector.events.size >= burst.done && Date.now() - last > 1_000) break;
    }
    const after = await metrics(b.page);
    return {
      blocked: !!burst.blocked,
      expected: burst.done,
      arrived: collector.events.size,
      duplicates: collector.duplicates(),
      requests: traffic.requests,
      preflights: traffic.preflights,
      bytes: traffic.bytes,
      paths: Object.fromEntries(traffic.paths),
      // ms from the burst to the first and the last request
      firstRequestMs: traffic.first ?? null,
      lastRequestMs: traffic.last ?? null,
      allInMs: collector.events.size >= burst.done ? traffic.lastEventAt - from : null,
      // main-thread time per event for this smaller burst, up to the end of the wait (unknown for a
      // page that stayed blocked: its current task is not counted until it ends)
      mainUsPerEvent: burst.blocked ? null : ((after.task - before.task) * 1000) / burst.done,
      external: [...new Set(b.external)],
      error: burst.error ?? (await b.page.evaluate(() => window.__errors, undefined, 2_000).catch(() => []))[0],
    };
  } finally {
    resetTraffic(undefined);
    await b.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The profile: self time per function, from a CDP CPU profile
// ---------------------------------------------------------------------------------------------

/**
 * Self and inclusive time per function from a CDP CPU profile, in two parts: the burst's task
 * (from the first to the last sample with \`burstTask\` on the stack: track() itself) and the rest
 * (what the SDK did after it: timers, storage, requests).
 */
function summariseProfile(profile, bundleFile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stack = (id) => {
    const frames = [];
    for (let at = id; at !== undefined; at = parent.get(at)) frames.push(byId.get(at).callFrame);
    return frames;
  };
  let t = profile.startTime;
  const samples = profile.samples.map((id, i) => ({ id, at: (t += profile.timeDeltas[i] ?? 0), us: profile.timeDeltas[i + 1] ?? 0 }));
  const inBurst = samples.filter((x) => stack(x.id).some((f) => f.functionName === 'burstTask'));
  const [from, to] = [inBurst[0]?.at ?? Infinity, inBurst.at(-1)?.at ?? -Infinity];

  const summarise = (part) => {
    const self = new Map();
    const inclusive = new Map();
    let total = 0;
    let idle = 0;
    for (const { id, us } of part) {
      const f = byId.get(id).callFrame;
      if (f.functionName === '(idle)') {
        idle += us;
        continue;
      }
      total += us;
      const where = f.url ? `${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}` : '';
      const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
      self.set(key, (self.get(key) ?? 0) + us);
      // each sample counts once per distinct waymark function on its stack
      const names = new Set(stack(id).filter((g) => g.url?.includes(bundleFile)).map((g) => `${g.functionName || '(anonymous)'}:${g.lineNumber + 1}`));
      for (const name of names) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
    const top = (map, n) =>
      [...map]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([fn, us]) => ({ fn, ms: +(us / 1000).toFixed(2), share: +((us / total) * 100).toFixed(1) }));
    return { sampledMs: +(total / 1000).toFixed(1), idleMs: +(idle / 1000).toFixed(1), self: top(self, 25), inclusive: top(inclusive, 25) };
  };
  return {
    sync: summarise(samples.filter((x) => x.at >= from && x.at <= to)),
    async: summarise(samples.filter((x) => x.at < from || x.at > to)),
  };
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

const site = await startSite();
const collectorServer = await startCollector();
const runs = Object.fromEntries(sdks.map((s) => [s.id, []]));
const failures = {};

try {
  for (let r = 0; r < RUNS; r++) {
    if (r > 0 && Date.now() - started > ROUNDS_UNTIL_MS) {
      log(`no run ${r + 1} of ${RUNS}: the bench has run ${((Date.now() - started) / 60_000).toFixed(1)} min (a busy machine)`);
      break;
    }
    for (const sdk of sdks) {
      if (failures[sdk.id]) continue;
      // a peer that could not finish its burst in the budget, or took long, is not made to try again
      const first = runs[sdk.id][0];
      if (first && !sdk.id.startsWith('waymark') && !REFERENCES.has(sdk.id) && (first.partial || first.burstWallMs > SLOW_BURST_MS)) continue;
      if (first?.blocked) continue;
      try {
        const result = await measureBurst(sdk, site, collectorServer.origin);
        runs[sdk.id].push(result);
        if (result.blocked) {
          log(`burst ${r + 1}/${RUNS} ${sdk.id}: BLOCKED, the page did not answer for ${(result.blockedMs / 1000).toFixed(0)} s`);
          continue;
        }
        log(
          `burst ${r + 1}/${RUNS} ${sdk.id}: ${result.mainUsPerEvent.toFixed(2)} µs/event main thread, ${result.syncUsPerCall.toFixed(2)} µs/track(), ` +
            `${result.delivered}/${result.done} delivered, settled in ${(result.settleMs / 1000).toFixed(1)} s, began ${(result.quietAfterMs / 1000).toFixed(1)} s after init${result.partial ? ' (PARTIAL)' : ''}${result.error ? ` error: ${result.error}` : ''}`,
        );
      } catch (error) {
        failures[sdk.id] = String(error?.message ?? error);
        log(`burst ${sdk.id} FAILED: ${failures[sdk.id]}`);
      }
    }
  }

  const delivery = {};
  for (const sdk of sdks) {
    if (failures[sdk.id]) continue;
    try {
      delivery[sdk.id] = await measureDelivery(sdk, site, collectorServer.origin);
      const d = delivery[sdk.id];
      log(`delivery ${sdk.id}: ${d.arrived}/${d.expected} in ${d.requests} requests (+${d.preflights} preflights), ${(d.bytes / 1024).toFixed(1)} KB`);
    } catch (error) {
      log(`delivery ${sdk.id} FAILED: ${error.message}`);
    }
  }

  let profile;
  if (!opts['no-profile']) {
    log('profile: waymark script-tag build (unminified), one burst under the CPU profiler');
    // V8 inlines small functions into their callers, and a profile then bills the callee's time to
    // the caller: a browser of its own, with inlining off, so that each function keeps its own time
    await browser?.close();
    browser = await launchChromium({ executablePath: CHROMIUM, args: [...ARGS, '--js-flags=--no-turbo-inlining --no-maglev-inlining'] });
    const result = await measureBurst(SDKS[0], site, collectorServer.origin, { profile: true, iifeDir: 'waymark-dev' });
    const file = join(work, 'waymark-burst.cpuprofile');
    await writeFile(file, JSON.stringify(result.cpuProfile));
    profile = {
      file,
      mainUsPerEvent: result.mainUsPerEvent,
      syncUsPerCall: result.syncUsPerCall,
      delivered: result.delivered,
      ...summariseProfile(result.cpuProfile, 'waymark-dev/'),
    };
  }

  const report = buildReport({ runs, delivery, profile });
  await mkdir(join(ROOT, 'docs'), { recursive: true });
  await writeFile(join(ROOT, 'docs/benchmarks.md'), report.markdown);
  await writeFile(join(ROOT, 'docs/benchmarks.json'), JSON.stringify(report.json, null, 2) + '\n');
  console.log(report.tables);
  if (profile) console.log(profileText(profile));
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; wrote docs/benchmarks.md and docs/benchmarks.json${profile ? `; CPU profile: ${profile.file}` : ''}`);
} finally {
  await browser?.close();
  site.server.close();
  site.cdn.close();
  collectorServer.server.close();
  if (!opts['no-profile']) log(`kept ${work} for the CPU profile; delete it when done`);
  else await rm(work, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

function buildReport({ runs, delivery, profile }) {
  const rows = sdks.map((sdk) => {
    const rs = runs[sdk.id] ?? [];
    const pick = (k) => median(rs.map((x) => x[k]));
    const partial = rs.find((x) => x.partial);
    return {
      id: sdk.id,
      name: sdk.name,
      pkg: sdk.pkg,
      version: sdk.pkg ? versions[sdk.pkg] : null,
      failed: failures[sdk.id] ?? null,
      runs: rs.length,
      blocked: rs.find((x) => x.blocked) ? { ms: rs.find((x) => x.blocked).blockedMs, delivered: rs.find((x) => x.blocked).delivered } : null,
      partial: partial && !partial.blocked ? { done: partial.done, ms: partial.burstWallMs, perSecond: Math.round(partial.done / (partial.burstWallMs / 1000)) } : null,
      loadMs: pick('loadMs'),
      syncUsPerCall: pick('syncUsPerCall'),
      mainUsPerEvent: pick('mainUsPerEvent'),
      scriptUsPerEvent: pick('scriptUsPerEvent'),
      longTasks: rs.some((x) => x.longTasks != null) ? Math.max(...rs.map((x) => x.longTasks ?? 0)) : null,
      longestTaskMs: rs.some((x) => x.longTasks != null) ? Math.max(...rs.map((x) => x.longestTaskMs ?? 0)) : null,
      laterLongTasks: rs.some((x) => x.laterLongTasks != null) ? Math.max(...rs.map((x) => x.laterLongTasks ?? 0)) : null,
      heapGrowthKB: pick('heapGrowthKB'),
      heapKB: pick('heapKB'),
      workerHeapGrowthKB: pick('workerHeapGrowthKB'),
      workerHeapKB: pick('workerHeapKB'),
      settledAll: rs.every((x) => x.settled || x.blocked),
      burstDelivered: rs.length ? Math.min(...rs.map((x) => x.delivered)) : null,
      burstDone: rs[0]?.done ?? null,
      burstAllInMs: rs.every((x) => x.allDeliveredInMs !== null) ? median(rs.map((x) => x.allDeliveredInMs)) : null,
      external: delivery[sdk.id]?.external ?? [],
      errors: [...new Set(rs.map((x) => x.error).filter(Boolean))],
      bytes: bytes[sdk.sameBundleAs ?? sdk.id] ?? null,
      delivery: delivery[sdk.id] ?? null,
      raw: rs.map(({ cpuProfile, ...x }) => x),
    };
  });
  const wm = rows.find((r) => r.id === 'waymark');
  const ratio = (v, base) => {
    if (v == null || !base) return '';
    const x = v / base;
    return ` (×${x >= 10 ? x.toFixed(0) : x >= 0.1 ? x.toFixed(1) : x.toFixed(2)})`;
  };
  const num = (v, d = 1) => (v == null ? 'n/a' : v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
  const kb = (b) => (b == null ? 'n/a' : (b / 1024).toFixed(1));
  const label = (r) => (r.version ? `${r.name} ${r.version}` : r.name);

  const count = (n) => (n == null ? 'n/a' : n.toLocaleString('en-US'));
  const main = [
    `| SDK | runs | main-thread µs/event, ${count(BURST)} burst | main-thread µs/event, ${count(DELIVERY)} | track() µs (sync) | load + init ms | long tasks (longest ms); after the burst's own | heap growth KB | heap KB | ${count(BURST)} events at the collector |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => {
      if (r.failed) return `| ${label(r)} | 0 | could not run: ${r.failed} | | | | | | | |`;
      const small = `${num(r.delivery?.mainUsPerEvent, 2)}${ratio(r.delivery?.mainUsPerEvent, wm?.delivery?.mainUsPerEvent)}`;
      if (r.blocked)
        return (
          `| ${label(r)} | ${r.runs} | ≥ ${num((r.blocked.ms * 1000) / BURST, 0)} (blocked) | ${small} | n/a | n/a | n/a | n/a | n/a | ` +
          `BLOCKED: the page did not answer for ${(r.blocked.ms / 1000).toFixed(0)} s after the burst; ${count(r.blocked.delivered)} arrived |`
        );
      const burst = r.partial
        ? `PARTIAL: ${count(r.partial.done)} tracked in ${(r.partial.ms / 1000).toFixed(0)} s (${count(r.partial.perSecond)}/s); ${count(r.burstDelivered)} arrived`
        : r.burstAllInMs != null
          ? `all in ${(r.burstAllInMs / 1000).toFixed(1)} s`
          : `${count(r.burstDelivered)} arrived`;
      return (
        `| ${label(r)} | ${r.runs} | ${num(r.mainUsPerEvent, 2)}${ratio(r.mainUsPerEvent, wm?.mainUsPerEvent)}${r.settledAll ? '' : ' †'} | ${small} | ` +
        `${num(r.syncUsPerCall, 2)}${ratio(r.syncUsPerCall, wm?.syncUsPerCall)} | ${num(r.loadMs, 1)}${ratio(r.loadMs, wm?.loadMs)} | ` +
        `${r.longTasks == null ? 'n/a' : `${r.longTasks} (${num(r.longestTaskMs, 0)}); ${r.laterLongTasks}`} | ${num(r.heapGrowthKB, 0)} | ${num(r.heapKB, 0)}${ratio(r.heapKB, wm?.heapKB)} | ${burst} |`
      );
    }),
  ].join('\n');

  const del = [
    `| SDK | arrived / tracked | all in | requests | preflights | KB sent | bytes / event |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows
      .filter((r) => r.delivery)
      .map((r) => {
        const d = r.delivery;
        return (
          `| ${label(r)} | ${count(d.arrived)} / ${count(d.expected)}${d.arrived < d.expected ? ' ✗' : ''}${d.blocked ? ' (page blocked)' : ''} | ` +
          `${d.allInMs == null ? `not in ${DELIVERY_BUDGET_MS / 1000} s` : `${(d.allInMs / 1000).toFixed(1)} s`} | ` +
          `${d.requests.toLocaleString('en-US')}${ratio(d.requests, wm?.delivery?.requests)} | ${d.preflights} | ${kb(d.bytes)}${ratio(d.bytes, wm?.delivery?.bytes)} | ${Math.round(d.bytes / Math.max(1, d.arrived))} |`
        );
      }),
  ].join('\n');

  const size = (s) => (s?.min == null ? 'n/a' : `${kb(s.min)} / ${kb(s.gzip)} / ${kb(s.brotli)}`);
  const byt = [
    '| SDK | script-tag build | script tag KB min / gzip / brotli | app bundle KB min / gzip / brotli (initial) | app gzip vs waymark\'s script tag | lazy chunks KB gzip |',
    '|---|---|---:|---:|---:|---:|',
    ...rows
      .filter((r) => r.bytes && !sdks.find((s) => s.id === r.id)?.sameBundleAs)
      .map((r) => {
        const { scriptTag: st, app } = r.bytes;
        return (
          `| ${label(r)} | ${st.file ?? `none: ${st.note}`} | ${size(st)}${ratio(st.gzip, wm?.bytes?.scriptTag.gzip)} | ${size(app)}${ratio(app.gzip, wm?.bytes?.app.gzip)} | ` +
          `${ratio(app.gzip, wm?.bytes?.scriptTag.gzip).trim() || 'n/a'} | ${app.lazy ? kb(app.lazy.gzip) : '–'} |`
        );
      }),
  ].join('\n');

  const cheapestPeer = rows.filter((r) => !r.id.startsWith('waymark') && !REFERENCES.has(r.id) && !r.failed && r.mainUsPerEvent != null && !r.partial).sort((a, b) => a.mainUsPerEvent - b.mainUsPerEvent)[0];
  const floor = rows.find((r) => r.id === 'floor');
  const wireFloor = rows.find((r) => r.id === 'floor-wire');
  const perEvent = (r) => r?.delivery && Math.round(r.delivery.bytes / Math.max(1, r.delivery.arrived));
  const targets = wm && [
    cheapestPeer &&
      `- main-thread time per event ≤ 0.15× the cheapest peer's (${cheapestPeer.name}, ${num(cheapestPeer.mainUsPerEvent, 2)} µs${cheapestPeer.burstDelivered < cheapestPeer.burstDone ? `, though only ${count(cheapestPeer.burstDelivered)} of its events arrived` : ''}): waymark is ${num(wm.mainUsPerEvent / cheapestPeer.mainUsPerEvent, 2)}× — ${wm.mainUsPerEvent <= 0.15 * cheapestPeer.mainUsPerEvent ? 'met' : 'NOT met'}`,
    floor?.mainUsPerEvent && `- within 1.5× of the floor's (${num(floor.mainUsPerEvent, 2)} µs): waymark is ${num(wm.mainUsPerEvent / floor.mainUsPerEvent, 2)}× — ${wm.mainUsPerEvent <= 1.5 * floor.mainUsPerEvent ? 'met' : 'NOT met'}`,
    floor?.mainUsPerEvent &&
      `  - run by run (waymark's burst against the floor's of the same round, measured a few seconds apart): ${wm.raw.flatMap((x, i) => (floor.raw[i] ? [num(x.mainUsPerEvent / floor.raw[i].mainUsPerEvent, 2)] : [])).join(', ')}; a slow minute moves both, so one round says little, and the target is judged on the medians`,
    wireFloor?.mainUsPerEvent &&
      `  - for scale, not a target: the floor sending what waymark must send (SPEC.md's wire format, ${perEvent(wireFloor)} B/event against ${perEvent(floor)}) costs ${num(wireFloor.mainUsPerEvent, 2)} µs; waymark is ${num(wm.mainUsPerEvent / wireFloor.mainUsPerEvent, 2)}× that`,
    `- all ${BURST.toLocaleString('en-US')} burst events delivered within ${DELIVERED_TARGET_MS / 1000} s: ${wm.burstAllInMs != null ? `all in ${(wm.burstAllInMs / 1000).toFixed(1)} s — ${wm.burstAllInMs <= DELIVERED_TARGET_MS ? 'met' : 'NOT met'}` : `${count(wm.burstDelivered)} arrived — NOT met`}`,
    `- heap growth after the burst < 1 MB: ${num(wm.heapGrowthKB, 0)} KB — ${wm.heapGrowthKB != null && wm.heapGrowthKB < 1024 ? 'met' : 'NOT met'}` +
      (wm.workerHeapKB ? `; its workers (the one that stores and sends, and the shared one that makes the requests; off the main thread, not in the column): ${num(wm.workerHeapGrowthKB, 0)} KB growth, ${num(wm.workerHeapKB, 0)} KB in all` : ''),
    `- no long task: ${wm.longTasks ?? 'n/a'} (longest ${num(wm.longestTaskMs, 0)} ms) — ${wm.longTasks === 0 ? 'met' : 'NOT met'}${floor?.longTasks ? ` (the floor: ${floor.longTasks}, longest ${num(floor.longestTaskMs, 0)} ms: ${count(BURST)} calls in one task pass 50 ms by themselves)` : ''}; after the burst's own task: ${wm.laterLongTasks ?? 'n/a'} — ${wm.laterLongTasks === 0 ? 'met' : 'NOT met'}`,
  ].filter(Boolean).join('\n');

  const date = new Date().toISOString().slice(0, 10);
  const seconds = Math.round((Date.now() - started) / 1000);
  const tables = `## Main thread: a burst of ${BURST.toLocaleString('en-US')} track() calls (median of ${RUNS} runs)\n\n${main}\n\n## Delivery of ${DELIVERY.toLocaleString('en-US')} events\n\n${DELIVERY.toLocaleString('en-US')} track() calls, then up to ${DELIVERY_BUDGET_MS / 1000} s for them to arrive. Tracked is less where the calls ran out of the ${BURST_BUDGET_MS / 1000} s budget; ✗: not all of them arrived.\n\n${del}\n\n## Bytes\n\n${byt}\n\n## waymark against the issue's targets\n\n${targets}\n`;
  const notes = sdks.filter((s) => s.id !== 'posthog-unlimited').map((s) => `- **${s.name}**: ${noteFor(s)}`).join('\n');
  const markdown = `# Benchmarks

waymark beside the peer SDKs, measured in one run of \`npm run bench\` on ${date}.

- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM; Node ${machine.node}
- Browser: ${machine.chromium}, headless, driven over the DevTools protocol (bench/cdp.mjs)
- waymark: commit ${waymarkCommit}, measured from its build (\`npm run build\`)
- SDKs: ${rows.filter((r) => r.version && !sdks.find((s) => s.id === r.id)?.sameBundleAs).map((r) => `${r.pkg} ${r.version}`).join(', ')}
- Run time: ${seconds} s

${tables}
## How to read this

- **Ratios matter, absolute times do not.** This is a shared 2-core machine: a second run can
  differ by 20-30 % in absolute µs, but the SDKs were measured round-robin in the same minutes, so
  their ratios (×N, relative to waymark) are what one run can tell. Main-thread figures are the
  main thread's CPU time (the DevTools protocol's \`Performance.getMetrics\` TaskDuration in
  \`threadTicks\`), which other processes on the machine disturb less than wall time.
- **main-thread µs/event** is everything the page's main thread did from just before the burst
  until the SDK settled (every event sent, or the SDK idle and sending nothing more for 2 s; at
  least ${SETTLE_MIN_MS / 1000} s, at most ${SETTLE_MAX_MS / 1000} s), divided by the events tracked: the synchronous track()
  calls plus the timers, storage writes, serialisation and requests they cause. † marks an SDK
  still busy when the window closed: its figure is a lower bound. The ${count(DELIVERY)} column is the
  same for the delivery run's smaller burst (until its events arrived, at most ${DELIVERY_BUDGET_MS / 1000} s), which
  every SDK survives. **track() µs (sync)** is the loop alone (performance.now around ${count(BURST)}
  calls in one task, so wall time).
- **When the burst starts**: once the browser is quiet after the SDK's init (its processes
  together under 10 % of one core for 250 ms; at least 0.5 s, at most 4 s; each run's wait is in
  docs/benchmarks.json as \`quietAfterMs\`). A fresh tab's renderer keeps 1.2-1.6 of this machine's 2
  cores busy for over a second after its load event, even with an empty page; a burst timed in
  those seconds measures that contention as much as the SDK, and the more so the more of its work
  comes after the caller's loop.
- **runs**: the median of ${RUNS} runs; an SDK whose burst took over ${SLOW_BURST_MS / 1000} s is measured once.
- **long tasks** are PerformanceObserver \`longtask\` entries (> 50 ms, wall time) from the burst
  to the settle. The burst is one task, so an SDK over 5 µs per track() makes one by itself; on a
  loaded machine a task can also pass 50 ms because another process took the CPU. **after the
  burst's own** counts those that began once the burst's task was over: the SDK's own work
  (writing, serialising, sending), which it can split into short tasks.
- **heap growth** is the used JS heap after the SDK settled minus before the burst, **heap** minus
  before the SDK was loaded (code and state included); both after a forced garbage collection, of
  the page's main thread. Workers' heaps (waymark's dedicated worker, which stores and sends, and
  the shared worker that makes its requests) are their own: they are given beside the targets.
- **PARTIAL**: the burst had not finished after ${BURST_BUDGET_MS / 1000} s (several SDKs rewrite their whole
  localStorage queue on every event, so each call costs more than the one before); the figures are
  for the events it did track. **BLOCKED**: the calls returned, but the work the SDK queued behind
  them (microtasks, which run before the task ends) kept the page from answering for
  ${(BURST_BUDGET_MS + BLOCKED_MS) / 1000} s; nothing after that could be measured, and the lower bound is that wall time
  over ${count(BURST)} events.
- **Delivery** counts distinct events at the collector (each carries a sequence number), reading
  each SDK's own wire format; requests exclude CORS preflights, counted apart; KB sent counts
  bodies plus request lines and headers.
- **Bytes**: the script-tag build as the package ships it, and a minimal app (import, init,
  track) bundled with rollup + node-resolve + commonjs + terser, tree-shaken; gzip -9, brotli -11.

## How each SDK was set up

Every SDK is pointed at a collector on 127.0.0.1 (another port than the page, so requests are
cross-origin as in production), with autocapture, page views, replays, surveys and any
remote-config fetch turned off; everything else is as shipped. The browser is Debian's Chromium,
headless, with \`--disable-blink-features=AutomationControlled\` and a desktop Chrome user agent
(PostHog and Plausible drop events from a browser that looks like a bot), driven over the DevTools
protocol with only the domains a measurement needs (Playwright keeps the Network domain on, which
makes every request dearer for the renderer, most for the SDKs that send the most). \`console.*\`
is silenced in every page before any SDK runs. Each measurement uses a fresh browser context
(storage of its own, kept in memory, like an incognito window).

${notes}

## How to run

\`\`\`sh
npm run bench                          # builds, then measures everything (about ${Math.max(1, Math.round(seconds / 60))} min here)
node bench/run.mjs --runs 1 --only floor,segment --no-profile   # a quicker look (waymark is always in)
node bench/ab.mjs before=/tmp/a after=/tmp/b --runs 7          # waymark builds (copies of dist/) side by side
node bench/cold.mjs                                            # the steps of making an event, each cold
\`\`\`

It needs Chromium at \`/usr/bin/chromium\` (or \`CHROMIUM_PATH\`) and nothing from the network: the
peers are pinned devDependencies. It writes this file and \`docs/benchmarks.json\` (every run's raw
numbers). The code is in \`bench/\`: \`run.mjs\` (the runs and this report), \`sdks.mjs\` (how each
SDK is loaded, started and counted), \`bytes.mjs\`, \`cdp.mjs\` (the DevTools-protocol client),
\`floor.js\`, \`ab.mjs\`: the burst alone, for two or more waymark builds in turn, to tell whether a
change pays (single runs vary by ±20 % here; differences under 1 µs need 7 runs or more), and
\`cold.mjs\`: single functions, each in a fresh page, before V8 optimises them (a hint of where to
look: what it shows does not always survive in the whole, which \`ab.mjs\` decides).
`;
  const json = {
    date: new Date().toISOString(),
    machine,
    waymarkCommit,
    settings: { burst: BURST, delivery: DELIVERY, runs: RUNS, burstBudgetMs: BURST_BUDGET_MS, settleMinMs: SETTLE_MIN_MS, settleMaxMs: SETTLE_MAX_MS, deliveryBudgetMs: DELIVERY_BUDGET_MS, userAgent: USER_AGENT, args: ARGS },
    versions,
    rows,
    profile: profile && { ...profile, file: undefined },
    seconds,
  };
  return { markdown, json, tables };
}

function noteFor(sdk) {
  return (
    {
      waymark: 'the script-tag build (`dist/waymark.iife.js`) with `data-endpoint`, and `window.waymarkConfig` turning every capture off; the defaults otherwise (flushInterval 1000 ms, batchSize 500, maxQueue 5000).',
      'waymark-cdn': 'the same, its script served from another origin (another port here, with `Access-Control-Allow-Origin: *` as public CDNs send), as most sites load a tag: the browser starts no worker from another origin\'s URL, so waymark starts it from a one-line `blob:` that imports the script.',
      floor: '`bench/floor.js`: events in memory, one fetch per 500 events after 1 s; no storage, no retry.',
      'floor-wire': '`bench/floor.js` with `wire: true`: the same, sending each event as SPEC.md\'s wire format has it (id, time, ids, page, context) in batches under 64 KiB, as waymark must.',
      posthog: '`posthog-js` with `advanced_disable_flags` (no /flags, no remote config), `disable_external_dependency_loading`, `disable_compression` (JSON bodies); autocapture, page views, replay, surveys and other captures off. Measured as shipped (client rate limit 10 events/s, bursts of 100) and with the limit raised.',
      segment: '`AnalyticsBrowser.load` with `cdnSettings` given inline (no settings fetch) and the Segment.io destination at the collector; default delivery (one request per event).',
      rudderstack: '`@rudderstack/analytics-js/lite` (plugins bundled: the default entry fetches them from a CDN), the source config given by `getSourceConfig`, error and metrics reporting off; queue as shipped (XhrQueue, one request per event, at most 100 queued).',
      snowplow: '`@snowplow/browser-tracker` `newTracker` with the defaults (POST, bufferSize 1, localStorage queue of at most 1,000 events); each track is a self-describing event.',
      amplitude: '`@amplitude/analytics-browser` `init` with `autocapture: false`, remote config and diagnostics off; defaults otherwise (flushQueueSize 30, flushIntervalMillis 1000, queue in localStorage).',
      mixpanel: '`mixpanel-browser` with `api_payload_format: \'json\'`, page views and autocapture off; defaults otherwise (batches of 50 every 5 s, queue in localStorage).',
      plausible: '`@plausible-analytics/tracker` with `captureOnLocalhost` (the page is on 127.0.0.1, which Plausible otherwise ignores; it also skips Plausible\'s bot check), page views off; one keepalive fetch per event, as shipped.',
    }[sdk.id] ?? ''
  );
}

function profileText(p) {
  const lines = (list) => list.map((x) => `  ${String(x.ms).padStart(8)} ms ${String(x.share).padStart(5)} %  ${x.fn}`).join('\n');
  const part = (name, s) => `${name}: ${s.sampledMs} ms sampled (${s.idleMs} ms idle)\nself time:\n${lines(s.self)}\ninclusive (waymark's functions):\n${lines(s.inclusive)}`;
  return (
    `\nwaymark CPU profile (script-tag build, unminified, V8 inlining off; under the profiler ${p.mainUsPerEvent.toFixed(2)} µs/event main thread, ` +
    `${p.syncUsPerCall.toFixed(2)} µs/track(), ${p.delivered} delivered)\n${part('the burst (track() calls)', p.sync)}\n\n${part('after the burst, until settled', p.async)}\n`
  );
}
