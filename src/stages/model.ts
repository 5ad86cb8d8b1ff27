import type { Config } from '../schema/config';
import type { Issue } from '../schema/issues';
import type { checkJson, JsonSchema } from '../schema/json-check';
import { checkModel, checkRule } from '../schema/model-check';
import type { Model, Stage } from '../schema/rules';
import { defaultModel } from './default-model';

/** The model a (checked) config asks for: its `stages` or the default ones, with its extra `rules` added to the stages they name. */
export function modelOf(config: Config): Model {
  const stages = (config.stages ?? defaultModel.stages).map((s) => ({ ...s, rules: [...s.rules] }));
  config.rules?.forEach(({ stage, ...rule }) => stages.find((s) => s.id === stage)?.rules.push(rule));
  return { stages, allowRegression: config.allowRegression ?? false };
}

/**
 * What the schema cannot see in a config's custom model: repeated or unknown stages, invalid
 * patterns, windows without a count. Run once the config has the schema's form. `defaults`: the
 * default model's stages (passed in, so that the script-tag build's chunk does not carry them twice).
 */
export function checkCustomModel(config: Pick<Config, 'stages' | 'rules'>, defaults: Stage[]): Issue[] {
  const ids = (config.stages ?? defaults).map((s) => s.id);
  const issues = config.stages ? checkModel(config.stages) : [];
  config.rules?.forEach(({ stage, ...rule }, i) => {
    issues.push(...checkRule(rule, ids, ['rules', i]));
    if (!ids.includes(stage)) issues.push({ code: 'custom', path: ['rules', i, 'stage'], message: `names an unknown stage "${stage}"` });
  });
  return issues;
}

/**
 * The script-tag build's check of a custom model, after the rest of the config: adds to `issues`
 * those of the form of `stages` and `rules`, then, if there are none at all, checkCustomModel's.
 * The core hands in its JSON Schema check and default stages.
 */
export function checkRules(
  schemas: { stages: JsonSchema; rules: JsonSchema },
  config: Pick<Config, 'stages' | 'rules'>,
  check: typeof checkJson,
  defaults: Stage[],
  issues: Issue[],
): Issue[] {
  for (const key of ['stages', 'rules'] as const) if (config[key] !== undefined) check(schemas[key], config[key], [key], issues);
  return issues.length ? issues : checkCustomModel(config, defaults);
}
