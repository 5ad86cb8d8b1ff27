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
  const full = prune(configJsonSchema());
  const { stages, rules, ...rest } = full.properties!;
  return { core: { ...full, properties: { ...rest, stages: {}, rules: {} } }, rules: { stages: stages!, rules: rules! } };
}

// what checkJson reads; the rest (propertyNames, descriptions) would be bytes every page loads for nothing
const READ = ['type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'minLength', 'pattern', 'minimum', 'exclusiveMinimum', 'maximum'];

/** A schema with only the keywords checkJson reads, all the way down. */
function prune(schema: JsonSchema): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema))
    if (READ.includes(key))
      out[key] =
        key === 'properties'
          ? Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([name, sub]) => [name, prune(sub)]))
          : key === 'anyOf'
            ? (value as JsonSchema[]).map(prune)
            : (key === 'items' || key === 'additionalProperties') && typeof value === 'object'
              ? prune(value as JsonSchema)
              : value;
  return out as JsonSchema;
}
