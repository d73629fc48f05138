/** x-request-id: a caller's id (≤ 128 visible ASCII characters) is kept, else one is made. */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { REQUEST_ID_HEADER } from '@seatlease/shared';

const MAX_REQUEST_ID_LENGTH = 128;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/** The request id for an incoming header value (both the Express path and the fast path). */
export function requestIdFrom(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && incoming.length <= MAX_REQUEST_ID_LENGTH && VISIBLE_ASCII.test(incoming) ? incoming : randomUUID();
}

export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  req.requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  res.setHeader(REQUEST_ID_HEADER, req.requestId);
  next();
}
