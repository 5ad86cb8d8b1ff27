import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCollector, type Collector, type CollectorFault } from '../../demo/collector/collector.mjs';
import type { WaymarkEvent } from '../../src/core/types';
import { sleep, waitFor } from './wait';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'dist') + sep;
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.map': 'application/json' };

/** The body of one batch as it went over the wire (SPEC.md, Wire format). */
export interface WireBody {
  sentAt: string;
  site: string | null;
  sdk: { name: string; version: string };
  dropped: number;
  events: WaymarkEvent[];
}

/** One POST /collect as the collector saw it, whatever it answered. */
export interface CollectRequest {
  /** 0 for the first request this server received. */
  index: number;
  /** Date.now() when the collector read the body (after `latency`, if set). */
  at: number;
  text: string;
  body: WireBody | undefined;
  events: WaymarkEvent[];
  /** `beacon` for navigator.sendBeacon (Sec-Fetch-Mode: no-cors), `fetch` for fetch, keepalive or not. */
  via: 'beacon' | 'fetch';
  /** What the collector did: accepted it, dropped the connection, or answered a status. */
  answer: 'accepted' | 'destroyed' | number;
}

/** Decides per request: undefined accepts, `{ status, headers }` answers that, 'destroy' drops the connection. */
export type Fault = (request: CollectRequest) => CollectorFault;

export interface TestServer {
  /** The origin, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The directory served under /dist/: another server on it is a CDN (another origin) for the same build. */
  dist: string;
  collector: Collector;
  /** Every POST /collect, in order of arrival. */
  requests: CollectRequest[];
  /** Set it to inject an outage, a 503, a 429 or a 400; undefined accepts everything. */
  fault: Fault | undefined;
  /** ms the collector waits before it reads and answers each request: a slow collector keeps a send in flight. */
  latency: number;
  /** Requests to /collect that have arrived, answered or not (a slow collector is still on them). */
  readonly arrived: number;
  /** Serves `html` at `path` (the query string is ignored when matching). */
  page(path: string, html: string, headers?: OutgoingHttpHeaders): void;
  /** Serves any body at `path`. */
  route(path: string, body: string, headers: OutgoingHttpHeaders): void;
  /** Accepted events, each once, in id order (the order they were tracked). */
  events(): WaymarkEvent[];
  eventsNamed(name: string): WaymarkEvent[];
  /** Accepted requests sent by navigator.sendBeacon. */
  beacons(): CollectRequest[];
  /** Waits until `n` beacons were accepted. */
  beaconCountIs(n: number, timeoutMs?: number): Promise<void>;
  /** Waits until every named event was accepted. */
  waitForEvents(names: readonly string[], timeoutMs?: number): Promise<void>;
  /** A one-line summary of what the collector saw, for failure messages. */
  describe(): string;
  close(): Promise<void>;
}

const parse = (text: string): WireBody | undefined => {
  try {
    const body = JSON.parse(text) as WireBody;
    return body && typeof body === 'object' ? body : undefined;
  } catch {
    return undefined;
  }
};

export interface DistSnapshot {
  dir: string;
  remove(): Promise<void>;
}

/**
 * Copies dist/ to a temporary dir, once per test file, so that a rebuild running meanwhile (npm
 * run build in the same checkout) cannot change or remove the SDK under a test.
 */
export async function snapshotDist(): Promise<DistSnapshot> {
  await waitFor(() => existsSync(join(DIST, 'waymark.iife.js')), 10_000, 'dist/waymark.iife.js: run `npm run build` first');
  const dir = await mkdtemp(join(tmpdir(), 'waymark-dist-'));
  await cp(DIST, dir, { recursive: true });
  return { dir: join(dir, sep), remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A node:http server on 127.0.0.1, port 0: serves the built SDK under /dist/ (from `dist`, a
 * snapshot, or the repo's dist/), the pages a test gives it, and routes POST /collect to the demo
 * collector, through a settable `fault`.
 */
export async function startServer(dist: string = DIST): Promise<TestServer> {
  if (!existsSync(join(dist, 'waymark.iife.js'))) throw new Error(`${join(dist, 'waymark.iife.js')} is missing: run \`npm run build\` first`);
  const routes = new Map<string, { body: string; headers: OutgoingHttpHeaders }>();
  const requests: CollectRequest[] = [];
  let fault: Fault | undefined;
  let latency = 0;
  let arrived = 0;

  const collector = createCollector({
    fault(req, text) {
      const body = parse(text);
      const request: CollectRequest = {
        index: requests.length,
        at: Date.now(),
        text,
        body,
        events: Array.isArray(body?.events) ? body.events : [],
        via: req.headers['sec-fetch-mode'] === 'no-cors' ? 'beacon' : 'fetch',
        answer: body ? 'accepted' : 400,
      };
      requests.push(request);
      const injected = fault?.(request);
      if (injected === 'destroy') request.answer = 'destroyed';
      else if (injected) request.answer = injected.status;
      return injected;
    },
  });

  const server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/collect') {
        arrived++;
        if (latency > 0) await sleep(latency);
        return await collector.handle(req, res);
      }
      // no favicon: keeps a 404 out of the console, where tests look for errors
      if (path === '/favicon.ico') return void res.writeHead(204).end();
      const route = routes.get(path);
      if (route) return void res.writeHead(200, { 'cache-control': 'no-store', ...route.headers }).end(route.body);
      if (path.startsWith('/dist/')) {
        const file = normalize(join(dist, path.slice('/dist/'.length)));
        if (file.startsWith(dist) && existsSync(file)) {
          const body = await readFile(file);
          // as public CDNs do: a page on another origin imports the lazy parts (ES modules) with CORS
          const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
          return void res.writeHead(200, headers).end(body);
        }
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const events = () => [...(collector.events.values() as Iterable<unknown>)].map((e) => e as WaymarkEvent).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const beacons = () => requests.filter((r) => r.via === 'beacon' && r.answer === 'accepted');
  const describe = () =>
    `${requests.length} request(s): ${requests.map((r) => `${r.via} ${r.answer} [${r.events.map((e) => e.name).join(',')}]`).join('; ') || 'none'}; ` +
    `${collector.events.size} event(s) accepted, ${collector.duplicates()} duplicate(s)`;

  return {
    url,
    dist,
    collector,
    requests,
    get fault() {
      return fault;
    },
    set fault(value) {
      fault = value;
    },
    get arrived() {
      return arrived;
    },
    get latency() {
      return latency;
    },
    set latency(value) {
      latency = value;
    },
    page(path, html, headers = {}) {
      routes.set(path, { body: html, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });
    },
    route(path, body, headers) {
      routes.set(path, { body, headers });
    },
    events,
    eventsNamed: (name) => events().filter((e) => e.name === name),
    beacons,
    beaconCountIs: (n, timeoutMs = 5_000) => waitFor(() => beacons().length >= n, timeoutMs, `${n} beacon(s)`, describe),
    waitForEvents(names, timeoutMs = 5_000) {
      const missing = () => names.filter((name) => !events().some((e) => e.name === name));
      return waitFor(() => missing().length === 0, timeoutMs, `events ${names.join(', ')}`, () => `missing ${missing().join(', ')}; ${describe()}`);
    },
    describe,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
