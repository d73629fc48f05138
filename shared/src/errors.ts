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
  | 'unavailable';

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
};

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
      type: `https://seatlease.dev/problems/${this.kind}`,
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
export const invalid = (errors: FieldError[]) =>
  new AppError('validation', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
