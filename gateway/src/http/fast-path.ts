/**
 * The fast path: a `GET` (or `HEAD`) that the route table forwards to a service is answered
 * with plain node:http, without Express, and forwarded over undici (`UpstreamProxy.forwardRead`,
 * decision 0085) — the hot path of the API (reads: invoices, contracts, statements). It keeps every guarantee of the Express chain, in the same order:
 *   request id → who is calling (cached key, or the console's session cookie) → rate limit → may they (401/403) → forward;
 * the security headers, the access log line, `http_request_duration_seconds` by route, the
 * actor header (role and tenant scope, which the services enforce), the test clock,
 * problem+json for every refusal and failure (401/403/429/502/503/504, 500 quoting the
 * request id). Anything else — other methods, routes answered by the gateway itself, unknown
 * routes, unusual request targets — is left to Express (`handle` answers false).
 *
 * Why: Express's per-request work (prototype swaps, the router, the middleware stack) cost
 * about as much CPU as the forwarding itself; see docs/benchmarks.md, "Gateway".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER, type Actor, type Logger, type Metrics } from '@seatlease/shared';
import type { ApiKeyAuthenticator, AuthenticatedKey } from '../api-keys/authenticate-api-key';
import type { SessionAuthenticator } from '../sessions/authenticate-session';
import { sessionCookieValue } from '../sessions/session.cookie';
import type { RouteMatcher } from '../routing/route.matcher';
import type { RouteSpec } from '../routing/route.table';
import type { UpstreamName, UpstreamProxy } from '../upstream/upstream.proxy';
import { accessRefusal, bearerToken } from './auth.middleware';
import { QUIET_PATHS } from './access-log.middleware';
import { writeError, writeProblem } from './problem';
import { rateLimitKey, type RateLimiter } from './rate-limit.middleware';
import { requestIdFrom } from './request-id.middleware';
import { securityHeaderList } from './security.middleware';

export interface FastPathDeps {
  /** The gateway's route matcher; a payload says whether the route is forwarded. */
  matcher: RouteMatcher<{ forwarded: boolean }>;
  authenticator: ApiKeyAuthenticator;
  /** The console's session cookie, for requests without a bearer token. */
  sessions: SessionAuthenticator;
  limiter: RateLimiter;
  proxy: UpstreamProxy;
  metrics: Metrics;
  log: Logger;
  /** The test clock (test mode), else undefined. */
  testNowMs: () => Promise<number | undefined>;
  testClock: boolean;
  /** The answer's composer for a route whose answer holds contracts (decision 0062), else undefined. */
  composer: (route: RouteSpec, requestId: string, nowMs: number | undefined, actor: Actor | undefined) => ((body: Buffer) => Promise<Buffer>) | undefined;
}

/** Request targets Express would parse differently from a plain split at '?' (parseurl's slow path). */
const UNUSUAL_TARGET = /[#\s\u00a0\ufeff]/;

export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

export function createFastPath(deps: FastPathDeps): FastPath {
  const { matcher, authenticator, limiter, proxy, metrics, log } = deps;
  const security = securityHeaderList();

  /** Metrics and the access log line, once the answer is finished or the client has gone. */
  const observe = (req: IncomingMessage, res: ServerResponse, route: RouteSpec, requestId: string, startedAt: number, who: { key: AuthenticatedKey | null }) => {
    res.once('close', () => {
      const finished = res.writableFinished;
      const status = res.statusCode;
      const ms = performance.now() - startedAt;
      if (finished) metrics.httpDuration.observe({ method: req.method ?? 'GET', route: route.path, status: String(status) }, ms / 1000);
      const level = status >= 500 ? 'error' : finished ? 'info' : 'warn';
      if (QUIET_PATHS.has(route.path) || !log.isLevelEnabled(level)) return;
      log[level](
        {
          requestId,
          req: { method: req.method, url: req.url, route: route.path },
          res: { statusCode: status },
          responseTime: Math.round(ms * 10) / 10,
          keyId: who.key?.id,
          ...(finished ? {} : { aborted: true }),
        },
        finished ? 'request completed' : 'request aborted by the client',
      );
    });
  };

  /** After who is calling is known: rate limit, may they, forward (synchronous unless the test clock is read). */
  const admit = (req: IncomingMessage, res: ServerResponse, route: RouteSpec, url: string, requestId: string, head: string[], who: { key: AuthenticatedKey | null }): void | Promise<void> => {
    const authorization = req.headers.authorization;
    const verdict = limiter.hit(rateLimitKey(who.key, req.socket.remoteAddress));
    for (const h of verdict.headers) head.push(h);
    if (verdict.limited) return writeProblem(res, limiter.refusal(!who.key), head);
    const refusal = accessRefusal(route, who.key, authorization);
    if (refusal) return writeProblem(res, refusal.error, refusal.headers.length ? [...head, ...refusal.headers] : head);
    if (deps.testClock) return deps.testNowMs().then((nowMs) => forward(req, res, route, url, requestId, head, who, nowMs));
    forward(req, res, route, url, requestId, head, who, undefined);
  };

  const forward = (req: IncomingMessage, res: ServerResponse, route: RouteSpec, url: string, requestId: string, head: string[], who: { key: AuthenticatedKey | null }, nowMs: number | undefined): void =>
    proxy.forwardRead(req, res, {
      service: route.service as UpstreamName,
      requestId,
      url,
      actorHeader: who.key?.actorHeader,
      nowMs,
      extraHeaders: route.forwardHeaders,
      compose: deps.composer(route, requestId, nowMs, who.key?.actor),
      head,
    });

  /**
   * Who is calling, then `admit`. A key the cache knows is answered synchronously: no promise
   * per request on the hot path (issue 19); a key read from the database, a session cookie or
   * the test clock take the asynchronous way, with the same checks in the same order.
   */
  const serve = (req: IncomingMessage, res: ServerResponse, route: RouteSpec, url: string, requestId: string, head: string[], who: { key: AuthenticatedKey | null }): void | Promise<void> => {
    const token = bearerToken(req.headers.authorization);
    if (token) {
      const found = authenticator.lookup(token);
      if (found instanceof Promise) {
        return found.then((key) => {
          who.key = key;
          return admit(req, res, route, url, requestId, head, who);
        });
      }
      who.key = found;
    } else if (token === null) {
      // GET/HEAD change nothing: a session needs no CSRF token here.
      const cookie = sessionCookieValue(req.headers.cookie);
      if (cookie) {
        return deps.sessions.lookup(cookie).then((session) => {
          who.key = session?.key ?? null;
          return admit(req, res, route, url, requestId, head, who);
        });
      }
    }
    return admit(req, res, route, url, requestId, head, who);
  };

  return (req, res) => {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return false;
    const url = req.url ?? '';
    if (url.charCodeAt(0) !== 0x2f || UNUSUAL_TARGET.test(url)) return false;
    const q = url.indexOf('?');
    const found = matcher.match(method, q < 0 ? url : url.slice(0, q));
    if (!found?.payload.forwarded) return false;

    const startedAt = performance.now();
    const route = found.route;
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    const head = [REQUEST_ID_HEADER, requestId, ...security];
    const who: { key: AuthenticatedKey | null } = { key: null };
    observe(req, res, route, requestId, startedAt, who);
    try {
      const pending = serve(req, res, route, url, requestId, head, who);
      if (pending) pending.catch((err: unknown) => writeError(res, err, { log, requestId, path: q < 0 ? url : url.slice(0, q), head }));
    } catch (err) {
      writeError(res, err, { log, requestId, path: q < 0 ? url : url.slice(0, q), head });
    }
    return true;
  };
}
