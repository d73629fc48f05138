/**
 * Rate limiting per API key (per IP for anonymous callers), SEATLEASE_RATE_LIMIT_PER_MINUTE
 * requests a minute, in memory per gateway process. Over the limit → 429 problem+json with
 * Retry-After.
 *
 * One `RateLimiter` per process counts for both the Express path and the fast path (a key
 * gets its limit once, whichever path its requests take). It is what express-rate-limit's
 * memory store did, without the per-request promises: a window of one minute per caller that
 * starts at its first request after the previous window ended; the draft-7 headers
 * (`RateLimit-Policy: <limit>;w=60`, `RateLimit: limit=…, remaining=…, reset=<s>`) on every
 * counted answer, and `Retry-After: <s>` on a 429. Callers unseen for two windows are dropped
 * (the maps are rotated every window), so memory follows the active callers.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { AppError, type Metrics } from '@seatlease/shared';
import type { AuthenticatedKey } from '../api-keys/authenticate-api-key';
import { writeProblem } from './problem';

const RATE_LIMIT_WINDOW_MS = 60_000;

interface Client {
  hits: number;
  resetAtMs: number;
}

export interface RateLimitVerdict {
  limited: boolean;
  /** Headers to answer with, as a flat [name, value, …] list. */
  headers: string[];
}

/** The rate-limit key of a caller: its API key, else its address (IPv6 by /56 subnet). */
export function rateLimitKey(apiKey: AuthenticatedKey | null | undefined, remoteAddress: string | undefined): string {
  return apiKey ? `key:${apiKey.id}` : `ip:${ipKeyGenerator(remoteAddress ?? 'unknown')}`;
}

export class RateLimiter {
  private current = new Map<string, Client>();
  private previous = new Map<string, Client>();
  private readonly timer: NodeJS.Timeout;
  private readonly policy: string;
  private readonly limitedTotal;

  constructor(
    readonly limit: number,
    metrics: Metrics,
    private readonly windowMs = RATE_LIMIT_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.policy = `${limit};w=${Math.ceil(windowMs / 1000)}`;
    this.limitedTotal = metrics.counter('gateway_rate_limited_total', 'Requests refused by the rate limiter', ['caller']);
    this.timer = setInterval(() => {
      this.previous = this.current;
      this.current = new Map();
    }, windowMs);
    this.timer.unref();
  }

  /** Counts one request of `key`. */
  hit(key: string): RateLimitVerdict {
    const now = this.now();
    let client = this.current.get(key);
    if (!client) {
      client = this.previous.get(key);
      if (client) this.previous.delete(key);
      else client = { hits: 0, resetAtMs: now + this.windowMs };
      this.current.set(key, client);
    }
    if (client.resetAtMs <= now) {
      client.hits = 0;
      client.resetAtMs = now + this.windowMs;
    }
    client.hits++;
    const resetSeconds = String(Math.max(0, Math.ceil((client.resetAtMs - now) / 1000)));
    const remaining = Math.max(this.limit - client.hits, 0);
    const headers = ['RateLimit-Policy', this.policy, 'RateLimit', `limit=${this.limit}, remaining=${remaining}, reset=${resetSeconds}`];
    const limited = client.hits > this.limit;
    if (limited) headers.push('Retry-After', resetSeconds);
    return { limited, headers };
  }

  /** The 429 answer (and its count by kind of caller). */
  refusal(anonymous: boolean): AppError {
    this.limitedTotal.inc({ caller: anonymous ? 'anonymous' : 'key' });
    return new AppError('rate_limited', `more than ${this.limit} requests a minute; retry after the time in Retry-After`);
  }

  close(): void {
    clearInterval(this.timer);
  }
}

/** The limiter on the Express path (after `resolveCredential`, which sets `req.apiKey`). */
export function rateLimitMiddleware(limiter: RateLimiter): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const verdict = limiter.hit(rateLimitKey(req.apiKey, req.socket.remoteAddress));
    if (!verdict.limited) {
      for (let i = 0; i < verdict.headers.length; i += 2) res.setHeader(verdict.headers[i]!, verdict.headers[i + 1]!);
      return next();
    }
    writeProblem(res, limiter.refusal(!req.apiKey), verdict.headers);
  };
}
