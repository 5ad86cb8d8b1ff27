import type { Issue } from './issues';

/** The part of JSON Schema that zod's toJSONSchema emits for waymark's config. */
export interface JsonSchema {
  type?: string | string[];
  enum?: readonly unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: readonly JsonSchema[];
  minLength?: number;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
}

// issues that zod does not treat as fatal: the value had the right form, a check failed
const SOFT = ['too_small', 'too_big', 'invalid_format', 'unrecognized_keys'];

const typeOf = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

/**
 * Checks a value against a JSON Schema generated from the zod schema at build time, and reports
 * issues in zod's shape and order, so that the script-tag build words them as the npm build does
 * without shipping zod (5.5 KB gzip, half its budget). tests/unit/schema proves both agree.
 */
export function checkJson(s: JsonSchema, v: unknown, path: PropertyKey[] = [], issues: Issue[] = []): Issue[] {
  if (s.anyOf) {
    const errors = s.anyOf.map((alt) => checkJson(alt, v));
    if (errors.some((e) => !e.length)) return issues;
    // as zod does: when the value has the form of exactly one alternative, that one's issues are the answer
    const near = errors.filter((e) => e.every((i) => SOFT.includes(i.code)));
    if (near.length === 1) issues.push(...near[0]!.map((i) => ({ ...i, path: [...path, ...i.path] })));
    else issues.push({ code: 'invalid_union', path, errors });
    return issues;
  }
  const t = typeOf(v);
  const types = s.type === undefined ? [] : ([] as string[]).concat(s.type);
  if (types.length && !types.some((x) => x === t || (x === 'number' && t === 'integer'))) {
    const expected = types[0] === 'integer' ? (t === 'number' ? 'int' : 'number') : types[0];
    issues.push({ code: 'invalid_type', expected, path });
    return issues;
  }
  const values = s.enum ?? (s.const === undefined ? undefined : [s.const]);
  if (values && !values.includes(v)) issues.push({ code: 'invalid_value', values, path });
  if (typeof v === 'string') {
    if (v.length < (s.minLength ?? 0)) issues.push({ code: 'too_small', minimum: s.minLength!, origin: 'string', path });
    if (s.pattern && !new RegExp(s.pattern).test(v)) issues.push({ code: 'invalid_format', pattern: s.pattern, path });
  }
  if (typeof v === 'number') {
    if (v < (s.minimum ?? -Infinity)) issues.push({ code: 'too_small', minimum: s.minimum!, inclusive: true, origin: 'number', path });
    if (v <= (s.exclusiveMinimum ?? -Infinity)) issues.push({ code: 'too_small', minimum: s.exclusiveMinimum!, inclusive: false, origin: 'number', path });
    if (v > (s.maximum ?? Infinity)) issues.push({ code: 'too_big', maximum: s.maximum!, origin: 'number', path });
  }
  if (Array.isArray(v) && s.items) v.forEach((item, i) => checkJson(s.items!, item, [...path, i], issues));
  if (t === 'object' && (s.properties || s.additionalProperties !== undefined)) {
    const o = v as Record<string, unknown>;
    const props = s.properties ?? {};
    for (const key in props) if (o[key] !== undefined || s.required?.includes(key)) checkJson(props[key]!, o[key], [...path, key], issues);
    const extra = Object.keys(o).filter((key) => !(key in props));
    if (s.additionalProperties === false) {
      if (extra.length) issues.push({ code: 'unrecognized_keys', keys: extra, path });
    } else if (typeof s.additionalProperties === 'object') extra.forEach((key) => checkJson(s.additionalProperties as JsonSchema, o[key], [...path, key], issues));
  }
  return issues;
}
