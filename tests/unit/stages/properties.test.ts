import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { TouchpointType } from '../../../src/core/types';
import type { Model } from '../../../src/schema/rules';
import { defaultModel } from '../../../src/stages/default-model';
import { evaluate, initialState, prepare, type StageInput } from '../../../src/stages/engine';
import { replay } from './journey-helpers';

const withCounts: Model = {
  stages: [
    ...defaultModel.stages,
    { id: 'fan', rules: [{ type: 'cta_click', count: 4, withinMinutes: 30 }, { newSession: true, count: 5, withinDays: 7 }] },
  ],
};

const TYPES: TouchpointType[] = ['page_view', 'cta_click', 'chat_open', 'form_submit', 'survey_response', 'custom', 'stage_change', 'web_vital'];

/** Random but plausible journeys: a few names, paths and sessions, minutes to days apart. */
const journey = fc
  .array(
    fc.record({
      type: fc.constantFrom(...TYPES),
      name: fc.constantFrom('', 'signup', 'purchase', 'share', 'book-demo', 'x'),
      path: fc.constantFrom('/', '/blog/a', '/pricing', '/about', '/docs'),
      session: fc.integer({ min: 1, max: 4 }),
      score: fc.integer({ min: 0, max: 10 }),
      gap: fc.integer({ min: 0, max: 3 * 24 * 60 }),
    }),
    { maxLength: 60 },
  )
  .map((steps) => {
    let t = Date.parse('2026-01-01T00:00:00.000Z');
    return steps.map(({ session, score, gap, path, ...s }, i): StageInput => {
      t += gap * 60_000;
      const props = { surveyType: 'nps', score };
      return { ...s, id: `e${i}`, page: { path }, sessionId: `s${session}`, time: new Date(t).toISOString(), props };
    });
  });

const models = fc.constantFrom(defaultModel, withCounts);

describe('stage engine properties', () => {
  test('a stage never goes down unless the model allows it', () => {
    fc.assert(
      fc.property(models, journey, (model, list) => {
        const p = prepare(model);
        let state = initialState();
        for (const input of list) {
          const next = evaluate(state, input, p).state;
          expect(p.ids.indexOf(next.stage!)).toBeGreaterThanOrEqual(p.ids.indexOf(state.stage!));
          state = next;
        }
      }),
    );
  });

  test('every change is reported once, from the previous stage, by the touchpoint that caused it', () => {
    fc.assert(
      fc.property(models, journey, (model, list) => {
        const p = prepare({ ...model, allowRegression: true });
        let state = initialState();
        for (const input of list) {
          const r = evaluate(state, input, p);
          if (r.change) expect(r.change).toEqual({ from: state.stage, to: r.state.stage, rule: r.state.rule, trigger: input.id });
          else expect(r.state.stage).toBe(state.stage);
          state = r.state;
        }
      }),
    );
  });

  test('replaying the same touchpoints gives the same state, even through JSON', () => {
    fc.assert(
      fc.property(models, journey, fc.nat(), (model, list, cut) => {
        const once = replay(model, list).state;
        expect(replay(model, list).state).toEqual(once);
        const at = list.length ? cut % list.length : 0;
        const saved = JSON.parse(JSON.stringify(replay(model, list.slice(0, at)).state));
        expect(replay(model, list.slice(at), saved).state).toEqual(once);
      }),
    );
  });

  test('the counts state stays bounded: only counted rules, at most `count` times each', () => {
    const p = prepare(withCounts);
    const limits = Object.fromEntries(p.rules.filter((r) => r.n).map((r) => [r.key, r.n!]));
    fc.assert(
      fc.property(journey, (list) => {
        let state = initialState();
        for (const input of list) {
          state = evaluate(state, input, p).state;
          for (const [key, times] of Object.entries(state.counts)) {
            expect(limits[key]).toBeDefined();
            expect(times.length).toBeLessThanOrEqual(limits[key]);
          }
        }
      }),
    );
  });
});
