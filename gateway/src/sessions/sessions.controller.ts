/** HTTP handlers of /v1/sessions: the console's sign-in, who-am-I and sign-out. */
import type { Request, RequestHandler, Response } from 'express';
import { AppError, sendProblem, toShanghaiInstant } from '@seatlease/shared';
import type { ApiKeyAuthenticator } from '../api-keys/authenticate-api-key';
import { createSession, SESSION_TTL_MS } from './create-session';
import type { SessionRepository } from './session.repository';
import { clearedSessionCookie, overTls, sessionCookie } from './session.cookie';

export interface SessionsControllerDeps {
  authenticator: ApiKeyAuthenticator;
  sessions: SessionRepository;
}

/** A browser's Origin, when it sent one, must be this origin (no sign-in started by another site). */
function crossOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

export function sessionsController(deps: SessionsControllerDeps): Record<'create' | 'read' | 'end', RequestHandler> {
  return {
    async create(req: Request, res: Response) {
      if (crossOrigin(req)) return sendProblem(res, new AppError('forbidden', 'sign-in must come from the console on this origin'));
      const created = await createSession(deps, req.jsonBody, Date.now());
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Set-Cookie', sessionCookie(created.cookieValue, Math.floor(SESSION_TTL_MS / 1000), overTls(req)));
      res.status(201).json(created.view);
    },
    read(req: Request, res: Response) {
      const session = req.consoleSession;
      if (!session || !req.apiKey) return sendProblem(res, new AppError('not_found', 'this request carries no console session (it used a bearer token)'));
      const actor = req.apiKey.actor;
      res.setHeader('Cache-Control', 'no-store');
      res.json({ role: actor.role, tenantId: actor.tenantId, name: actor.name, csrfToken: session.csrfToken, expiresAt: toShanghaiInstant(session.expiresAt) });
    },
    async end(req: Request, res: Response) {
      const session = req.consoleSession;
      if (!session) return sendProblem(res, new AppError('not_found', 'this request carries no console session (it used a bearer token)'));
      await deps.sessions.end(session.sessionId, new Date());
      res.setHeader('Set-Cookie', clearedSessionCookie(overTls(req)));
      res.status(204).end();
    },
  };
}
