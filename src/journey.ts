import { createBus } from './core/bus';
import { cleanProps, type CleanReport } from './core/clean';
import { uuid7 } from './core/id';
import { cleanUrl, redactEmails } from './core/privacy';
import { privacySignals } from './core/privacy-signals';
import { touchSession } from './core/session';
import type { Consent, EventContext, Page, Props, TouchpointType, WaymarkEvent } from './core/types';
import { newVisitor, restoreVisitor, type Visitor } from './core/visitor';
import { warn, warnOnce } from './core/warn';
import { readLocal, writeLocal } from './lib/storage';
import { createBuffer } from './queue/buffer';
import { idbStore } from './queue/idb';
import { memoryStore } from './queue/memory';
import { resilientStore } from './queue/resilient';
import type { Store } from './queue/store';
import { configSchema, type Config } from './schema/config';
import { formatIssues } from './schema/issues';
import { createFlusher } from './transport/flusher';
import { tabLock } from './transport/lock';
import { segmentBody, waymarkBody } from './transport/payload';

export type { Config };

/** What `journey.on('stage', fn)` is given. */
export interface StageChange {
  from: string | null;
  to: string;
  /** The touchpoint that moved the stage. */
  event: WaymarkEvent;
}

export interface JourneyEvents {
  stage: StageChange;
  event: WaymarkEvent;
  [key: string]: unknown;
}

/** The object `createJourney` returns, and `window.waymark` in the script-tag build. */
export interface Journey {
  track(name: string, props?: Record<string, unknown>): void;
  page(): void;
  identify(userId: string, traits?: Record<string, unknown>): void;
  readonly stage: string | null;
  on<K extends keyof JourneyEvents>(type: K, fn: (payload: JourneyEvents[K]) => void): () => void;
  consent(value: Consent): void;
  flush(): Promise<void>;
  reset(): void;
  shutdown(): void;
}

/** Things a test or an entry may swap: storage, clock, network. */
export interface JourneyDeps {
  store?: Store;
  now?: () => number;
  fetch?: Parameters<typeof createFlusher>[0]['send'];
  beacon?: Parameters<typeof createFlusher>[0]['beacon'];
}

const MAX_STRING = 8_000;
// an event must stay under 32 KB; props are the only part of it a caller controls
const MAX_PROPS_CHARS = 24_000;
const MAX_NAME = 256;

/** Checks a config and says, for a person, what is wrong with it. */
export function parseConfig(input: unknown): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) throw new Error(`[waymark] invalid config: ${formatIssues(result.error.issues)}`);
  return result.data;
}

/**
 * Starts tracking a visitor's journey. Throws only for a bad config; afterwards no method throws
 * into the host page. On a server (no `window`) it returns a journey that does nothing.
 */
export function createJourney(input: Config, deps: JourneyDeps = {}): Journey {
  const config = parseConfig(input);
  const bus = createBus<JourneyEvents>((error) => warn('a listener threw', error));
  if (typeof window === 'undefined' || typeof document === 'undefined') return inertJourney(bus.on);

  const now = deps.now ?? Date.now;
  const once = warnOnce();
  const site = config.site ?? null;
  const key = `waymark:${site ?? ''}:${config.endpoint}`;
  const timeout = (config.sessionTimeout ?? 30) * 60_000;
  const allow = config.allowParams ?? [];
  const signals = privacySignals();

  const stored = readLocal<Partial<Visitor>>(key);
  let visitor: Visitor = restoreVisitor(stored) ?? newVisitor(uuid7());
  let consent: Consent =
    config.privacy?.gpc === 'deny' && signals.gpc ? 'denied' : (stored?.consent ?? config.consent ?? 'granted');
  let stopped = false;
  let dirty = true;

  const save = () => {
    if (!dirty || consent === 'denied') return;
    dirty = false;
    writeLocal(key, visitor);
  };

  const store = resilientStore(
    deps.store ?? (globalThis.indexedDB ? idbStore(key) : undefined),
    memoryStore(),
    (error) => warn('IndexedDB is not available, events are kept in memory for this page only', error),
  );
  if (!deps.store && !globalThis.indexedDB) warn('IndexedDB is not available, events are kept in memory for this page only');

  const flusher = createFlusher({
    store,
    lock: tabLock(`${key}:send`),
    endpoint: config.endpoint,
    batchSize: config.batchSize ?? 500,
    headers: config.headers,
    canSend: () => consent === 'granted',
    onWarn: (message) => once(message, message),
    send: deps.fetch,
    beacon: deps.beacon,
    now,
    encode: (events, dropped) => {
      const sentAt = new Date(now()).toISOString();
      const body = (config.format === 'segment' ? segmentBody : waymarkBody)(events, site, dropped, sentAt);
      return JSON.stringify(config.transform ? config.transform(body) : body);
    },
  });
  const buffer = createBuffer(store, {
    delay: Math.min(config.flushInterval ?? 1000, 250),
    maxQueue: config.maxQueue ?? 5000,
    maxAgeMs: (config.maxAgeDays ?? 7) * 86_400_000,
    now,
    onPersisted: (dropped) => {
      if (dropped) {
        flusher.drop(dropped);
        once('bound', `the queue is full: ${dropped} oldest event(s) dropped`);
      }
      save();
    },
    onError: (error) => warn('could not store events', error),
  });
  const flushInterval = config.flushInterval ?? 1000;
  const flush = () => buffer.persist().then(flusher.flush);

  let context: EventContext;
  const setContext = () => {
    context = { attribution: visitor.attribution, locale: navigator.language, gpc: signals.gpc, dnt: signals.dnt };
  };
  setContext();

  let pageKey = '';
  let page: Page;
  const currentPage = (): Page => {
    const k = location.href + document.title;
    if (k !== pageKey) {
      pageKey = k;
      page = {
        url: cleanUrl(location.href, allow),
        path: redactEmails(location.pathname),
        title: redactEmails(document.title),
        referrer: cleanUrl(document.referrer, allow),
      };
    }
    return page;
  };

  const emit = (type: TouchpointType, name: string, props: Props = {}): WaymarkEvent | undefined => {
    if (stopped || consent === 'denied') return undefined;
    const time = now();
    const { session } = touchSession(visitor.session, time, timeout, uuid7);
    visitor.session = session;
    dirty = true;
    const event: WaymarkEvent = {
      id: uuid7(time),
      type,
      name: name.length > MAX_NAME ? name.slice(0, MAX_NAME) : name,
      time: new Date(time).toISOString(),
      anonymousId: visitor.anonymousId,
      userId: visitor.userId,
      sessionId: session.id,
      stage: null,
      page: currentPage(),
      props,
      context,
    };
    buffer.add(event);
    flusher.schedule(flushInterval);
    bus.emit('event', event);
    return event;
  };

  /** Cleans a caller's props, warning once per call about what had to change. */
  const clean = (method: string, value: unknown): Props => {
    const report: CleanReport = { cut: false, dropped: false, chars: 0 };
    let props = cleanProps(value, MAX_STRING, report);
    if (report.chars > MAX_PROPS_CHARS) {
      report.cut = true;
      props = cleanProps(value, 256, report);
      if (report.chars > MAX_PROPS_CHARS * 2) props = {};
    }
    if (report.cut || report.dropped)
      warn(`${method}(): ${report.cut ? 'long values were cut to keep the event under 32 KB' : 'values that are not JSON were dropped'}`);
    return props;
  };

  const validName = (method: string, value: unknown): value is string => {
    if (typeof value === 'string' && value.trim()) return true;
    warn(`${method}() needs a non-empty string, got ${typeof value}; the call is ignored`);
    return false;
  };

  const hide = () => {
    if (stopped) return;
    const waiting = buffer.take();
    const kept = consent === 'granted' && flusher.healthy() ? flusher.handOver(waiting) : waiting;
    kept.forEach(buffer.add);
    void buffer.persist();
    save();
  };
  const onVisibility = () => document.visibilityState === 'hidden' && hide();
  const onOnline = () => {
    flusher.reset();
    void flush();
  };
  addEventListener('pagehide', hide);
  addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisibility);

  // what an earlier page left queued goes out now
  flusher.schedule(0);

  const journey: Journey = {
    track(name, props) {
      if (validName('track', name)) emit('custom', name, clean('track', props));
    },
    page() {
      emit('page_view', document.title, { path: currentPage().path });
    },
    identify(userId, traits) {
      const id = typeof userId === 'number' ? String(userId) : userId;
      if (!validName('identify', id)) return;
      visitor.userId = id;
      dirty = true;
      emit('identify', id, clean('identify', traits));
    },
    get stage() {
      return null;
    },
    on: bus.on,
    consent(value) {
      if (value !== 'granted' && value !== 'pending' && value !== 'denied') {
        warn(`consent() takes 'granted', 'pending' or 'denied', got ${String(value)}`);
        return;
      }
      consent = value;
      visitor.consent = value;
      if (value === 'denied') {
        buffer.clear();
        void store.clear();
        // the choice itself is all that is kept: no id, no session, no stage
        writeLocal(key, { consent: value });
        return;
      }
      dirty = true;
      save();
      if (value === 'granted') void flush();
    },
    flush: () => (stopped ? Promise.resolve() : flush()),
    reset() {
      visitor = { ...newVisitor(uuid7()), consent: visitor.consent };
      dirty = true;
      setContext();
      save();
    },
    shutdown() {
      if (stopped) return;
      hide();
      stopped = true;
      buffer.stop();
      flusher.stop();
      bus.clear();
      removeEventListener('pagehide', hide);
      removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
  return journey;
}

/** The journey a server-side import gets: the same shape, and nothing happens. */
function inertJourney(on: Journey['on']): Journey {
  const nothing = () => {};
  return {
    track: nothing,
    page: nothing,
    identify: nothing,
    stage: null,
    on,
    consent: nothing,
    flush: () => Promise.resolve(),
    reset: nothing,
    shutdown: nothing,
  };
}
