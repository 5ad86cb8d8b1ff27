import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/journey';
import { configSchema } from '../../../src/schema/config';

const refusal = (config: unknown) => {
  try {
    parseConfig(config);
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};

describe('config', () => {
  it('accepts a minimal and a full config', () => {
    expect(configSchema.safeParse({ endpoint: '/collect' }).success).toBe(true);
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
      transform: (b: unknown) => b,
      allowParams: ['plan'],
      privacy: { gpc: 'deny' },
      capture: { pageViews: true, hashChange: true, ctas: false, ctaSelector: '.go', chat: ['intercom'], forms: true, formAbandon: false, rageClicks: true, vitals: false },
    };
    expect(configSchema.safeParse(full).success).toBe(true);
  });

  it.each([
    [{}, 'config.endpoint: must be a non-empty string'],
    [{ endpoint: '' }, 'config.endpoint: must be a non-empty string'],
    [{ endpoint: '/c', flushInterval: -1 }, 'config.flushInterval: must be a whole number from 0 to 3600000'],
    [{ endpoint: '/c', batchSize: 1.5 }, 'config.batchSize: must be a whole number from 1 to 1000'],
    [{ endpoint: '/c', consent: 'yes' }, 'config.consent: must be one of "granted", "pending", "denied"'],
    [{ endpoint: '/c', endpiont: '/d' }, 'config: unknown option endpiont'],
    [{ endpoint: '/c', capture: { cta: true } }, 'config.capture: unknown option cta'],
    [{ endpoint: '/c', capture: { chat: 'intercom' } }, 'config.capture.chat: must be true, false or a list of provider names'],
    [{ endpoint: '/c', headers: { a: 1 } }, 'config.headers: must be an object of strings'],
    [{ endpoint: '/c', transform: 'x' }, 'config.transform: must be a function'],
    [{ endpoint: '/c', allowParams: ['ok', 3] }, 'config.allowParams: must be a list of strings'],
    ['nonsense', 'config: expected object'],
  ])('refuses %j, naming the field', (config, message) => {
    expect(refusal(config)).toBe(`[waymark] invalid config: ${message}`);
  });

  it('names every wrong field at once', () => {
    expect(refusal({ endpoint: 3, site: 4 })).toBe('[waymark] invalid config: config.endpoint: must be a non-empty string; config.site: must be a string');
  });
});
