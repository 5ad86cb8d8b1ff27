import * as z from 'zod/mini';

const json: z.ZodMiniType<unknown> = z.unknown();
const touch = z.looseObject({ channel: z.string(), time: z.string() });

/** One event as it reaches the collector (SPEC.md, Wire format). */
export const wireEvent = z.object({
  id: z.string().check(z.minLength(1)),
  type: z.string(),
  name: z.string(),
  time: z.iso.datetime(),
  anonymousId: z.string(),
  userId: z.nullable(z.string()),
  sessionId: z.string(),
  stage: z.nullable(z.string()),
  page: z.object({ url: z.string(), path: z.string(), title: z.string(), referrer: z.string() }),
  props: z.record(z.string(), json),
  context: z.looseObject({
    gpc: z.boolean(),
    dnt: z.boolean(),
    locale: z.optional(z.string()),
    attribution: z.optional(z.object({ first: z.nullable(touch), last: z.nullable(touch) })),
  }),
});

/** A batch as one POST body carries it. */
export const wireBatch = z.object({
  sentAt: z.iso.datetime(),
  site: z.nullable(z.string()),
  sdk: z.object({ name: z.string(), version: z.string() }),
  dropped: z.number().check(z.int(), z.gte(0)),
  events: z.array(wireEvent),
});

export type WireEvent = z.infer<typeof wireEvent>;
export type WireBatch = z.infer<typeof wireBatch>;
