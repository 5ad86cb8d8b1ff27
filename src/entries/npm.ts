import { createJourney as create, type Journey, type JourneyDeps } from '../journey';
import { configSchema, type Config } from '../schema/config';
import { parseConfig, type ConfigCheck } from '../schema/parse';
import { defaultModel } from '../stages/default-model';
import { checkCustomModel } from '../stages/model';

const check: ConfigCheck = (input) => {
  const result = configSchema.safeParse(input);
  return result.success ? checkCustomModel(result.data, defaultModel.stages) : result.error.issues;
};

const nothing = () => {};

/** What a server-side render gets: the same shape, and nothing happens. */
const inert: Journey = {
  track: nothing,
  page: nothing,
  identify: nothing,
  stage: null,
  explain: () => ({ stage: null, rule: null, trigger: null, since: null }),
  on: () => nothing,
  consent: nothing,
  flush: () => Promise.resolve(),
  reset: nothing,
  shutdown: nothing,
};

/**
 * Starts tracking a visitor's journey (see README); throws for a bad config, naming each wrong
 * field. On a server (no `window`) it returns a journey that does nothing. The parts that can
 * wait, such as Web Vitals, are dynamic imports, so the app's bundler splits them into chunks;
 * the queue is stored and sent from a worker where the app's bundler emits it.
 */
export function createJourney(input: Config, deps: JourneyDeps = {}): Journey {
  const { config, model } = parseConfig(input, check);
  return typeof window === 'undefined' || typeof document === 'undefined'
    ? inert
    : create(config, model, {
        lazy: {
          vitals: () => import('../capture/vitals'),
          chat: () => import('../capture/chat/vendors'),
          interactions: () => import('./interactions'),
          reshape: () => import('../transport/payload'),
          lease: () => import('../transport/lease'),
          memory: () => import('../queue/memory'),
          // the app's bundler (Vite, webpack, Parcel) emits the worker from this very expression; where
          // the file is not beside this one (a bundler that does not, CommonJS), it fails to start and
          // the page sends itself
          worker: () => new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' }),
          remote: () => import('../transport/remote'),
        },
        ...deps,
      });
}
