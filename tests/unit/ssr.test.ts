// @vitest-environment node
import { describe, expect, it } from 'vitest';

describe('server-side import', () => {
  it('imports without a window and returns a journey that does nothing', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const { createJourney } = await import('../../src/index');
    const journey = createJourney({ endpoint: '/collect' });
    expect(() => journey.track('x')).not.toThrow();
    expect(journey.stage).toBeNull();
    await expect(journey.flush()).resolves.toBeUndefined();
  });

  it('still refuses a bad config on the server', async () => {
    const { createJourney } = await import('../../src/index');
    expect(() => createJourney({} as never)).toThrow(/config\.endpoint/);
  });
});
