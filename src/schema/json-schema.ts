import { toJSONSchema } from 'zod/v4/core';
import { configSchema } from './config';
import type { JsonSchema } from './json-check';

/** The config's JSON Schema, generated from the zod schema (the script-tag build embeds it at build time). */
export function configJsonSchema(): JsonSchema {
  const { $schema: _, ...schema } = toJSONSchema(configSchema, { unrepresentable: 'any', io: 'input' }) as JsonSchema & { $schema?: string };
  return schema;
}
