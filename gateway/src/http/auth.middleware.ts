/**
 * Authentication and roles. `resolveCredential` only finds out who is calling (so that the rate
 * limiter can count per key, or per IP for anonymous callers); `requireAccess` then answers 401
 * (no valid token) or 403 (a role the route table does not allow).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, sendProblem } from '@seatlease/shared';
import type { ApiKeyAuthenticator } from '../api-keys/authenticate-api-key';
import { mayCall, type RouteSpec } from '../routing/route.table';

const REALM = 'Bearer realm="seatlease"';

function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

export function resolveCredential(authenticator: ApiKeyAuthenticator): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    req.apiKey = token ? await authenticator.authenticate(token) : null;
    if (req.apiKey) req.actor = req.apiKey.actor;
    next();
  };
}

export function requireAccess(route: RouteSpec): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (route.access === 'public') return next();
    if (!req.apiKey) {
      const token = bearerToken(req);
      const detail =
        token === null
          ? 'send an API key: Authorization: Bearer <token>'
          : token === ''
            ? 'use the Bearer scheme: Authorization: Bearer <token>'
            : 'the bearer token is unknown or revoked';
      return sendProblem(res, new AppError('unauthorized', detail), {
        'WWW-Authenticate': token === null ? REALM : `${REALM}, error="invalid_token"`,
      });
    }
    if (!mayCall(route, req.apiKey.actor.role)) {
      return sendProblem(res, new AppError('forbidden', `role ${req.apiKey.actor.role} may not call ${route.method} ${route.path}`));
    }
    next();
  };
}
