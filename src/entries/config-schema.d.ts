/** The config's JSON Schema, generated from the zod schema when the script-tag build is bundled. */
declare module 'virtual:waymark/config-schema' {
  import type { JsonSchema } from '../schema/json-check';
  const schema: JsonSchema;
  export default schema;
}
