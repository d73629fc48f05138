/**
 * Authentication and roles. `resolveCredential` only finds out who is calling (so that the rate
 * limiter can count per key, or per IP for anonymous callers); `requireAccess` then answers 401
 * (no valid token) or 403 (a role the route table does not allow). `accessRefusal` is that
 * decision on its own, shared with the fast path.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, sendProblem } from '@seatlease/shared';
import type { ApiKeyAuthenticator, AuthenticatedKey } from '../api-keys/authenticate-api-key';
import { changesState, csrfMatches, type SessionAuthenticator } from '../sessions/authenticate-session';
import { CSRF_HEADER, sessionCookieValue } from '../sessions/session.cookie';
import { mayCall, type RouteSpec } from '../routing/route.table';

const REALM = 'Bearer realm="seatlease"';
const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

/** The bearer token of an Authorization header: null without one, '' for another scheme. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  return BEARER.exec(header)?.[1] ?? '';
}

export interface AccessRefusal {
  error: AppError;
  /** Extra headers, flat [name, value, …]. */
  headers: string[];
}

/** Why a caller may not call a protected route (401 or 403), or null when it may. */
export function accessRefusal(route: RouteSpec, apiKey: AuthenticatedKey | null | undefined, authorization: string | undefined): AccessRefusal | null {
  if (route.access === 'public') return null;
  if (!apiKey) {
    const token = bearerToken(authorization);
    const detail =
      token === null
        ? 'send an API key: Authorization: Bearer <token>'
        : token === ''
          ? 'use the Bearer scheme: Authorization: Bearer <token>'
          : 'the bearer token is unknown or revoked';
    return {
      error: new AppError('unauthorized', detail),
      headers: ['WWW-Authenticate', token === null ? REALM : `${REALM}, error="invalid_token"`],
    };
  }
  if (!mayCall(route, apiKey.actor.role)) {
    return { error: new AppError('forbidden', `role ${apiKey.actor.role} may not call ${route.method} ${route.path}`), headers: [] };
  }
  return null;
}

/**
 * A bearer token wins; without one, the console's session cookie. A session-authenticated
 * request that changes state must echo the session's CSRF token in X-CSRF-Token (403 without).
 */
export function resolveCredential(authenticator: ApiKeyAuthenticator, sessions: SessionAuthenticator): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req.headers.authorization);
    if (token) {
      const found = authenticator.lookup(token);
      req.apiKey = found instanceof Promise ? await found : found;
    } else {
      const cookie = token === null ? sessionCookieValue(req.headers.cookie) : null;
      const session = cookie ? await sessions.lookup(cookie) : null;
      req.apiKey = session?.key ?? null;
      if (session) {
        req.consoleSession = session;
        if (changesState(req.method) && !csrfMatches(req.headers[CSRF_HEADER], session.csrfToken)) {
          return sendProblem(
            res,
            new AppError('forbidden', 'a console request that changes something must carry the session’s X-CSRF-Token', [
              { path: 'X-CSRF-Token', message: 'missing or wrong' },
            ]),
          );
        }
      }
    }
    if (req.apiKey) req.actor = req.apiKey.actor;
    next();
  };
}

export function requireAccess(route: RouteSpec): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const refusal = accessRefusal(route, req.apiKey, req.headers.authorization);
    if (!refusal) return next();
    const headers: Record<string, string> = {};
    for (let i = 0; i < refusal.headers.length; i += 2) headers[refusal.headers[i]!] = refusal.headers[i + 1]!;
    sendProblem(res, refusal.error, headers);
  };
}
