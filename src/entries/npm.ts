import { createJourney as create, type ConfigCheck, type Journey, type JourneyDeps } from '../journey';
import { configSchema, type Config } from '../schema/config';

const check: ConfigCheck = (input) => {
  const result = configSchema.safeParse(input);
  return result.success ? [] : result.error.issues;
};

/**
 * Starts tracking a visitor's journey (see README); throws for a bad config, naming each wrong
 * field. The parts that can wait, such as Web Vitals, are dynamic imports, so the app's bundler
 * splits them into chunks of their own.
 */
export const createJourney = (config: Config, deps: JourneyDeps = {}): Journey =>
  create(config, { check, lazy: { vitals: () => import('../capture/vitals') }, ...deps });
