import * as z from 'zod/mini';
import type { TouchpointType } from '../core/types';
import { glob } from '../lib/glob';
import { boolean, check, isObject, number, object, optional, string, whole } from './checks';

// A record, not a list, so the compiler fails when a touchpoint type is added but not listed here.
const TYPES: Record<TouchpointType, 0> = {
  page_view: 0,
  cta_click: 0,
  chat_open: 0,
  form_submit: 0,
  web_vital: 0,
  rage_click: 0,
  form_abandon: 0,
  stage_change: 0,
  survey_shown: 0,
  survey_response: 0,
  survey_dismissed: 0,
  identify: 0,
  custom: 0,
};

type Scalar = string | number | boolean | null;
/** A props condition: a value to equal, or operators on the value. */
export type PropMatch = Scalar | { in?: Scalar[]; gte?: number; lte?: number };

const many = <T>(each: (v: unknown) => boolean) => (v: unknown): v is T | T[] =>
  Array.isArray(v) ? v.length > 0 && v.every(each) : each(v);
const isScalar = (v: unknown) => v === null || /^[sbn]/.test(typeof v);
const isPattern = (v: unknown) => {
  try {
    return typeof v == 'string' && !!glob(v);
  } catch {
    return false;
  }
};
const isOp = (v: unknown) =>
  isObject(v) &&
  Object.entries(v).every(([k, x]) => (k == 'in' ? Array.isArray(x) && x.every(isScalar) : /^[gl]te$/.test(k) && typeof x == 'number'));

const ruleShape = {
  /** How explain() names the rule. */
  id: optional(string),
  type: optional(check<TouchpointType | TouchpointType[]>(many((t) => (t as string) in TYPES), `must be a touchpoint type (${Object.keys(TYPES).join(', ')}) or a list of them`)),
  /** Exact, glob (`sign*`) or `/regex/flags`. */
  name: optional(check<string | string[]>(many(isPattern), 'must be a name, a glob or a valid /regex/, or a list of them')),
  /** URL path globs: `*` within a segment, `**` across. */
  path: optional(check<string | string[]>(many(isPattern), 'must be a path glob or a list of them')),
  props: optional(
    check<Record<string, PropMatch>>(
      (v) => isObject(v) && Object.values(v).every((x) => isScalar(x) || isOp(x)),
      'must map each prop to a value, or to { in: [...], gte: n, lte: n }',
    ),
  ),
  /** The rule matches on the touchpoint that brings the matching count within the window to this. */
  count: optional(whole(1, 100)),
  withinDays: optional(number(0, false)),
  withinMinutes: optional(number(0, false)),
  /** The visitor has had at least this many sessions. */
  sessions: optional(whole(1)),
  /** The first touchpoint of a session other than the first. */
  newSession: optional(check<true>((v) => v === true, 'must be true')),
  /** Only for a visitor already at or above this stage. */
  minStage: optional(string),
};

/** One rule: every condition given must hold for the touchpoint (an empty rule matches any). */
export const ruleSchema = object(ruleShape);

/** A rule added to a stage of the model (config `rules`), which names its stage. */
export const stageRuleSchema = object({ ...ruleShape, stage: string });

const stageSchema = object({ id: check<string>((v) => typeof v == 'string' && /^\S+$/.test(v), 'must be one word'), rules: z.array(ruleSchema) });

/** Stages from lowest to highest. */
export const stagesSchema = z.array(stageSchema);

/** A stage model: the ordered stages, and whether a lower stage may replace a higher one. */
export const modelSchema = object({ stages: stagesSchema, allowRegression: optional(boolean) });

export type Rule = z.infer<typeof ruleSchema>;
export type StageRule = z.infer<typeof stageRuleSchema>;
export type Stage = z.infer<typeof stageSchema>;
export type Model = z.infer<typeof modelSchema>;
export type RuleIssue = { code: 'custom'; path: (string | number)[]; message: string; input?: unknown };

/** What a schema cannot see in one rule: a minStage the model has, a window only with a count. */
export function checkRule(rule: Rule, ids: string[], path: (string | number)[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (rule.minStage && !ids.includes(rule.minStage))
    issues.push({ code: 'custom', path: [...path, 'minStage'], message: `names an unknown stage "${rule.minStage}"` });
  if ((rule.withinDays || rule.withinMinutes) && !rule.count) issues.push({ code: 'custom', path: [...path, 'count'], message: 'a time window needs a count' });
  return issues;
}

/** What a schema cannot see across stages: at least one, unique ids, and checkRule for each rule. */
export function checkModel(stages: Stage[], at: (string | number)[] = ['stages']): RuleIssue[] {
  const ids = stages.map((s) => s.id);
  const issues: RuleIssue[] = ids.length ? [] : [{ code: 'custom', path: at, message: 'needs at least one stage' }];
  stages.forEach(({ id, rules }, i) => {
    if (ids.indexOf(id) < i) issues.push({ code: 'custom', path: [...at, i, 'id'], message: `repeats the stage "${id}"` });
    rules.forEach((r, j) => issues.push(...checkRule(r, ids, [...at, i, 'rules', j])));
  });
  return issues;
}

/** Checks a model from JSON; a bare array of stages is read as `{ stages }`. */
export function parseModel(json: unknown): { ok: true; model: Model } | { ok: false; issues: (z.core.$ZodIssue | RuleIssue)[] } {
  const r = z.safeParse(modelSchema, Array.isArray(json) ? { stages: json } : json);
  if (!r.success) return { ok: false, issues: r.error.issues };
  const issues = checkModel(r.data.stages);
  return issues.length ? { ok: false, issues } : { ok: true, model: r.data };
}
