import { attribute, isNewCampaign, touchOf } from './capture/attribution';
import type { captureChat, ChatOptions } from './capture/chat';
import { captureCtas, ctaName } from './capture/ctas';
import { captureForms } from './capture/forms';
import { capturePageViews, pageView } from './capture/page-views';
import { createBus } from './core/bus';
import { cleanProps, type CleanReport } from './core/clean';
import { idRange, uuid7, type IdRange } from './core/id';
import { isoTime } from './core/time';
import { cleanUrl, redactEmails } from './core/privacy';
import { privacySignals } from './core/privacy-signals';
import { touchSession } from './core/session';
import type { Consent, Emit, EventContext, Page, Props, Stop, TouchpointType, WaymarkEvent } from './core/types';
import { newVisitor, restoreVisitor, type Visitor } from './core/visitor';
import { info, warn, warnOnce } from './core/warn';
import { broadcast } from './lib/broadcast';
import { readLocal, takeLocal, writeLocal } from './lib/storage';
import { createBuffer, writeEvents } from './queue/buffer';
import { idbStore } from './queue/idb';
import { recordStore, type Run } from './queue/records';
import { resilientStore } from './queue/resilient';
import type { Store } from './queue/store';
import type { Config } from './schema/config';
import type { Model } from './schema/rules';
import { evaluate, explain, initialState, merge, prepare, type StageState } from './stages/engine';
import { applyStage, watchStage } from './stages/show';
import { createFlusher, type Flusher, type FlusherOptions } from './transport/flusher';
import { tabLock, type LoadLease } from './transport/lock';
import { waymarkJson, type reshape } from './transport/payload';
import type { remoteFlusher } from './transport/remote';
import { post } from './transport/send';

export type { Config };

/** What `journey.on('stage', fn)` is given. */
export interface StageChange {
  from: string | null;
  to: string;
  /** The stage_change event; null when another tab of the site moved the stage. */
  event: WaymarkEvent | null;
}

/** Why the visitor is in their stage (`journey.explain()`). */
export interface Explanation {
  stage: string | null;
  /** The id of the rule that matched (or `stage[i]` for a rule without one). */
  rule: string | null;
  /** The id of the touchpoint that moved the stage. */
  trigger: string | null;
  /** When, as an ISO time. */
  since: string | null;
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
  explain(): Explanation;
  on<K extends keyof JourneyEvents>(type: K, fn: (payload: JourneyEvents[K]) => void): () => void;
  consent(value: Consent): void;
  flush(): Promise<void>;
  reset(): void;
  shutdown(): void;
}

/** The parts that load on demand: the script-tag build fetches them from its folder. */
export interface Lazy {
  vitals?: () => Promise<{ captureVitals: (emit: Emit) => Stop }>;
  /** The chat vendors' adapters, loaded by the chat capture where a vendor's widget is. */
  chat?: ChatOptions['vendors'];
  /** Chat openings, rage clicks and form abandons. */
  interactions?: () => Promise<{
    captureChat: typeof captureChat;
    captureRageClicks: (emit: Emit, nameCta: typeof ctaName) => Stop;
    captureFormAbandon: (emit: Emit) => Stop;
  }>;
  lease?: LoadLease;
  /** The queue in memory, where IndexedDB fails. */
  memory?: () => Promise<{ memoryRun: () => Run }>;
  /** Other shapes of a batch, for `format: 'segment'` and `transform`. */
  reshape?: () => Promise<{ reshape: typeof reshape }>;
  /**
   * A worker to store and send from (`remote.ts`), or the URL of the script-tag build to run in one;
   * it fails where the page may not start one.
   */
  worker?: () => Worker | string;
  /** Storing and sending from that worker (`remote.ts`), the page's side. */
  remote?: () => Promise<{ remoteFlusher: typeof remoteFlusher }>;
}

/** Things a test or an entry may swap: storage, clock, network, lazy parts. */
export interface JourneyDeps {
  store?: Store;
  lazy?: Lazy;
  now?: () => number;
  fetch?: Parameters<typeof createFlusher>[0]['send'];
  beacon?: Parameters<typeof createFlusher>[0]['beacon'];
}

const MAX_STRING = 8_000;
// an event must stay under 32 KB; props are the only part of it a caller controls
const MAX_PROPS_CHARS = 24_000;
const MAX_NAME = 256;
const MAX_UNSENT = 500;
/** Touchpoints made into events per task: ~2 ms once compiled, and under 50 ms before. */
const SLICE = 250;

/**
 * Starts tracking a visitor's journey in a browser, with a config its entry has checked and the
 * stage model it asks for. No method throws into the host page.
 */
export function createJourney(config: Config, model: Model, deps: JourneyDeps): Journey {
  const bus = createBus<JourneyEvents>((error) => warn('a listener threw', error));

  const now = deps.now ?? Date.now;
  const once = warnOnce();
  const site = config.site ?? null;
  const key = `waymark:${site ?? ''}:${config.endpoint}`;
  const timeout = (config.sessionTimeout ?? 30) * 60_000;
  const allow = config.allowParams ?? [];
  const signals = privacySignals();

  const stored = readLocal<Partial<Visitor>>(key);
  const restored = restoreVisitor(stored);
  let visitor: Visitor = restored ?? newVisitor(uuid7());
  let consent: Consent =
    config.privacy?.gpc === 'deny' && signals.gpc ? 'denied' : (stored?.consent ?? config.consent ?? 'granted');
  let stopped = false;
  let dirty = true;

  const prepared = prepare(model);
  let stage: StageState = (visitor.stage as StageState | undefined) ?? initialState();

  /** Takes a stage another tab reached for this same visitor, without a stage_change of our own. */
  const adopt = (remote: StageState | undefined, owner: string | undefined) => {
    if (!remote || owner !== visitor.anonymousId) return;
    const from = stage.stage;
    const merged = merge(stage, remote, prepared);
    if (merged === stage) return;
    stage = visitor.stage = merged;
    dirty = true;
    applyStage(merged.stage);
    bus.emit('stage', { from, to: merged.stage!, event: null });
  };
  // this tab's events not yet known to be sent: what a hand-over on hide may take
  let unsent: WaymarkEvent[] = [];
  // by the range of the ids, which is two strings to tell the other tabs, not a batch's worth: an
  // event in the range but not among them is only left to the queue, where it waits, not lost
  const forget = ([lo, hi]: IdRange) => {
    unsent = unsent.filter((e) => e.id < lo || e.id > hi);
  };
  const tabs = broadcast<{ stage?: StageState; owner?: string; sent?: IdRange }>(key, (m) => {
    adopt(m.stage, m.owner);
    if (Array.isArray(m.sent)) forget(m.sent);
  });

  const save = () => {
    if (!dirty || consent === 'denied') return;
    dirty = false;
    // another tab may have written a stage ahead of ours since we read it
    const stored = readLocal<Partial<Visitor>>(key);
    adopt(stored?.stage as StageState | undefined, stored?.anonymousId);
    writeLocal(key, visitor);
  };

  // ids handed to the browser at page exit: written to localStorage, which a page that is going away
  // still writes at once, where an IndexedDB transaction begun then may never commit
  const handedKey = `${key}:handed`;
  // what a page going away has neither sent nor handed over: an IndexedDB write begun then may never
  // commit, so it is also kept in this tab's sessionStorage, written at once, for the next page of
  // the tab to put back in the queue
  const keptKey = `${key}:kept`;
  const handOff = (ids: readonly string[]) => {
    if (!ids.length) return;
    forget(idRange(ids));
    writeLocal(handedKey, [...(readLocal<string[]>(handedKey) ?? []), ...ids]);
  };
  // from now on the page sends itself: its worker cannot see the page's memory, or stopped answering
  const sendHere = () => {
    if (flusher !== local) flusher.stop();
    flusher = local;
    flusher.schedule(0);
  };
  const store = resilientStore(deps.store ?? idbStore(key), async () => recordStore((await deps.lazy!.memory!()).memoryRun()), (error) => {
    warn('IndexedDB failed: events are kept in memory for this page', error);
    sendHere();
  });

  // a new visitor is written at once, so that a second tab opened now is the same visitor
  if (!restored) save();

  // the queued JSON joined, unless another shape is asked for: that loads first
  let body: typeof waymarkJson | undefined = config.format === 'segment' || config.transform ? undefined : waymarkJson;

  const batchSize = config.batchSize ?? 500;
  // how this page's queue is sent: by the page itself, or with these hooks by a worker
  const sendOptions: FlusherOptions = {
    store,
    lock: tabLock(`${key}:send`, undefined, deps.lazy?.lease),
    endpoint: config.endpoint,
    batchSize,
    headers: config.headers,
    // in another shape, nothing leaves before that shape has loaded
    canSend: () => consent === 'granted' && !!body,
    onWarn: (message) => once(message, message),
    // events an earlier page handed to the browser leave the queue before anything is read from it
    prepare: () => (make(), store.remove(takeLocal<string[]>(handedKey) ?? []).then(buffer.persist)),
    // a batch read before a hand-over leaves out what was handed over
    claim: ([lo, hi]) => (readLocal<string[]>(handedKey) ?? []).filter((id) => id >= lo && id <= hi),
    onStall: () => void buffer.bound(),
    onSent: (range, count) => {
      forget(range);
      tabs.post({ sent: range });
      if (config.debug) info(`sent ${count} event(s)`);
    },
    send: deps.fetch ?? post,
    beacon: deps.beacon,
    now,
    encode: (events, dropped) => body!(events, site, dropped, new Date(now()).toISOString()),
  };
  const local = createFlusher(sendOptions);
  let flusher: Flusher = local;
  // resolved once it is known which flusher sends: the page's own, or its worker's
  let chosen: Promise<unknown> = Promise.resolve();
  const writeHere = (events: readonly WaymarkEvent[]) => writeEvents(store, events, batchSize);
  const buffer = createBuffer(store, {
    delay: Math.min(config.flushInterval ?? 1000, 250),
    // where a worker sends, it stores too: serialising and writing leave the main thread. One still
    // starting (creating the database, on a busy machine, takes longer than the delay) is waited
    // for, within the second SPEC allows a write
    write: (events) => Promise.race([chosen, new Promise((ok) => setTimeout(ok, 750))]).then(() => (flusher.write ?? writeHere)(events)),
    // a worker's write is a structured clone, not a serialisation and a transaction: 1,000 take a
    // few ms, and each write is a message each way, which wakes the page
    slice: () => (flusher.write ? 1000 : 250),
    draining: () => consent === 'granted' && !!body && flusher.healthy(),
    maxQueue: config.maxQueue ?? 5000,
    maxAgeMs: (config.maxAgeDays ?? 7) * 86_400_000,
    now,
    onPersisted: (dropped) => {
      if (dropped) {
        flusher.drop(dropped);
        once('bound', `queue full: ${dropped} oldest event(s) dropped`);
      }
      save();
    },
    onError: (error) => warn('could not store events', error),
  });
  const flushInterval = config.flushInterval ?? 1000;
  if (config.debug) bus.on('event', (e) => info(`${e.type} ${e.name} (stage ${e.stage})`, e));
  const flush = () => chosen.then(() => flusher.flush());

  let context: EventContext;
  const setContext = () => {
    context = { attribution: visitor.attribution, locale: navigator.language, gpc: signals.gpc, dnt: signals.dnt };
  };
  // the landing decides the channel; a visit from a new campaign starts a new session
  const landing = touchOf(location.href, document.referrer, new Date(now()).toISOString(), location.hostname, allow);
  let renewSession = isNewCampaign(visitor.attribution.last, landing);
  visitor.attribution = attribute(visitor.attribution, landing);
  setContext();

  // location.href costs ~2 µs a read in Chromium, more than the rest of track(): where the
  // Navigation API says when the URL changes (pushState however it was called, back, forward), it
  // is read once per URL
  const nav = (globalThis as { navigation?: EventTarget }).navigation;
  let href: string | undefined;
  const moved = () => (href = undefined);
  nav?.addEventListener('currententrychange', moved);
  let page: Page;
  let pageUrl: string | undefined;
  let pageTitle: string | undefined;
  const currentPage = (): Page => {
    const url = nav ? (href ??= location.href) : location.href;
    const title = document.title;
    if (url !== pageUrl || title !== pageTitle) {
      pageUrl = url;
      pageTitle = title;
      page = { url: cleanUrl(url, allow), path: redactEmails(location.pathname), title: redactEmails(title), referrer: cleanUrl(document.referrer, allow) };
    }
    return page;
  };

  /** Makes the event of a touchpoint, at the time and on the page where it happened, and queues it. */
  const record = (type: TouchpointType, name: string, props: Props, time: number, page: Page): WaymarkEvent => {
    const session = touchSession(visitor.session, time, timeout, uuid7, renewSession);
    renewSession = false;
    visitor.session = session;
    dirty = true;
    const event: WaymarkEvent = {
      id: uuid7(time),
      type,
      name: name.slice(0, MAX_NAME),
      time: isoTime(time),
      anonymousId: visitor.anonymousId,
      userId: visitor.userId,
      sessionId: session.id,
      stage: null,
      page,
      props,
      context,
    };
    const moved = evaluate(stage, event, prepared);
    stage = visitor.stage = moved.state;
    event.stage = stage.stage;
    buffer.add(event);
    // a hand-over can carry 64 KiB at most: older events wait in IndexedDB for the next page (cut
    // in one go now and then, not one by one)
    if (unsent.push(event) > 2 * MAX_UNSENT) unsent = unsent.slice(-MAX_UNSENT);
    bus.emit('event', event);
    const change = moved.change;
    if (change) {
      const { from, to } = change;
      const made = record('stage_change', to, { from, to, trigger: change.trigger, rule: change.rule }, time, page);
      applyStage(to);
      tabs.post({ stage, owner: visitor.anonymousId });
      // a stage change is rare and must not be lost to a tab opened a moment later: save it now
      save();
      bus.emit('stage', { from, to, event: made });
    }
    return event;
  };

  // A touchpoint is only noted when it happens (what, when, where); its event is made in a task of
  // its own, a slice at a time, so that a burst of track() calls stays a short task for the caller.
  // Whatever reads the journey's state (stage, explain, flush, hide, identify, reset) first makes
  // the events noted before it.
  let noted: [TouchpointType, string, Props, number, Page][] = [];
  let next = 0;
  let slices: ReturnType<typeof setTimeout> | undefined;
  const make = (max = Infinity) => {
    clearTimeout(slices);
    slices = undefined;
    // `next` is shared, not a local copy: a listener that reads the stage meanwhile makes the
    // following events, in order, and this loop then goes on after them
    for (let n = 0; n < max && next < noted.length; n++) record(...noted[next++]!);
    // once a slice, not once an event: a flush is due flushInterval after what was just made
    if (next) flusher.schedule(flushInterval);
    if (next < noted.length) slices = setTimeout(make, 0, SLICE);
    else {
      noted = [];
      next = 0;
    }
  };
  const emit = (type: TouchpointType, name: string, props: Props = {}) => {
    if (stopped || consent === 'denied') return;
    noted.push([type, name, props, now(), currentPage()]);
    slices ??= setTimeout(make, 0, SLICE);
  };

  /** Cleans a caller's props, warning once per call about what had to change. */
  const clean = (method: string, value: unknown): Props => {
    const report: CleanReport = { cut: false, dropped: false, chars: 0 };
    let props = cleanProps(value, MAX_STRING, report);
    if (report.chars > MAX_PROPS_CHARS) {
      // too large with long strings: again with short ones, and past that without props
      report.chars = 0;
      report.cut = true;
      props = cleanProps(value, 256, report);
      if (report.chars > MAX_PROPS_CHARS) props = {};
    }
    if (report.cut || report.dropped)
      warn(`${method}(): ${report.cut ? 'long values were cut (32 KB per event)' : 'values that are not JSON were dropped'}`);
    return props;
  };

  const validName = (method: string, value: unknown): value is string => {
    if (typeof value === 'string' && value.trim()) return true;
    warn(`${method}() needs a non-empty string; ignored`);
    return false;
  };

  applyStage(stage.stage);
  const unwatch = watchStage(() => stage.stage);

  const c = config.capture ?? {};
  const captures: Stop[] = [];
  const start = (on: unknown, capture: () => Stop) => {
    if (on !== false) captures.push(capture());
  };
  start(c.pageViews, () => capturePageViews(emit, { hashChange: c.hashChange }));
  start(c.ctas, () => captureCtas(emit, { selector: c.ctaSelector, allow }));
  start(c.forms, () => captureForms(emit));
  const later = <M>(load: (() => Promise<M>) | undefined, begin: (m: M) => void) =>
    load?.()
      .then((m) => stopped || begin(m))
      .catch((error: unknown) => warn('could not load a part', error));
  // chat openings and frustration signals load at once, from beside this script; Web Vitals wait
  // for an idle moment, as their first report comes on hide at the earliest
  if (c.chat !== false || c.formAbandon !== false || c.rageClicks !== false)
    later(deps.lazy?.interactions, (m) => {
      start(c.chat, () => m.captureChat(emit, { providers: Array.isArray(c.chat) ? c.chat : undefined, vendors: deps.lazy?.chat }));
      start(c.formAbandon, () => m.captureFormAbandon(emit));
      start(c.rageClicks, () => m.captureRageClicks(emit, ctaName));
    });
  if (!body)
    later(deps.lazy?.reshape, (m) => {
      body = m.reshape(config.format, config.transform);
      void flush();
    });
  if (c.vitals !== false)
    (globalThis.requestIdleCallback ?? setTimeout)(() => later(deps.lazy?.vitals, (m) => start(true, () => m.captureVitals(emit))));

  /**
   * On hide, what this tab tracked and the collector has not yet accepted goes to the beacon, if
   * the collector is answering: the browser delivers it after the page is gone, so it leaves the
   * queue (through the handed-over mark, at the next flush of any tab). What the beacon refuses, or
   * all of it while the collector fails, stays queued.
   */
  const hide = (leaving: boolean) => {
    if (stopped) return;
    make();
    const waiting = buffer.take();
    // an event in flight is stored already, and goes or stays with its batch
    const candidates = unsent.slice(-MAX_UNSENT).filter((e) => !flusher.sending.has(e.id));
    let handed: string[] = [];
    if (consent === 'granted' && body && flusher.healthy()) {
      // a send under way (keepalive) finishes without us when the page is going away
      if (leaving) handOff(flusher.release());
      const refused = new Set(flusher.handOver(candidates));
      handed = candidates.filter((e) => !refused.has(e.id)).map((e) => e.id);
      handOff(handed);
    }
    const gone = new Set(handed);
    waiting.filter((e) => !gone.has(e.id)).forEach(buffer.add);
    if (leaving) writeLocal(keptKey, candidates.filter((e) => !gone.has(e.id)), 'sessionStorage');
    void buffer.persist();
    save();
  };
  const onVisibility = () => document.visibilityState === 'hidden' && hide(false);
  const onPageHide = () => hide(true);
  const onOnline = () => {
    flusher.reset();
    void flush();
  };
  // Not capture phase, unlike the captures' own hide listeners: at the target, capture listeners
  // run first, so what they emit on hide (form_abandon, web vitals) is in the hand-over.
  addEventListener('pagehide', onPageHide);
  addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisibility);

  // The requests and IndexedDB reads of delivery run in a worker where the page may start one,
  // for the plain format (a transform is the page's code) and with Web Locks to share the queue.
  // Until the worker answers, nothing is sent; if it cannot send, the page does.
  const lazy = deps.lazy;
  if (lazy?.worker && lazy.remote && body && navigator.locks) {
    flusher = { ...local, schedule() {}, stop() {} };
    chosen = lazy
      .remote()
      // the worker starts once the code that listens to it is there: one the CSP refuses fails at once
      .then((m) => m.remoteFlusher(lazy.worker!(), key, site, sendOptions, local.handOver, writeHere, sendHere))
      .catch(() => {})
      .then((remote) => {
        // the page's IndexedDB may have failed meanwhile: a worker cannot see the page's memory
        flusher = remote && !stopped && flusher !== local ? remote : (remote?.stop(), local);
      });
  }
  // What the tab's last page kept as it went away goes back in the queue, in place of any copy that
  // did reach IndexedDB; until written, it is this page's to keep or hand over in turn. After the
  // choice of a worker: a store that fails here leaves the sending to the page.
  const kept = takeLocal<WaymarkEvent[]>(keptKey, 'sessionStorage') ?? [];
  unsent.push(...kept);
  void store.remove(kept.map((e) => e.id)).then(() => kept.forEach(buffer.add));
  // what an earlier page left queued goes out now
  void chosen.then(() => flusher.schedule(0));

  const journey: Journey = {
    track(name, props) {
      if (validName('track', name)) emit('custom', name, clean('track', props));
    },
    page() {
      pageView(emit, c.hashChange);
    },
    identify(userId, traits) {
      const id = typeof userId === 'number' ? String(userId) : userId;
      if (!validName('identify', id)) return;
      make();
      visitor.userId = id;
      dirty = true;
      emit('identify', id, clean('identify', traits));
    },
    get stage() {
      make();
      return stage.stage;
    },
    explain: () => (make(), explain(stage)),
    on: bus.on,
    consent(value) {
      if (value !== 'granted' && value !== 'pending' && value !== 'denied') {
        warn(`consent() takes 'granted', 'pending' or 'denied', got ${String(value)}`);
        return;
      }
      consent = value;
      visitor.consent = value;
      if (value === 'denied') {
        noted = [];
        unsent = [];
        next = 0;
        void buffer.clear();
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
      make();
      visitor = { ...newVisitor(uuid7()), consent: visitor.consent };
      stage = initialState();
      applyStage(null);
      dirty = true;
      setContext();
      save();
    },
    shutdown() {
      if (stopped) return;
      hide(false);
      stopped = true;
      captures.forEach((stop) => stop());
      unwatch();
      tabs.stop();
      buffer.stop();
      flusher.stop();
      bus.clear();
      nav?.removeEventListener('currententrychange', moved);
      removeEventListener('pagehide', onPageHide);
      removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
  return journey;
}
