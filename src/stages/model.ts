import type { Config } from '../schema/config';
import type { Issue } from '../schema/issues';
import { checkModel, checkRule } from '../schema/model-check';
import type { Model } from '../schema/rules';
import { defaultModel } from './default-model';

/**
 * The model a config asks for: its `stages` or the default ones, with its extra `rules` added to
 * the stages they name. Returns the issues a schema cannot see (unknown or repeated stages).
 */
export function modelOf(config: Config): { model: Model; issues: Issue[] } {
  const stages = (config.stages ?? defaultModel.stages).map((s) => ({ ...s, rules: [...s.rules] }));
  const ids = stages.map((s) => s.id);
  const issues = config.stages ? checkModel(stages) : [];
  config.rules?.forEach(({ stage, ...rule }, i) => {
    issues.push(...checkRule(rule, ids, ['rules', i]));
    const target = stages.find((s) => s.id === stage);
    if (target) target.rules.push(rule);
    else issues.push({ code: 'custom', path: ['rules', i, 'stage'], message: `names an unknown stage "${stage}"` });
  });
  return { model: { stages, allowRegression: config.allowRegression ?? false }, issues };
}
