import { modelOf } from '../stages/model';
import type { Config } from './config';
import { formatIssues, type Issue } from './issues';
import type { Model } from './rules';

/**
 * Checks a config, custom stage model included: zod/mini in the npm build, the JSON Schema
 * generated from it in the script-tag build.
 */
export type ConfigCheck = (input: unknown) => readonly Issue[];

/** Checks a config, and says for a person what is wrong with it; returns it with the stage model it asks for. */
export function parseConfig(input: unknown, check: ConfigCheck): { config: Config; model: Model } {
  const issues = check(input);
  if (issues.length) throw new Error(`[waymark] invalid config: ${formatIssues(issues)}`);
  return { config: input as Config, model: modelOf(input as Config) };
}
