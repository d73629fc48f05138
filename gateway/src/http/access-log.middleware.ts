/**
 * One pino line per request, with its request id, written when the answer is finished (or the
 * client went away). Lighter than pino-http on the hot path: no child logger per request and
 * no header serialization (headers carry tokens and signatures anyway).
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '@seatlease/shared';

export const QUIET_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

export function accessLog(log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const startedAt = performance.now();
    const write = (aborted: boolean) => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : aborted ? 'warn' : 'info';
      // Probes are polled every few seconds; a 503 from /readyz is an answer, not an error.
      if (QUIET_PATHS.has(req.path) || !log.isLevelEnabled(level)) return;
      log[level](
        {
          // Shaped like pino-http's lines (req.method, req.url, res.statusCode, responseTime).
          requestId: req.requestId,
          req: { method: req.method, url: req.originalUrl, route: req.gatewayRoute?.path },
          res: { statusCode: status },
          responseTime: Math.round((performance.now() - startedAt) * 10) / 10,
          keyId: req.apiKey?.id,
          ...(aborted ? { aborted: true } : {}),
        },
        aborted ? 'request aborted by the client' : 'request completed',
      );
    };
    res.once('finish', () => write(false));
    res.once('close', () => {
      if (!res.writableFinished) write(true);
    });
    next();
  };
}
