// How input validation speaks: one clear message per bad field, every bad field at once.
// Zod's own messages are written for developers ("Invalid input: expected string, received
// undefined"); an API client needs "is required". Messages a schema sets itself always win.
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { z } from 'zod';

type RawIssue = z.core.$ZodRawIssue;
/** A zod issue, or one a service made up in the same shape. */
export interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  readonly keys?: readonly string[];
  readonly errors?: readonly (readonly IssueLike[])[];
}
type Location = 'body' | 'querystring' | 'params' | 'headers';

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return article(typeof value);
}

const FORMATS: Record<string, string> = {
  email: 'must be an email address such as "hr@example.org"',
  url: 'must be a URL such as "https://example.org/jobs/1"',
  uuid: 'must be a UUID',
  datetime: 'must be an ISO 8601 date-time with an offset such as "2026-12-01T10:00:00+03:00"',
  date: 'must be a date such as "2026-12-31"',
};

const plural = (n: number | bigint, word: string) => `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`;

const REQUIRED = 'is required';

/** The per-parse error map: used only where a schema did not word its own message. */
export const apiErrorMap: z.core.$ZodErrorMap = (issue: RawIssue) => {
  // A field that is absent, whatever it should have been.
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value')) {
    return REQUIRED;
  }
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'int' ? 'integer' : String(issue.expected);
      // z.coerce.number() turns "abc" into NaN before it checks: "not a number" would be a riddle.
      if (Number.isNaN(issue.input)) return `must be ${article(expected)}`;
      return `must be ${article(expected)}, not ${kindOf(issue.input)}`;
    }
    case 'too_small': {
      const n = issue.minimum;
      if (issue.origin === 'string') return n === 1 ? 'must not be empty' : `must be at least ${plural(n, 'character')} long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at least ${plural(n, 'item')}`;
      return issue.inclusive === false ? `must be greater than ${n}` : `must be at least ${n}`;
    }
    case 'too_big': {
      const n = issue.maximum;
      if (issue.origin === 'string') return `must be at most ${plural(n, 'character')} long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${plural(n, 'item')}`;
      return issue.inclusive === false ? `must be less than ${n}` : `must be at most ${n}`;
    }
    case 'invalid_format':
      return FORMATS[issue.format] ?? (issue.pattern ? `must match the pattern ${issue.pattern}` : `must be a valid ${issue.format}`);
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return 'is not a field of this object';
    case 'invalid_union': {
      // A discriminated union names its discriminator's values ("type" of a timing).
      const options = (issue as { options?: readonly unknown[] }).options;
      if (options?.length) return `must be one of ${options.map((v) => JSON.stringify(v)).join(', ')}`;
      return 'matches none of the accepted forms';
    }
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return undefined;
  }
};

/** `schema.safeParse` with the API's messages, for bodies a service validates itself (a merged patch, an import). */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown) {
  return schema.safeParse(data, { error: apiErrorMap });
}

const atRoot = (issue: IssueLike) => issue.path.length === 0;

/**
 * Of a union's failed branches, the one the client meant: not those the value's type does not even
 * fit ("FULL_TIME" is not an array), and, of the rest, one that got past the value's shape into its
 * fields (["FULL_TIME", "NOPE"] fails on item 1, not as a whole). Undefined when it stays ambiguous.
 */
function meantBranch(branches: readonly (readonly IssueLike[])[]): readonly IssueLike[] | undefined {
  let candidates = branches.filter((issues) => !issues.some((i) => atRoot(i) && i.code === 'invalid_type'));
  if (candidates.length > 1) {
    const deeper = candidates.filter((issues) => issues.every((i) => !atRoot(i)));
    if (deeper.length > 0) candidates = deeper;
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** `{}` for `{groupIds} | {plan}`: each branch misses a field of its own; say which fields would do. */
function requiredAlternatives(branches: readonly (readonly IssueLike[])[]): string | undefined {
  const missing = branches.map((issues) => issues.filter((i) => i.path.length === 1 && i.message === REQUIRED).map((i) => `"${String(i.path[0])}"`));
  if (missing.some((fields) => fields.length === 0)) return undefined;
  return [...new Set(missing.flat())].join(' or ');
}

type FlatIssue = { path: PropertyKey[]; message: string; code?: string };

/** Issues as clients read them: a union answers with the branch meant, each unknown key is its own issue. */
export function flattenIssues(issues: readonly IssueLike[], prefix: PropertyKey[] = []): FlatIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({ path: [...path, key], message: issue.message, code: issue.code }));
    }
    if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
      const branch = meantBranch(issue.errors);
      if (branch) return flattenIssues(branch, path);
      const alternatives = requiredAlternatives(issue.errors);
      if (alternatives) return [{ path, message: `needs one of ${alternatives}`, code: issue.code }];
    }
    return [{ path, message: issue.message, code: issue.code }];
  });
}

/**
 * One entry per field, in the order first seen. A value of the wrong type is all there is to say
 * about it (its length is beside the point); other different messages for one field are joined.
 */
export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[],
  where: Location,
): { field: string; in: Location; message: string }[] {
  const byField = new Map<string, { messages: string[]; wrongType: boolean }>();
  for (const issue of issues) {
    const field = issue.path.map(String).join('.');
    const entry = byField.get(field) ?? { messages: [], wrongType: false };
    byField.set(field, entry);
    if (entry.wrongType) continue;
    if (issue.code === 'invalid_type') Object.assign(entry, { messages: [issue.message], wrongType: true });
    else if (!entry.messages.includes(issue.message)) entry.messages.push(issue.message);
  }
  return [...byField].map(([field, { messages }]) => ({ field, in: where, message: messages.join('; ') }));
}

/** Fastify's validator for zod route schemas, with the API's messages and flattened issues. */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema }) => (data) => {
  const result = parseInput(schema, data);
  if (result.success) return { value: result.data };
  const error: FastifySchemaValidationError[] = flattenIssues(result.error.issues).map(({ path, message, code }) => ({
    keyword: code ?? 'zod',
    instancePath: path.length ? `/${path.map(String).join('/')}` : '',
    schemaPath: '',
    params: { path, code },
    message,
  }));
  return { error };
};
