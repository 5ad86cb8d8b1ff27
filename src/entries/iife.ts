import schema from 'virtual:waymark/config-schema';
import { warn } from '../core/warn';
import { createJourney, type Journey } from '../journey';
import type { Config } from '../schema/config';
import { checkJson } from '../schema/json-check';
import { defaultModel } from '../stages/default-model';
import { modelOf } from '../stages/model';
import { writeEvents } from '../queue/buffer';
import { idbStore } from '../queue/idb';
import { createFlusher } from '../transport/flusher';
import { tabLock } from '../transport/lock';
import { waymarkJson } from '../transport/payload';
import { post } from '../transport/send';
import type { Port } from '../transport/remote';
import { scriptConfig } from './script-config';

type Call = [method: string, args: ArrayLike<unknown>];
type Win = Window & { waymark?: Partial<Journey> & { q?: Call[] }; waymarkConfig?: unknown; onconnect?: Window['onmessage'] };

const win = globalThis as unknown as Win;
const doc = win.document as Document | undefined;
const script = (doc && (doc.currentScript ?? doc.querySelector('script[data-endpoint]'))) as HTMLScriptElement | null;
const src = script?.src;
// the parts that can wait are ES modules beside this file, loaded with import() when needed; a
// worker running this file is told where it is by its name
const chunk = <T>(name: string) => (): Promise<T> => import(/* @vite-ignore */ new URL(`waymark.${name}.js`, doc ? src || location.href : win.name).href);

async function start(): Promise<void> {
  let config = scriptConfig(script, win.waymarkConfig);
  const url = script?.getAttribute('data-config');
  if (url) {
    try {
      const res = await fetch(url, { credentials: 'same-origin' });
      config = { ...(await res.json()), ...config };
    } catch (error) {
      warn(`could not load data-config ${url}`, error);
    }
  }
  // a custom journey model is checked by a part of its own, which other sites never load
  const custom = config.stages || config.rules ? await chunk<typeof import('./rules')>('rules')() : undefined;
  const checked = checkJson(schema, config);
  const issues = custom ? custom.checkRules(config as Config, checkJson, defaultModel.stages, checked) : checked;
  if (issues.length) {
    // the wording of what is wrong is a part of its own too: a page whose config is right never loads it
    const words = await chunk<typeof import('./issues')>('issues')().catch(() => ({ formatIssues: JSON.stringify }));
    throw new Error(`invalid config: ${words.formatIssues(issues)}`);
  }
  const journey = createJourney(config as Config, modelOf(config as Config), { lazy: { vitals: chunk('vitals'), chat: chunk('chat'), interactions: chunk('interactions'), reshape: chunk('reshape'), lease: chunk('lease'), memory: chunk('memory'), worker: () => src!, remote: chunk('remote') } });
  const queued = win.waymark?.q ?? [];
  win.waymark = journey;
  // replays the calls the snippet queued before this script loaded, in order
  for (const [method, args] of queued) {
    const fn = (journey as unknown as Record<string, unknown>)[method];
    if (typeof fn === 'function') fn.apply(journey, Array.from(args));
    else warn(`unknown method ${method}() in the queue`);
  }
}

// this same file, started as a worker by a page (the cache serves it), sends that page's queue
if (doc) start().catch((error: unknown) => warn(String((error as Error | undefined)?.message ?? error)));
else {
  // what the page says before the worker's part has loaded waits for it, and so do the ports of a
  // shared worker's first connections
  const early: MessageEvent[] = [];
  win.onmessage = win.onconnect = (event) => early.push(event);
  chunk<typeof import('./remote')>('remote')().then(
    (m) => {
      m.serveFlusher(win as unknown as Port, { createFlusher, idbStore, tabLock, waymarkJson, writeEvents, post });
      early.forEach((event) => win.onmessage!(event));
    },
    // uncaught, it reaches the page as the worker's error event: the page sends itself at once
    (error: unknown) =>
      setTimeout(() => {
        throw error;
      }),
  );
}
