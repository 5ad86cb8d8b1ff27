import { createJourney as create, type Journey, type JourneyDeps } from '../journey';
import type { Config } from '../schema/config';

/**
 * Starts tracking a visitor's journey (see README). The parts that can wait, such as Web Vitals,
 * are dynamic imports, so the app's bundler splits them into chunks of their own.
 */
export const createJourney = (config: Config, deps: JourneyDeps = {}): Journey =>
  create(config, { lazy: { vitals: () => import('../capture/vitals') }, ...deps });
