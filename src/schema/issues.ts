/**
 * A problem found in a config: the shape of zod's issues, which both checkers produce (zod/mini
 * for npm, the JSON Schema check for the script tag), so that one function words them.
 */
export interface Issue {
  code: string;
  path: PropertyKey[];
  message?: string;
  expected?: string;
  values?: readonly unknown[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  keys?: readonly string[];
  pattern?: string;
  /** For a union: the issues of each alternative. */
  errors?: readonly (readonly Issue[])[];
}

const TYPES: Record<string, string> = {
  int: 'a whole number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  function: 'a function',
};

const describe = (issue: Issue): string => {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${TYPES[issue.expected!] ?? `a ${issue.expected}`}`;
    case 'invalid_value':
      return `must be ${issue.values!.length > 1 ? 'one of ' : ''}${issue.values!.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : `must be ${issue.inclusive === false ? 'above' : 'at least'} ${issue.minimum}`;
    case 'too_big':
      return `must be at most ${issue.maximum}`;
    case 'unrecognized_keys':
      return `has unknown option${issue.keys!.length > 1 ? 's' : ''} ${issue.keys!.join(', ')}`;
    case 'invalid_union': {
      const alternatives = (issue.errors ?? []).map((e) => e[0] && e[0].path.length === 0 && describe(e[0]).replace(/^must be /, ''));
      return alternatives.length && alternatives.every(Boolean) ? `must be ${alternatives.join(', or ')}` : 'has the wrong form';
    }
    case 'invalid_format':
      // zod gives the RegExp's source with its slashes, JSON Schema without
      return `must match ${String(issue.pattern).replace(/^\/(.*)\/[a-z]*$/, '$1')}`;
    default:
      return issue.message ?? 'is not valid';
  }
};

/** Words issues for a person, one per field: `config.capture.ctas: must be true or false`. */
export const formatIssues = (issues: readonly Issue[], root = 'config'): string =>
  issues.map((issue) => `${[root, ...issue.path.map(String)].join('.')}: ${describe(issue)}`).join('; ');
