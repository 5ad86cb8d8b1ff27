import type { Model } from '../schema/rules';

/**
 * SPEC.md's default journey, in the same rule language as any config. `survey_response` touchpoints
 * carry `props.surveyType` (the survey's type) and `props.score`, which the advocacy rule reads.
 */
export const defaultModel: Model = {
  stages: [
    { id: 'awareness', rules: [{ id: 'first-touchpoint', count: 1 }] },
    {
      id: 'interest',
      rules: [
        { id: 'third-page-view', type: 'page_view', count: 3 },
        { id: 'second-session', newSession: true },
        { id: 'content-page', type: 'page_view', path: ['/blog**', '/docs**', '/resources**', '/features**'] },
      ],
    },
    {
      id: 'consideration',
      rules: [
        { id: 'pricing-page', type: 'page_view', path: ['/pricing**', '/plans**', '/compare**', '/demo**', '/product**'] },
        { id: 'chat-open', type: 'chat_open' },
      ],
    },
    {
      id: 'conversion',
      rules: [
        {
          id: 'conversion-form',
          type: 'form_submit',
          name: '/sign-?up|register|trial|demo|contact|quote|checkout|order|purchase/i',
        },
        { id: 'conversion-event', type: 'custom', name: ['purchase', 'signup'] },
      ],
    },
    { id: 'retention', rules: [{ id: 'return-after-conversion', newSession: true, minStage: 'conversion' }] },
    {
      id: 'advocacy',
      rules: [
        { id: 'nps-promoter', type: 'survey_response', props: { surveyType: 'nps', score: { gte: 9 } } },
        { id: 'share-cta', type: 'cta_click', name: '/(^|[^a-z])(share|refer|review|invite)/i' },
      ],
    },
  ],
};
