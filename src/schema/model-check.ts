import { glob } from '../lib/glob';
import type { Issue } from './issues';
import type { Rule, Stage } from './rules';

// Plain code, no zod: the script-tag build runs these checks too.

const custom = (path: PropertyKey[], message: string): Issue => ({ code: 'custom', path, message });
const list = (x?: string | string[]) => (x === undefined ? [] : ([] as string[]).concat(x));

/**
 * What a schema cannot see in one rule: names that are valid patterns, a minStage the model has,
 * a window only with a count. Plain code, shared by both config checkers.
 */
export function checkRule(rule: Rule, ids: string[], path: PropertyKey[]): Issue[] {
  const issues: Issue[] = [];
  for (const key of ['name', 'path'] as const)
    list(rule[key]).forEach((pattern, i) => {
      try {
        glob(pattern, key === 'path');
      } catch {
        issues.push(custom([...path, key, ...(Array.isArray(rule[key]) ? [i] : [])], `is not a valid pattern: ${pattern}`));
      }
    });
  if (rule.minStage && !ids.includes(rule.minStage)) issues.push(custom([...path, 'minStage'], `names an unknown stage "${rule.minStage}"`));
  if ((rule.withinDays || rule.withinMinutes) && !rule.count) issues.push(custom([...path, 'count'], 'a time window needs a count'));
  return issues;
}

/** What a schema cannot see across stages: at least one, unique ids, and checkRule for each rule. */
export function checkModel(stages: Stage[], at: PropertyKey[] = ['stages']): Issue[] {
  const ids = stages.map((s) => s.id);
  const issues: Issue[] = ids.length ? [] : [custom(at, 'needs at least one stage')];
  stages.forEach(({ id, rules }, i) => {
    if (ids.indexOf(id) < i) issues.push(custom([...at, i, 'id'], `repeats the stage "${id}"`));
    rules.forEach((r, j) => issues.push(...checkRule(r, ids, [...at, i, 'rules', j])));
  });
  return issues;
}
