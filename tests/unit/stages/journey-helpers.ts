import type { TouchpointType } from '../../../src/core/types';
import type { Model } from '../../../src/schema/rules';
import {
  evaluate,
  initialState,
  prepare,
  type StageMove,
  type StageInput,
  type StageState,
} from '../../../src/stages/engine';

/** One touchpoint of a scripted journey; `gap` is minutes since the previous one (default 1). */
export type Step = Partial<Omit<StageInput, 'page'>> & { type: TouchpointType; path?: string; gap?: number };

export const page = (path: string, more: Partial<Step> = {}): Step => ({ type: 'page_view', name: path, path, ...more });
export const tp = (type: TouchpointType, name = '', more: Partial<Step> = {}): Step => ({ type, name, ...more });

const START = Date.parse('2026-03-02T09:00:00.000Z');

/** Turns steps into engine inputs with ids e0, e1, … and increasing times. */
export function inputs(steps: Step[]): StageInput[] {
  let t = START;
  return steps.map(({ gap = 1, path = '/', ...step }, i) => {
    t += gap * 60_000;
    return { id: `e${i}`, name: '', props: {}, page: { path }, sessionId: 's1', time: new Date(t).toISOString(), ...step };
  });
}

/** Feeds inputs through a model and returns the final state and every change. */
export function replay(model: Model, list: StageInput[], from: StageState = initialState()) {
  const prepared = prepare(model);
  const changes: StageMove[] = [];
  let state = from;
  for (const input of list) {
    const r = evaluate(state, input, prepared);
    state = r.state;
    if (r.change) changes.push(r.change);
  }
  return { state, changes, path: changes.map((c) => c.to) };
}

/** Runs a scripted journey through a model. */
export const run = (model: Model, steps: Step[]) => replay(model, inputs(steps));
