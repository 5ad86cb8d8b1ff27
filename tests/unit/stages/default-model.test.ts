import { describe, expect, test } from 'vitest';
import { parseModel } from '../../../src/schema/rules';
import { defaultModel } from '../../../src/stages/default-model';
import { page, run, tp, type Step } from './journey-helpers';

const nps = (score: number, surveyType = 'nps') =>
  tp('survey_response', 'nps-after-signup', { props: { surveyId: 'nps-after-signup', surveyType, score } });

describe('default model', () => {
  test('is a valid model in the public rule language', () => {
    expect(parseModel(defaultModel)).toEqual({ ok: true, model: defaultModel });
  });

  test.each<[string, Step[], string[]]>([
    ['a first touchpoint is awareness', [page('/')], ['awareness']],
    [
      'a blog reader who never converts stays in interest',
      [page('/'), page('/blog/why-journeys'), page('/blog/part-2'), tp('cta_click', 'subscribe'), page('/about')],
      ['awareness', 'interest'],
    ],
    [
      'a pricing visitor who chats and signs up converts',
      [page('/'), page('/pricing.html'), tp('chat_open', 'intercom'), tp('form_submit', 'newsletter-signup-form')],
      ['awareness', 'consideration', 'conversion'],
    ],
    [
      'a returning customer who answers NPS 10 becomes an advocate',
      [
        page('/'),
        tp('form_submit', 'Start-Trial'),
        page('/', { sessionId: 's2', gap: 60 * 24 }),
        nps(10, 'nps'),
      ],
      ['awareness', 'conversion', 'retention', 'advocacy'],
    ],
    ['a third page view is interest', [page('/'), page('/about'), page('/team')], ['awareness', 'interest']],
    ['a second session is interest', [page('/'), page('/', { sessionId: 's2', gap: 120 })], ['awareness', 'interest']],
    [
      'a new session after conversion is retention',
      [tp('custom', 'purchase'), page('/welcome'), page('/', { sessionId: 's2' })],
      ['conversion', 'retention'],
    ],
    [
      'a new session before conversion is not retention',
      [page('/pricing'), page('/', { sessionId: 's2' }), page('/', { sessionId: 's3' })],
      ['consideration'],
    ],
    ['a landing on a docs page goes straight to interest', [page('/docs')], ['interest']],
    ['/features/x is a content page', [page('/'), page('/features/x')], ['awareness', 'interest']],
    ['/productivity is a product page (prefix)', [page('/productivity')], ['consideration']],
    ['any chat opening is consideration', [tp('chat_open', 'drift')], ['consideration']],
    ['track("signup") converts', [page('/'), tp('custom', 'signup')], ['awareness', 'conversion']],
    ['track("Purchase") is not track("purchase")', [page('/'), tp('custom', 'Purchase')], ['awareness']],
    ['a search form does not convert', [page('/'), tp('form_submit', 'site-search')], ['awareness']],
    ['NPS 8 is not advocacy', [tp('custom', 'signup'), nps(8)], ['conversion']],
    ['a CSAT 10 is not an NPS promoter', [tp('custom', 'signup'), nps(10, 'csat')], ['conversion']],
    ['NPS 9 is advocacy', [page('/'), nps(9)], ['awareness', 'advocacy']],
    ['a "Refer a friend" CTA is advocacy', [page('/'), tp('cta_click', 'Refer a friend')], ['awareness', 'advocacy']],
    ['a cta named cta_share is advocacy', [page('/'), tp('cta_click', 'cta_share')], ['awareness', 'advocacy']],
    ['"preferences" and "preview" are not refer/review', [page('/'), tp('cta_click', 'preferences'), tp('cta_click', 'preview')], ['awareness']],
    [
      'a stage never goes back down',
      [page('/pricing'), page('/'), page('/blog'), page('/', { sessionId: 's2' })],
      ['consideration'],
    ],
  ])('%s', (_, steps, path) => {
    expect(run(defaultModel, steps).path).toEqual(path);
  });

  test('records the rule and the touchpoint that moved the stage', () => {
    const { state, changes } = run(defaultModel, [page('/'), page('/about'), page('/compare/us-vs-them')]);
    expect(changes.at(-1)).toEqual({ from: 'awareness', to: 'consideration', rule: 'pricing-page', trigger: 'e2' });
    expect(state).toMatchObject({ stage: 'consideration', rule: 'pricing-page', trigger: 'e2', since: '2026-03-02T09:03:00.000Z' });
  });

  test('stage_change touchpoints are outputs, not evidence', () => {
    const { path, state } = run(defaultModel, [tp('stage_change', 'advocacy', { props: { to: 'advocacy' } })]);
    expect(path).toEqual([]);
    expect(state.stage).toBeNull();
  });
});
