import type * as z from 'zod/mini';

type Issue = z.core.$ZodIssue;

const describe = (issue: Issue): string => {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array' ? `must not be empty` : `must be at least ${issue.minimum}`;
    case 'too_big':
      return `must be at most ${issue.maximum}`;
    case 'unrecognized_keys':
      return `unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'invalid_union':
      return 'has the wrong type';
    case 'not_multiple_of':
      return 'must be a whole number';
    default:
      return issue.message;
  }
};

/** Words zod's issues for a person: one line per issue, naming the field (`config.capture.ctas: expected boolean`). */
export const formatIssues = (issues: readonly Issue[], root = 'config'): string =>
  issues.map((issue) => `${[root, ...issue.path.map(String)].join('.')}: ${describe(issue)}`).join('; ');
