import { describe, expect, test } from 'vitest';
import { glob } from '../../../src/lib/glob';
import { formatIssues } from '../../../src/schema/issues';
import { parseModel } from '../../../src/schema/rules';

const oneRule = (rule: unknown) => [{ id: 'a', rules: [rule] }];
const issuesOf = (json: unknown) => {
  const r = parseModel(json);
  if (r.ok) throw new Error('expected the model to be refused');
  return r.issues.map((i) => ({ path: i.path.join('.'), message: formatIssues([i], '').replace(/^.*?: /, '') }));
};

describe('parseModel', () => {
  test('accepts every condition, and a bare array of stages', () => {
    const rule = {
      id: 'hot-cart',
      type: ['custom', 'cta_click'],
      name: ['cart*', '/^basket$/i'],
      path: '/shop/**',
      props: { value: { gte: 100, lte: 1000 }, currency: { in: ['EUR', 'USD'] }, gift: false, coupon: null },
      count: 2,
      withinDays: 1,
      withinMinutes: 30,
      sessions: 2,
      newSession: true,
      minStage: 'a',
    };
    expect(parseModel(oneRule(rule))).toEqual({ ok: true, model: { stages: oneRule(rule) } });
    expect(parseModel({ stages: oneRule({}), allowRegression: true }).ok).toBe(true);
  });

  test.each<[string, unknown, { path: string; message?: string }]>([
    ['an invalid regex name', oneRule({ name: ['ok', '/(/'] }), { path: 'stages.0.rules.0.name.1', message: 'is not a valid pattern: /(/' }],
    ['an unknown touchpoint type', oneRule({ type: 'page_vew' }), { path: 'stages.0.rules.0.type' }],
    ['a misspelt condition', oneRule({ paths: '/x' }), { path: 'stages.0.rules.0', message: 'has unknown option paths' }],
    ['a non-numeric gte', oneRule({ props: { score: { gte: '9' } } }), { path: 'stages.0.rules.0.props.score' }],
    ['an unknown operator', oneRule({ props: { score: { gt: 9 } } }), { path: 'stages.0.rules.0.props.score', message: 'has unknown option gt' }],
    ['a window without a count', oneRule({ withinDays: 7 }), { path: 'stages.0.rules.0.count', message: 'a time window needs a count' }],
    ['a fractional count', oneRule({ count: 2.5 }), { path: 'stages.0.rules.0.count', message: 'must be a whole number' }],
    ['an unbounded count', oneRule({ count: 1e6 }), { path: 'stages.0.rules.0.count', message: 'must be at most 100' }],
    ['zero sessions', oneRule({ sessions: 0 }), { path: 'stages.0.rules.0.sessions', message: 'must be at least 1' }],
    ['newSession: false', oneRule({ newSession: false }), { path: 'stages.0.rules.0.newSession', message: 'must be true' }],
    ['an unknown minStage', oneRule({ minStage: 'vip' }), { path: 'stages.0.rules.0.minStage', message: 'names an unknown stage "vip"' }],
    ['a duplicate stage', [{ id: 'a', rules: [] }, { id: 'a', rules: [] }], { path: 'stages.1.id', message: 'repeats the stage "a"' }],
    ['a stage id with a space', [{ id: 'hot lead', rules: [] }], { path: 'stages.0.id', message: 'must match ^\\S+$' }],
    ['no stages', [], { path: 'stages', message: 'needs at least one stage' }],
    ['rules that are not a list', [{ id: 'a', rules: {} }], { path: 'stages.0.rules', message: 'must be a list' }],
    ['a non-boolean allowRegression', { stages: oneRule({}), allowRegression: 'yes' }, { path: 'allowRegression', message: 'must be true or false' }],
  ])('refuses %s, naming where', (_, json, issue) => {
    expect(issuesOf(json)).toContainEqual(expect.objectContaining(issue));
  });
});

describe('glob', () => {
  test.each<[string, boolean, string, boolean]>([
    ['/pricing**', true, '/pricing.html', true],
    ['/pricing**', true, '/pricing/team', true],
    ['/pricing*', true, '/pricing/team', false],
    ['/blog/**', true, '/blog', true],
    ['/blog/**', true, '/blog/a/b', true],
    ['/blog/**', true, '/blogging', false],
    ['/a?c', true, '/a/c', false],
    ['/a.c', true, '/abc', false],
    ['sign*', false, 'sign-up/now', true],
    ['sign*', false, 'design', false],
    ['(x)+', false, '(x)+', true],
    ['/^buy/i', false, 'Buy now', true],
  ])('%s (path: %s) on %s is %s', (pattern, path, text, expected) => {
    expect(glob(pattern, path).test(text)).toBe(expected);
  });
});
