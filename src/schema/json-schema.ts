import { toJSONSchema } from 'zod/v4/core';
import { configSchema } from './config';
import type { JsonSchema } from './json-check';

/** The config's JSON Schema, generated from the zod schema (the script-tag build embeds it at build time). */
export function configJsonSchema(): JsonSchema {
  const { $schema: _, ...schema } = toJSONSchema(configSchema, { unrepresentable: 'any', io: 'input' }) as JsonSchema & { $schema?: string };
  return schema;
}

/**
 * The schemas the script-tag build embeds: the config's, with `stages` and `rules` left open, and
 * those two apart, in the chunk that checks a custom journey model (loaded only when there is one).
 */
export function scriptSchemas(): { core: JsonSchema; rules: { stages: JsonSchema; rules: JsonSchema } } {
  const full = configJsonSchema();
  const { stages, rules, ...rest } = full.properties!;
  return { core: { ...full, properties: { ...rest, stages: {}, rules: {} } }, rules: { stages: stages!, rules: rules! } };
}
