import type { Json, Props, TouchpointType } from '../core/types';
import { glob } from '../lib/glob';
import type { Model, Rule } from '../schema/rules';

/** What the engine reads from a touchpoint's event (the event itself): `time` is an ISO string. */
export interface StageInput {
  id: string;
  type: TouchpointType;
  name: string;
  props: Props;
  page: { path: string };
  time: string;
  sessionId: string;
}

/** A visitor's stage and the little memory its rules need; plain JSON, safe to persist. */
export interface StageState {
  stage: string | null;
  since?: string;
  rule?: string;
  trigger?: string;
  sessions: number;
  lastSessionId?: string;
  /** Recent times (epoch ms) of touchpoints counted by a `count` rule, at most `count` per rule. */
  counts: Record<string, number[]>;
}

/** A stage move, for the `stage` event and the `stage_change` touchpoint. */
export interface StageMove {
  from: string | null;
  to: string;
  rule: string;
  trigger: string;
}

interface Ctx {
  fresh: boolean;
  sessions: number;
  rank: number;
}

interface Compiled {
  rank: number;
  /** The touchpoint types the rule can match; any when absent. */
  types?: string[] | undefined;
  key: string;
  label: string;
  test: (input: StageInput, ctx: Ctx) => boolean;
  n?: number;
  window: number;
}

/** A model compiled once: patterns turned into RegExps, stage ids in rank order. */
export interface Prepared {
  ids: string[];
  regress: boolean;
  rules: Compiled[];
  /** The rules a touchpoint of a type can match, listed at its first touchpoint: most rules concern one type. */
  of: Record<string, Compiled[]>;
}

type Test = Compiled['test'];
type Op = { in?: Json[]; gte?: number; lte?: number };

const list = (x?: string | string[]): string[] | undefined =>
  x === undefined ? x : ([] as string[]).concat(x);

const matchProp = (v: Json | undefined, x: Json | Op): boolean =>
  x && typeof x == 'object'
    ? (!(x as Op).in || (x as Op).in!.includes(v as Json)) &&
      ((x as Op).gte === undefined || (typeof v == 'number' && v >= (x as Op).gte!)) &&
      ((x as Op).lte === undefined || (typeof v == 'number' && v <= (x as Op).lte!))
    : v === x;

/** A rule's test, its type aside (the engine checks that first); the cheap tests go first. */
function compile(r: Rule, ids: string[]): Test {
  const tests: Test[] = [];
  const names = list(r.name)?.map((n) => glob(n));
  const paths = list(r.path)?.map((p) => glob(p, true));
  const min = r.minStage ? ids.indexOf(r.minStage) : -1;
  if (r.newSession) tests.push((_, c) => c.fresh);
  if (r.sessions) tests.push((_, c) => c.sessions >= r.sessions!);
  if (min >= 0) tests.push((_, c) => c.rank >= min);
  if (names) tests.push((i) => names.some((re) => re.test(i.name)));
  if (paths) tests.push((i) => paths.some((re) => re.test(i.page.path)));
  for (const k in r.props) tests.push((i) => matchProp(i.props?.[k], r.props![k]));
  return (i, c) => {
    for (let k = 0; k < tests.length; k++) if (!tests[k]!(i, c)) return false;
    return true;
  };
}

/** Compiles a (checked) model once, so no pattern is built per touchpoint. */
export const prepare = (model: Model): Prepared => {
  const ids = model.stages.map((s) => s.id);
  return {
    ids,
    regress: !!model.allowRegression,
    rules: model.stages.flatMap((s, rank) =>
      s.rules.map((r, j) => ({
        rank,
        types: list(r.type),
        key: `${s.id}[${j}]`,
        label: r.id ?? `${s.id}[${j}]`,
        test: compile(r, ids),
        n: r.count,
        window: (r.withinDays ?? 0) * 864e5 + (r.withinMinutes ?? 0) * 6e4 || Infinity,
      })),
    ),
    of: {},
  };
};

/** The state of a visitor not seen yet. */
export const initialState = (): StageState => ({ stage: null, sessions: 0, counts: {} });

/**
 * Moves a visitor to the highest stage matched by this touchpoint; never lower unless the model
 * allows it. Pure: the same state and input always give the same result.
 */
export function evaluate(
  state: StageState,
  input: StageInput,
  p: Prepared,
): { state: StageState; change: StageMove | null } {
  // stage_change touchpoints are this engine's own output, never evidence.
  if (input.type == 'stage_change') return { state, change: null };
  const fresh = input.sessionId !== state.lastSessionId;
  const sessions = (state.sessions || 0) + +fresh;
  const rank = p.ids.indexOf(state.stage!);
  const ctx: Ctx = { fresh: fresh && sessions > 1, sessions, rank };
  let counts = state.counts ?? {};
  let best: Compiled | undefined;
  const rules = (p.of[input.type] ??= p.rules.filter((r) => !r.types || r.types.includes(input.type)));
  // a page's few touchpoints run this before V8 optimises it, where each rule looked at costs, and
  // for…of one iterator call more per rule
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    // a rule that counts nothing and could only confirm a stage already passed needs no test
    if (!r.n && !p.regress && r.rank <= rank) continue;
    const kept = counts[r.key];
    // a count without a window, once reached, can never be reached again: no work per touchpoint
    if (r.n && r.window == Infinity && kept && kept.length >= r.n) continue;
    let hit = r.test(input, ctx);
    if (r.n && hit) {
      const now = Date.parse(input.time);
      const times = (kept ?? []).filter((t) => t > now - r.window);
      // Fires once, on the touchpoint that reaches the count, so a lower stage does not re-fire.
      hit = times.push(now) == r.n;
      // copied on write: a touchpoint that counts nothing allocates nothing
      counts = { ...counts, [r.key]: times.slice(-r.n) };
    }
    if (hit && (!best || r.rank > best.rank)) best = r;
  }
  const next =
    fresh || counts !== state.counts ? { ...state, sessions, lastSessionId: input.sessionId, counts } : state;
  if (!best || best.rank == rank || (best.rank < rank && !p.regress)) return { state: next, change: null };
  const to = p.ids[best.rank]!;
  return {
    state: { ...next, stage: to, since: input.time, rule: best.label, trigger: input.id },
    change: { from: state.stage, to, rule: best.label, trigger: input.id },
  };
}

/**
 * Folds a state received from another tab into this one: its stage is adopted when it is ahead
 * (higher, or more recent when regression is allowed). Returns `local` itself when nothing is
 * adopted, so the caller can tell and must not emit a stage_change for an adopted stage.
 */
export function merge(local: StageState, remote: StageState, p: Prepared): StageState {
  const a = p.ids.indexOf(local.stage!);
  const b = p.ids.indexOf(remote.stage!);
  const ahead = p.regress ? b >= 0 && b != a && (remote.since ?? '') > (local.since ?? '') : b > a;
  return ahead
    ? { ...local, stage: remote.stage, since: remote.since, rule: remote.rule, trigger: remote.trigger }
    : local;
}

/** Why the visitor is where they are: the stage, the rule, the touchpoint id and when. */
export const explain = ({ stage, rule, trigger, since }: StageState) => ({
  stage,
  rule: rule ?? null,
  trigger: trigger ?? null,
  since: since ?? null,
});
