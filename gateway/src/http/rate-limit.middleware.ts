/**
 * Rate limiting per API key (per IP for anonymous callers), SEATLEASE_RATE_LIMIT_PER_MINUTE
 * requests a minute, in memory per gateway process. Over the limit → 429 problem+json with
 * Retry-After.
 */
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { AppError, sendProblem, type Logger, type Metrics } from '@seatlease/shared';

export function rateLimiter(limitPerMinute: number, log: Logger, metrics: Metrics): RequestHandler {
  const limited = metrics.counter('gateway_rate_limited_total', 'Requests refused by the rate limiter', ['caller']);
  return rateLimit({
    windowMs: 60_000,
    limit: limitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req: Request) => (req.apiKey ? `key:${req.apiKey.id}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`),
    handler: (req, res) => {
      limited.inc({ caller: req.apiKey ? 'key' : 'anonymous' });
      sendProblem(res, new AppError('rate_limited', `more than ${limitPerMinute} requests a minute; retry after the time in Retry-After`));
    },
    // Behind a load balancer every anonymous caller shares its address; keys are unaffected.
    validate: { xForwardedForHeader: false },
    logger: { warn: (m: unknown) => log.warn({ detail: String(m) }, 'rate limiter'), error: (m: unknown) => log.error({ detail: String(m) }, 'rate limiter') },
  });
}
