import schemas from 'virtual:waymark/rules-schema';
import type { Config } from '../schema/config';
import type { Issue } from '../schema/issues';
import type { checkJson } from '../schema/json-check';
import type { Stage } from '../schema/rules';
import { checkRules as check } from '../stages/model';

/** Checks a custom journey model: loaded by the script-tag build only when the config has one. */
export const checkRules = (config: Pick<Config, 'stages' | 'rules'>, json: typeof checkJson, defaults: Stage[], issues: Issue[]) =>
  check(schemas, config, json, defaults, issues);
