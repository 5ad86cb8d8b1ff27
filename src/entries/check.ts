import schema from 'virtual:waymark/config-schema';
import { checkJson } from '../schema/json-check';

/**
 * The check of a config against its JSON Schema: loaded by the script-tag build only when the page
 * sets more than the script tag's data attributes, which the tag checks itself.
 */
export const checkConfig = (config: unknown) => checkJson(schema, config);
export { checkJson };
