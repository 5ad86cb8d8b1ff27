import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigCheck } from '../../../src/schema/parse';
import { configSchema } from '../../../src/schema/config';
import type { Config } from '../../../src/schema/config';
import { checkJson } from '../../../src/schema/json-check';
import { scriptSchemas } from '../../../src/schema/json-schema';
import { defaultModel } from '../../../src/stages/default-model';
import { checkCustomModel, checkRules } from '../../../src/stages/model';

// the two checkers, composed as the two builds compose them: zod/mini (npm), and the JSON Schema
// generated from it (script tag), whose custom-model part loads only when the config has one
const zodCheck: ConfigCheck = (input) => {
  const r = configSchema.safeParse(input);
  return r.success ? checkCustomModel(r.data, defaultModel.stages) : r.error.issues;
};
const { core, rules } = scriptSchemas();
const jsonCheck: ConfigCheck = (input) => {
  const issues = checkJson(core, input);
  const c = input as Config;
  return c && (c.stages || c.rules) ? checkRules(rules, c, checkJson, defaultModel.stages, issues) : issues;
};

const refusal = (config: unknown, check: ConfigCheck) => {
  try {
    parseConfig(config, check);
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};

const full = {
  endpoint: 'https://c.test/collect',
  site: 'acme',
  debug: true,
  consent: 'pending',
  flushInterval: 2000,
  batchSize: 50,
  maxQueue: 100,
  maxAgeDays: 3,
  sessionTimeout: 15,
  headers: { Authorization: 'Bearer x' },
  format: 'segment',
  allowParams: ['plan'],
  privacy: { gpc: 'deny' },
  capture: { pageViews: true, hashChange: true, ctas: false, ctaSelector: '.go', chat: ['intercom'], forms: true, formAbandon: false, rageClicks: true, vitals: false },
  stages: [
    { id: 'visitor', rules: [{ count: 1 }] },
    { id: 'lead', rules: [{ id: 'big-cart', type: ['custom', 'cta_click'], name: ['cart*', '/^basket$/i'], path: '/shop/**', props: { value: { gte: 100 }, currency: { in: ['EUR'] }, gift: false }, count: 2, withinDays: 1, sessions: 2, newSession: true, minStage: 'visitor' }] },
  ],
  rules: [{ stage: 'lead', type: 'form_submit', name: 'newsletter' }],
  allowRegression: true,
};

describe.each([
  ['zod/mini (npm)', zodCheck],
  ['JSON Schema (script tag)', jsonCheck],
])('config checked by %s', (_, check) => {
  it('accepts a minimal and a full config', () => {
    expect(refusal({ endpoint: '/collect' }, check)).toBe('accepted');
    expect(refusal(full, check)).toBe('accepted');
  });

  it.each([
    [{}, 'config.endpoint: must be a string'],
    [{ endpoint: '' }, 'config.endpoint: must not be empty'],
    [{ endpoint: '/c', flushInterval: -1 }, 'config.flushInterval: must be at least 0'],
    [{ endpoint: '/c', batchSize: 1.5 }, 'config.batchSize: must be a whole number'],
    [{ endpoint: '/c', batchSize: 5000 }, 'config.batchSize: must be at most 1000'],
    [{ endpoint: '/c', maxAgeDays: 0 }, 'config.maxAgeDays: must be above 0'],
    [{ endpoint: '/c', consent: 'yes' }, 'config.consent: must be one of "granted", "pending", "denied"'],
    [{ endpoint: '/c', endpiont: '/d' }, 'config: has unknown option endpiont'],
    [{ endpoint: '/c', capture: { cta: true } }, 'config.capture: has unknown option cta'],
    [{ endpoint: '/c', capture: { ctas: 'yes' } }, 'config.capture.ctas: must be true or false'],
    [{ endpoint: '/c', capture: { chat: 'intercom' } }, 'config.capture.chat: must be true or false, or a list'],
    [{ endpoint: '/c', headers: { a: 1 } }, 'config.headers.a: must be a string'],
    [{ endpoint: '/c', allowParams: ['ok', 3] }, 'config.allowParams.1: must be a string'],
    [{ endpoint: '/c', stages: [{ id: 'hot lead', rules: [] }] }, 'config.stages.0.id: must match ^\\S+$'],
    [{ endpoint: '/c', stages: [{ id: 'a', rules: [{ count: 0 }] }] }, 'config.stages.0.rules.0.count: must be at least 1'],
    [{ endpoint: '/c', stages: [{ id: 'a', rules: [{ type: 'page_vew' }] }] }, 'config.stages.0.rules.0.type: must be one of "page_view", "cta_click", "chat_open", "form_submit", "web_vital", "rage_click", "form_abandon", "stage_change", "survey_shown", "survey_response", "survey_dismissed", "identify", "custom", or a list'],
    [{ endpoint: '/c', stages: [{ id: 'a', rules: [{ props: { score: { gt: 9 } } }] }] }, 'config.stages.0.rules.0.props.score: has unknown option gt'],
    [{ endpoint: '/c', stages: [{ id: 'a', rules: [{ newSession: false }] }] }, 'config.stages.0.rules.0.newSession: must be true'],
    [{ endpoint: '/c', stages: [{ id: 'a', rules: [{ name: '/(/' }] }] }, 'config.stages.0.rules.0.name: is not a valid pattern: /(/'],
    [{ endpoint: '/c', stages: [{ id: 'a', rules: [{ withinDays: 2 }] }] }, 'config.stages.0.rules.0.count: a time window needs a count'],
    [{ endpoint: '/c', stages: [{ id: 'a', rules: [] }, { id: 'a', rules: [] }] }, 'config.stages.1.id: repeats the stage "a"'],
    [{ endpoint: '/c', stages: [] }, 'config.stages: needs at least one stage'],
    [{ endpoint: '/c', rules: [{ stage: 'vip' }] }, 'config.rules.0.stage: names an unknown stage "vip"'],
    [{ endpoint: '/c', rules: [{ stage: 'interest', minStage: 'gold' }] }, 'config.rules.0.minStage: names an unknown stage "gold"'],
    ['nonsense', 'config: must be an object'],
  ])('refuses %j, naming the field', (config, message) => {
    expect(refusal(config, check)).toBe(`[waymark] invalid config: ${message}`);
  });

  it('names every wrong field at once', () => {
    expect(refusal({ endpoint: 3, site: 4 }, check)).toBe('[waymark] invalid config: config.endpoint: must be a string; config.site: must be a string');
  });
});

describe('the JSON Schema check', () => {
  it('agrees with zod on every config built from valid and invalid parts', async () => {
    const fc = (await import('fast-check')).default;
    const value = fc.oneof(fc.constant(undefined), fc.string(), fc.integer({ min: -5, max: 2000 }), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }));
    const config = fc.record(
      {
        endpoint: fc.oneof(fc.constant('/c'), value),
        flushInterval: value,
        consent: fc.oneof(fc.constantFrom('granted', 'pending', 'nope'), value),
        capture: fc.oneof(fc.record({ ctas: value, chat: value }, { requiredKeys: [] }), value),
        allowParams: value,
        stages: fc.oneof(fc.constant(undefined), fc.array(fc.record({ id: fc.oneof(fc.constantFrom('a', 'b c'), value), rules: fc.array(fc.record({ count: value, type: value, newSession: value }, { requiredKeys: [] }), { maxLength: 2 }) }), { maxLength: 2 })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(config, (c) => {
        // the same fields named; the wording is pinned by the table above (zod adds a safe-integer
        // bound of its own to an int, which JSON Schema has no word for)
        const fields = (check: ConfigCheck) => [...new Set(refusal(c, check).match(/config[\w.]*(?=: )/g))];
        expect(fields(jsonCheck)).toEqual(fields(zodCheck));
      }),
      { numRuns: 500 },
    );
  });
});
