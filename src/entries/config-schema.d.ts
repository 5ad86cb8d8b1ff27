/** The config's JSON Schema, generated from the zod schema when the script-tag build is bundled. */
declare module 'virtual:waymark/config-schema' {
  import type { JsonSchema } from '../schema/json-check';
  const schema: JsonSchema;
  export default schema;
}

/** The JSON Schemas of the config's `stages` and `rules`, for the chunk that checks a custom model. */
declare module 'virtual:waymark/rules-schema' {
  import type { JsonSchema } from '../schema/json-check';
  const schemas: { stages: JsonSchema; rules: JsonSchema };
  export default schemas;
}
