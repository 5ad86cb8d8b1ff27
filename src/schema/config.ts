import * as z from 'zod/mini';
import { boolean, check, fn, number, object, oneOf, optional, string, stringMap, strings, text, whole } from './checks';
import { stageRuleSchema, stagesSchema } from './rules';

const on = optional(boolean);

/** Which touchpoints are captured automatically; every one is on by default but `hashChange`. */
export const captureOptions = object({
  pageViews: on,
  hashChange: on,
  ctas: on,
  ctaSelector: optional(string),
  chat: optional(
    check<boolean | string[]>((v) => typeof v === 'boolean' || (Array.isArray(v) && v.every((p) => typeof p === 'string')), 'must be true, false or a list of provider names'),
  ),
  forms: on,
  formAbandon: on,
  rageClicks: on,
  vitals: on,
});

export const consentValue = oneOf('granted', 'pending', 'denied');

/** The configuration `createJourney` and the script tag accept (SPEC.md, npm and Script tag). */
export const configSchema = object({
  endpoint: text,
  site: optional(string),
  debug: on,
  consent: optional(consentValue),
  /** ms between a touchpoint and the send that carries it. */
  flushInterval: optional(whole(0, 3_600_000)),
  /** events per request, at most. */
  batchSize: optional(whole(1, 1000)),
  /** events kept while the collector cannot be reached; older ones go first. */
  maxQueue: optional(whole(1, 100_000)),
  /** days an unsent event is kept. */
  maxAgeDays: optional(number(0, false)),
  /** minutes of inactivity that end a session. */
  sessionTimeout: optional(number(0, false)),
  headers: optional(stringMap),
  format: optional(oneOf('waymark', 'segment')),
  transform: optional(fn<(body: unknown) => unknown>()),
  /** query parameters kept in URLs besides utm_*, gclid, fbclid and msclkid. */
  allowParams: optional(strings),
  privacy: optional(object({ gpc: optional(oneOf('flag', 'deny')) })),
  capture: optional(captureOptions),
  /** The journey model, lowest stage first; replaces the default one. */
  stages: optional(stagesSchema),
  /** Rules added to the model's stages, each naming its stage. */
  rules: optional(z.array(stageRuleSchema)),
  /** Whether a lower stage may replace a higher one. */
  allowRegression: optional(boolean),
});

export type Config = z.infer<typeof configSchema>;
export type CaptureOptions = z.infer<typeof captureOptions>;
