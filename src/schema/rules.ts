import * as z from 'zod/mini';
import type { TouchpointType } from '../core/types';
import type { Issue } from './issues';
import { checkModel } from './model-check';

const TYPES = [
  'page_view',
  'cta_click',
  'chat_open',
  'form_submit',
  'web_vital',
  'rage_click',
  'form_abandon',
  'stage_change',
  'survey_shown',
  'survey_response',
  'survey_dismissed',
  'identify',
  'custom',
] as const satisfies readonly TouchpointType[];

const oneOrMany = <T extends z.core.SomeType>(s: T) => z.union([s, z.array(s)]);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const whole = (min: number, max?: number) => z.number().check(z.int(), z.gte(min), ...(max ? [z.lte(max)] : []));

const ruleShape = {
  /** How explain() names the rule. */
  id: z.optional(z.string()),
  type: z.optional(oneOrMany(z.enum(TYPES))),
  /** Exact, glob (`sign*`) or `/regex/flags`. */
  name: z.optional(oneOrMany(z.string())),
  /** URL path globs: `*` within a segment, `**` across. */
  path: z.optional(oneOrMany(z.string())),
  /** Per prop: a value to equal, or operators on it. */
  props: z.optional(
    z.record(z.string(), z.union([scalar, z.strictObject({ in: z.optional(z.array(scalar)), gte: z.optional(z.number()), lte: z.optional(z.number()) })])),
  ),
  /** The rule matches on the touchpoint that brings the matching count within the window to this. */
  count: z.optional(whole(1, 100)),
  withinDays: z.optional(z.number().check(z.gt(0))),
  withinMinutes: z.optional(z.number().check(z.gt(0))),
  /** The visitor has had at least this many sessions. */
  sessions: z.optional(whole(1)),
  /** The first touchpoint of a session other than the first. */
  newSession: z.optional(z.literal(true)),
  /** Only for a visitor already at or above this stage. */
  minStage: z.optional(z.string()),
};

/** One rule: every condition given must hold for the touchpoint (an empty rule matches any). */
export const ruleSchema = z.strictObject(ruleShape);

/** A rule added to a stage of the model (config `rules`), which names its stage. */
export const stageRuleSchema = z.strictObject({ ...ruleShape, stage: z.string() });

const stageSchema = z.strictObject({ id: z.string().check(z.regex(/^\S+$/)), rules: z.array(ruleSchema) });

/** Stages from lowest to highest. */
export const stagesSchema = z.array(stageSchema);

/** A stage model: the ordered stages, and whether a lower stage may replace a higher one. */
export const modelSchema = z.strictObject({ stages: stagesSchema, allowRegression: z.optional(z.boolean()) });

export type Rule = z.infer<typeof ruleSchema>;
export type StageRule = z.infer<typeof stageRuleSchema>;
export type Stage = z.infer<typeof stageSchema>;
export type Model = z.infer<typeof modelSchema>;

/** Checks a model from JSON; a bare array of stages is read as `{ stages }`. */
export function parseModel(json: unknown): { ok: true; model: Model } | { ok: false; issues: Issue[] } {
  const r = z.safeParse(modelSchema, Array.isArray(json) ? { stages: json } : json);
  if (!r.success) return { ok: false, issues: r.error.issues };
  const issues = checkModel(r.data.stages);
  return issues.length ? { ok: false, issues } : { ok: true, model: r.data };
}
