/**
 * Reads the request body once, as raw bytes: at most 1 MB (413 beyond), JSON syntax checked for
 * JSON bodies (400 if malformed), and forwarded byte for byte. The one exception: `text/csv` to
 * a `csv-stream` route (POST /v1/calls) is streamed through to the service, up to 64 MB.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { AppError, sendProblem } from '@seatlease/shared';
import type { RouteSpec } from '../routing/route.table';

const BODY_LIMIT_BYTES = 1024 * 1024;
export const CSV_STREAM_LIMIT_BYTES = 64 * 1024 * 1024;
/**
 * Past this declared size the body is refused without reading it (the connection is closed);
 * below it, an oversize body is drained first so that the client reads its 413 cleanly.
 */
const REFUSE_UNREAD_ABOVE_BYTES = 16 * 1024 * 1024;

const rawBody = express.raw({ type: () => true, limit: BODY_LIMIT_BYTES });

function isJson(req: Request): boolean {
  const type = req.headers['content-type'];
  return typeof type === 'string' && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type);
}

function declaredLength(req: Request): number | null {
  const v = req.headers['content-length'];
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function refuse(req: Request, res: Response, limitBytes: number): void {
  res.setHeader('connection', 'close');
  sendProblem(res, new AppError('too_large', `the body is larger than ${limitBytes / (1024 * 1024)} MB`));
  req.resume();
}

export function readBody(route: RouteSpec): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const length = declaredLength(req);
    if (route.body === 'csv-stream' && req.is('text/csv')) {
      if (length !== null && length > CSV_STREAM_LIMIT_BYTES) return refuse(req, res, CSV_STREAM_LIMIT_BYTES);
      req.streamBody = true;
      return next();
    }
    if (length !== null && length > REFUSE_UNREAD_ABOVE_BYTES) return refuse(req, res, BODY_LIMIT_BYTES);
    rawBody(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (route.body !== 'raw' && Buffer.isBuffer(req.body) && req.body.length > 0 && !isJson(req)) {
        const declared = req.headers['content-type'] ?? 'none';
        const wanted = route.body === 'csv-stream' ? 'application/json or text/csv' : 'application/json';
        return sendProblem(res, new AppError('unsupported_media_type', `the body must be sent as ${wanted} (Content-Type was ${declared})`, [{ path: 'content-type', message: `must be ${wanted}` }]));
      }
      if (route.body !== 'raw' && Buffer.isBuffer(req.body) && req.body.length > 0 && isJson(req)) {
        try {
          req.jsonBody = JSON.parse(req.body.toString('utf8'));
        } catch (e) {
          return sendProblem(
            res,
            new AppError('validation', 'the body is not valid JSON', [{ path: '(body)', message: `malformed JSON: ${(e as Error).message}` }]),
          );
        }
      }
      next();
    });
  };
}
