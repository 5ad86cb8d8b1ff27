import * as z from 'zod/mini';

// Leaf checks as z.custom with a message of our own: zod's int, record and union checks cost the
// script-tag build about 2 KB gzip, which its 12 KB budget cannot spare.
const check = <T>(test: (v: unknown) => boolean, message: string) => z.custom<T>(test, message);
const whole = (min: number, max: number) =>
  check<number>((v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max, `must be a whole number from ${min} to ${max}`);
const positive = check<number>((v) => typeof v === 'number' && v > 0 && v < Infinity, 'must be a number above 0');
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const on = z.optional(z.boolean());

/** Which touchpoints are captured automatically; every one is on by default but `hashChange`. */
export const captureOptions = z.strictObject({
  pageViews: on,
  hashChange: on,
  ctas: on,
  ctaSelector: z.optional(z.string()),
  chat: z.optional(
    check<boolean | string[]>(
      (v) => typeof v === 'boolean' || (Array.isArray(v) && v.every((p) => typeof p === 'string')),
      'must be true, false or a list of provider names',
    ),
  ),
  forms: on,
  formAbandon: on,
  rageClicks: on,
  vitals: on,
});

export const consentValue = z.enum(['granted', 'pending', 'denied']);

/** The configuration `createJourney` and the script tag accept (SPEC.md, npm and Script tag). */
export const configSchema = z.strictObject({
  endpoint: z.string().check(z.minLength(1)),
  site: z.optional(z.string()),
  debug: on,
  consent: z.optional(consentValue),
  /** ms between a touchpoint and the send that carries it. */
  flushInterval: z.optional(whole(0, 3_600_000)),
  /** events per request, at most. */
  batchSize: z.optional(whole(1, 1000)),
  /** events kept while the collector cannot be reached; older ones go first. */
  maxQueue: z.optional(whole(1, 100_000)),
  /** days an unsent event is kept. */
  maxAgeDays: z.optional(positive),
  /** minutes of inactivity that end a session. */
  sessionTimeout: z.optional(positive),
  headers: z.optional(
    check<Record<string, string>>((v) => isObject(v) && Object.values(v).every((h) => typeof h === 'string'), 'must be an object of strings'),
  ),
  format: z.optional(z.enum(['waymark', 'segment'])),
  transform: z.optional(check<(body: unknown) => unknown>((v) => typeof v === 'function', 'must be a function')),
  /** query parameters kept in URLs besides utm_*, gclid, fbclid and msclkid. */
  allowParams: z.optional(z.array(z.string())),
  privacy: z.optional(z.strictObject({ gpc: z.optional(z.enum(['flag', 'deny'])) })),
  capture: z.optional(captureOptions),
});

export type Config = z.infer<typeof configSchema>;
export type CaptureOptions = z.infer<typeof captureOptions>;
