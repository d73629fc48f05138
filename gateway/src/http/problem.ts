/**
 * problem+json on a plain node:http response, for the fast path and the forwarding proxy.
 * Byte for byte what the shared `sendProblem` answers through Express (same content type,
 * charset and Content-Length), but without Express's response object: the answer's head is
 * written in one `writeHead`, after `head` (the request id, security headers, rate-limit headers
 * the caller has gathered). On an Express response whose headers were set one by one,
 * `writeHead` merges them, so the same function serves both paths.
 */
import type { ServerResponse } from 'node:http';
import { AppError, isDatabaseUnavailable, PROBLEM_CONTENT_TYPE, problemType, type Logger } from '@seatlease/shared';

const CONTENT_TYPE = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;

/** Answers `status` with a problem document; `head` is a flat [name, value, …] list. */
function writeProblemBody(res: ServerResponse, status: number, problem: object, head: readonly string[] = []): void {
  const body = JSON.stringify(problem);
  res.writeHead(status, [...head, 'Content-Type', CONTENT_TYPE, 'Content-Length', String(Buffer.byteLength(body))]);
  res.end(body);
}

export function writeProblem(res: ServerResponse, error: AppError, head: readonly string[] = []): void {
  writeProblemBody(res, error.status, error.toProblem(), head);
}

/**
 * Anything thrown on the fast path, answered as the shared Express error handler answers it:
 * an AppError as itself, an unreachable database as a 503 to retry, anything else as a 500
 * that quotes the request id (and is logged: a bug).
 */
export function writeError(res: ServerResponse, err: unknown, ctx: { log: Logger; requestId: string; path: string; head: readonly string[] }): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof AppError) return writeProblem(res, err, ctx.head);
  if (isDatabaseUnavailable(err)) {
    ctx.log.warn({ err: String(err), requestId: ctx.requestId }, 'database unavailable');
    return writeProblem(res, new AppError('unavailable', 'the database is unavailable; retry shortly'), [...ctx.head, 'retry-after', '2']);
  }
  ctx.log.error({ err, requestId: ctx.requestId, path: ctx.path }, 'unhandled error');
  writeProblemBody(
    res,
    500,
    {
      type: problemType('internal'),
      title: 'Internal error',
      status: 500,
      detail: `an internal error occurred; quote request id ${ctx.requestId}`,
    },
    ctx.head,
  );
}
