import * as z from 'zod/mini';
import { stageRuleSchema, stagesSchema } from './rules';

const on = z.optional(z.boolean());
const whole = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

/** Which touchpoints are captured automatically; every one is on by default but `hashChange`. */
export const captureOptions = z.strictObject({
  pageViews: on,
  hashChange: on,
  ctas: on,
  ctaSelector: z.optional(z.string()),
  /** true, false, or the chat vendors to listen to. */
  chat: z.optional(z.union([z.boolean(), z.array(z.string())])),
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
  maxAgeDays: z.optional(z.number().check(z.gt(0))),
  /** minutes of inactivity that end a session. */
  sessionTimeout: z.optional(z.number().check(z.gt(0))),
  headers: z.optional(z.record(z.string(), z.string())),
  format: z.optional(z.enum(['waymark', 'segment'])),
  /** npm only: reshapes a batch before it is sent. */
  transform: z.optional(z.custom<(body: unknown) => unknown>((v) => typeof v === 'function', 'must be a function')),
  /** query parameters kept in URLs besides utm_*, gclid, fbclid and msclkid. */
  allowParams: z.optional(z.array(z.string())),
  privacy: z.optional(z.strictObject({ gpc: z.optional(z.enum(['flag', 'deny'])) })),
  capture: z.optional(captureOptions),
  /** The journey model, lowest stage first; replaces the default one. */
  stages: z.optional(stagesSchema),
  /** Rules added to the model's stages, each naming its stage. */
  rules: z.optional(z.array(stageRuleSchema)),
  /** Whether a lower stage may replace a higher one. */
  allowRegression: on,
});

export type Config = z.infer<typeof configSchema>;
export type CaptureOptions = z.infer<typeof captureOptions>;
