import { describe, expect, test } from 'vitest';
import type { Model } from '../../../src/schema/rules';
import { defaultModel } from '../../../src/stages/default-model';
import { evaluate, explain, initialState, merge, prepare } from '../../../src/stages/engine';
import { inputs, page, run, tp, type Step } from './journey-helpers';

const cart = (value: number, currency = 'EUR') => tp('custom', 'cart', { props: { value, currency } });

describe('custom models', () => {
  test.each<[string, Model, Step[], string[]]>([
    [
      'stages can be renamed',
      { stages: [{ id: 'visitor', rules: [{}] }, { id: 'lead', rules: [{ type: 'form_submit' }] }] },
      [page('/'), tp('form_submit', 'x')],
      ['visitor', 'lead'],
    ],
    [
      'a stage can be added between defaults',
      {
        stages: [
          ...defaultModel.stages.slice(0, 3),
          { id: 'evaluation', rules: [{ type: 'cta_click', name: 'start-poc' }] },
          ...defaultModel.stages.slice(3),
        ],
      },
      [page('/pricing'), tp('cta_click', 'start-poc'), tp('custom', 'purchase')],
      ['consideration', 'evaluation', 'conversion'],
    ],
    [
      'stages can be removed',
      { stages: [defaultModel.stages[0], defaultModel.stages[3]] },
      [page('/'), page('/pricing'), tp('chat_open'), tp('custom', 'signup')],
      ['awareness', 'conversion'],
    ],
    [
      'names match a /regex/flags',
      { stages: [{ id: 'booked', rules: [{ type: 'cta_click', name: '/^book-(demo|call)$/i' }] }] },
      [tp('cta_click', 'book-meeting'), tp('cta_click', 'Book-Call')],
      ['booked'],
    ],
    [
      'names match a glob',
      { stages: [{ id: 'in', rules: [{ name: 'sign*' }] }] },
      [tp('cta_click', 'design'), tp('cta_click', 'sign-in/now')],
      ['in'],
    ],
    [
      'paths match globs by segment',
      { stages: [{ id: 'a', rules: [{ path: '/blog/*' }] }, { id: 'b', rules: [{ path: '/docs/**/api' }] }] },
      [page('/blog/a/b'), page('/blog'), page('/blog/a'), page('/docs/v2/x/api')],
      ['a', 'b'],
    ],
    [
      'props match gte and in',
      { stages: [{ id: 'big-cart', rules: [{ props: { value: { gte: 100 }, currency: { in: ['EUR', 'USD'] } } }] }] },
      [cart(99), cart(500, 'JPY'), tp('custom', 'cart', { props: { value: '150', currency: 'EUR' } }), cart(100)],
      ['big-cart'],
    ],
    [
      'props match lte and plain equality',
      { stages: [{ id: 'detractor', rules: [{ props: { surveyType: 'nps', score: { lte: 6 } } }] }] },
      [tp('survey_response', 'x', { props: { surveyType: 'csat', score: 1 } }), tp('survey_response', 'x', { props: { surveyType: 'nps', score: 6 } })],
      ['detractor'],
    ],
    [
      'sessions counts the visitor\'s sessions',
      { stages: [{ id: 'loyal', rules: [{ type: 'page_view', sessions: 3 }] }] },
      [page('/'), page('/', { sessionId: 's2' }), tp('cta_click', 'x', { sessionId: 's3' }), page('/', { sessionId: 's3' })],
      ['loyal'],
    ],
    [
      'minStage gates a rule on the current stage',
      {
        stages: [
          { id: 'known', rules: [{ type: 'identify' }] },
          { id: 'engaged', rules: [{ type: 'cta_click', minStage: 'known' }] },
        ],
      },
      [tp('cta_click', 'a'), tp('identify', 'u1'), tp('cta_click', 'a')],
      ['known', 'engaged'],
    ],
  ])('%s', (_, model, steps, path) => {
    expect(run(model, steps).path).toEqual(path);
  });

  test('a count within a window fires on the touchpoint that reaches it, not before', () => {
    const model: Model = { stages: [{ id: 'hot', rules: [{ type: 'page_view', path: '/pricing', count: 3, withinMinutes: 10 }] }] };
    // at minutes 1, 7, 8 ('/'), 14 (the first has left the window), 16 (three within ten minutes)
    const steps = [page('/pricing'), page('/pricing', { gap: 6 }), page('/', { gap: 1 }), page('/pricing', { gap: 6 }), page('/pricing', { gap: 2 })];
    expect(run(model, steps).changes).toEqual([{ from: null, to: 'hot', rule: 'hot[0]', trigger: 'e4' }]);
  });

  test('a count within days ignores older touchpoints', () => {
    const model: Model = { stages: [{ id: 'regular', rules: [{ type: 'page_view', count: 2, withinDays: 1 }] }] };
    const steps = [page('/'), page('/', { gap: 60 * 25 }), page('/', { gap: 60 * 23 })];
    expect(run(model, steps).state).toMatchObject({ stage: 'regular', trigger: 'e2' });
  });

  const moody: Model = {
    stages: [
      { id: 'browsing', rules: [{ type: 'page_view', path: '/' }] },
      { id: 'engaged', rules: [{ type: 'chat_open' }] },
    ],
  };
  const back = [page('/'), tp('chat_open'), page('/')];

  test('a stage goes back only when the model allows regression', () => {
    expect(run(moody, back).path).toEqual(['browsing', 'engaged']);
    expect(run({ ...moody, allowRegression: true }, back).changes.at(-1)).toEqual({
      from: 'engaged',
      to: 'browsing',
      rule: 'browsing[0]',
      trigger: 'e2',
    });
  });

  test('the highest stage matched by one touchpoint wins, and its first matching rule is reported', () => {
    const model: Model = {
      stages: [
        { id: 'low', rules: [{ type: 'cta_click' }] },
        { id: 'high', rules: [{ name: 'nope' }, { id: 'any-cta', type: 'cta_click' }, { name: 'go' }] },
      ],
    };
    expect(run(model, [tp('cta_click', 'go')]).changes).toEqual([{ from: null, to: 'high', rule: 'any-cta', trigger: 'e0' }]);
  });

  test('a regex with the g flag does not become stateful', () => {
    const model: Model = { stages: [{ id: 'a', rules: [] }, { id: 'b', rules: [{ name: '/x/g' }] }], allowRegression: true };
    const p = prepare(model);
    const [one, two] = inputs([tp('custom', 'x'), tp('custom', 'x')]);
    const s = evaluate(initialState(), one, p).state;
    expect(evaluate({ ...s, stage: 'a' }, two, p).state.stage).toBe('b');
  });
});

describe('evaluate', () => {
  const prepared = prepare(defaultModel);
  const [first] = inputs([page('/')]);

  test('is pure: it does not touch the state it is given', () => {
    const state = initialState();
    const frozen = JSON.stringify(state);
    const r = evaluate(state, first, prepared);
    expect(JSON.stringify(state)).toBe(frozen);
    expect(r.state).not.toBe(state);
  });

  test('counts a session once per new session id', () => {
    const r = run(defaultModel, [page('/'), page('/'), page('/', { sessionId: 's2' }), page('/', { sessionId: 's2' })]);
    expect(r.state).toMatchObject({ sessions: 2, lastSessionId: 's2' });
  });

  test('reads an older or partial persisted state', () => {
    expect(evaluate({ stage: 'awareness' } as never, first, prepared).state).toMatchObject({ stage: 'awareness', sessions: 1 });
  });

  test('a stage no longer in the model is left behind by the next match', () => {
    const r = evaluate({ ...initialState(), stage: 'gone' }, first, prepared);
    expect(r.change).toMatchObject({ from: 'gone', to: 'awareness' });
  });
});

describe('explain', () => {
  test('says the stage, the rule, the trigger and when', () => {
    const { state } = run(defaultModel, [page('/'), tp('chat_open', 'crisp')]);
    expect(explain(state)).toEqual({ stage: 'consideration', rule: 'chat-open', trigger: 'e1', since: '2026-03-02T09:02:00.000Z' });
    expect(explain(initialState())).toEqual({ stage: null, rule: null, trigger: null, since: null });
  });
});

describe('merge', () => {
  const p = prepare(defaultModel);
  const at = (stage: string | null, since?: string) => ({ ...initialState(), stage, since, rule: 'r', trigger: 't' });

  test('adopts a remote stage that is ahead, keeping local counts and sessions', () => {
    const local = { ...at('interest', '2026-01-02'), sessions: 3, counts: { 'interest[0]': [1] } };
    const merged = merge(local, at('conversion', '2026-01-01'), p);
    expect(merged).toEqual({ ...local, stage: 'conversion', since: '2026-01-01' });
  });

  test.each([
    ['behind', at('awareness', '2026-01-03')],
    ['equal', at('interest', '2026-01-03')],
    ['unknown', at('vip', '2026-01-03')],
    ['empty', initialState()],
  ])('returns the local state itself when the remote is %s', (_, remote) => {
    const local = at('interest', '2026-01-02');
    expect(merge(local, remote, p)).toBe(local);
  });

  test('with regression allowed, the more recent stage wins', () => {
    const q = prepare({ ...defaultModel, allowRegression: true });
    const local = at('conversion', '2026-01-02T00:00:00.000Z');
    expect(merge(local, at('interest', '2026-01-03T00:00:00.000Z'), q).stage).toBe('interest');
    expect(merge(local, at('advocacy', '2026-01-01T00:00:00.000Z'), q)).toBe(local);
  });
});
