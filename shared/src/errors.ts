/**
 * A closed set of failures (STYLE habit 7), mapped to RFC 9457 problem+json in one place.
 */
export type ErrorKind =
  | 'validation'
  | 'unprocessable'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'too_large'
  | 'rate_limited'
  | 'upstream'
  | 'timeout'
  | 'unavailable'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'not_configured';

export interface FieldError {
  path: string;
  message: string;
}

const STATUS: Record<ErrorKind, number> = {
  validation: 400,
  unprocessable: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  too_large: 413,
  rate_limited: 429,
  upstream: 502,
  timeout: 504,
  unavailable: 503,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  not_configured: 503,
};

const TITLE: Record<ErrorKind, string> = {
  validation: 'Invalid request',
  unprocessable: 'The request breaks a contract rule',
  not_found: 'Not found',
  conflict: 'Conflict',
  forbidden: 'Forbidden',
  unauthorized: 'Unauthorized',
  too_large: 'Payload too large',
  rate_limited: 'Too many requests',
  upstream: 'A service behind the gateway failed',
  timeout: 'A service behind the gateway did not answer in time',
  unavailable: 'Temporarily unavailable',
  method_not_allowed: 'Method not allowed',
  unsupported_media_type: 'The body is not JSON',
  not_configured: 'This feature is not configured',
};

/**
 * Where a problem `type` points: a page of the API's own reference (`GET /docs/problems/<kind>`,
 * served by the gateway without a token). A relative URI, resolved against the API's origin
 * (RFC 9457 §3.1.1), so it answers wherever the API is deployed (decision 0027).
 */
export const PROBLEM_TYPE_BASE = '/docs/problems/';
export const problemType = (kind: string) => `${PROBLEM_TYPE_BASE}${kind}`;

/** Every problem kind the API answers, with its status and title (the /docs/problems pages). */
export const PROBLEM_KINDS: ReadonlyArray<{ kind: string; status: number; title: string }> = [
  ...(Object.keys(STATUS) as ErrorKind[]).map((kind) => ({ kind, status: STATUS[kind], title: TITLE[kind] })),
  { kind: 'internal', status: 500, title: 'Internal error' },
];

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return STATUS[this.kind];
  }

  toProblem(): Problem {
    const problem: Problem = {
      type: problemType(this.kind),
      title: TITLE[this.kind],
      status: this.status,
      detail: this.message,
      ...this.extra,
    };
    if (this.errors.length > 0) problem.errors = this.errors;
    return problem;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);
export const conflict = (detail: string, extra: Record<string, unknown> = {}) =>
  new AppError('conflict', detail, [], extra);
export const forbidden = (detail: string) => new AppError('forbidden', detail);
/** A 422 naming the field and the reason (a contract rule refused the request). */
export const ruleBroken = (path: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError('unprocessable', message, [{ path, message }], extra);
/** A field names a record that does not exist (an unknown tenant id in a body): 404 naming the field. */
export const referenceNotFound = (path: string, message: string) => new AppError('not_found', message, [{ path, message }]);
export const invalid = (errors: FieldError[]) =>
  new AppError('validation', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
