// RFC 9457 problem details. Domain code throws `Problem`; the one error handler renders it.
import { fieldErrorsOf, flattenIssues, type IssueLike } from './validation.js';

export interface FieldError {
  /** Dotted path of the bad field, e.g. "baseSalary.currency"; "" for the whole body. */
  field: string;
  /** Where the field was: body, querystring, params or headers. */
  in: 'body' | 'querystring' | 'params' | 'headers';
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export const PROBLEM_TYPE_BASE = 'https://vacancy-crossposter.dev/problems/';

export class Problem extends Error {
  constructor(
    readonly status: number,
    /** A stable slug clients can switch on; becomes the `type` URI. */
    readonly slug: string,
    detail: string,
    readonly extensions: { errors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(detail);
  }

  toBody(instance?: string): ProblemBody {
    return problemBody(this.status, this.slug, this.message, instance, this.extensions);
  }
}

export function problemBody(
  status: number,
  slug: string,
  detail: string | undefined,
  instance?: string,
  extensions: Record<string, unknown> = {},
): ProblemBody {
  return {
    type: PROBLEM_TYPE_BASE + slug,
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...(instance ? { instance } : {}),
    ...extensions,
  };
}

/** The 400 for input that fails its schema, naming every bad field. */
export function validationProblemBody(where: FieldError['in'], errors: FieldError[], instance?: string): ProblemBody {
  const fields = errors.map((e) => e.field || where).join(', ');
  return problemBody(400, 'validation-error', `Invalid ${where}: ${fields}`, instance, { errors });
}

export const notFound = (what: string) => new Problem(404, 'not-found', `${what} not found`);

/** A 422 for a body that parsed but would make an invalid resource, naming every bad field once. */
export function invalidContent(slug: string, what: string, issues: readonly IssueLike[]): Problem {
  const errors: FieldError[] = fieldErrorsOf(flattenIssues(issues), 'body');
  return new Problem(422, slug, `${what}: ${errors.map((e) => e.field || 'body').join(', ')}`, { errors });
}
