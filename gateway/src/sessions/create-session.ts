/**
 * Sign in to the console: an API key pasted once is exchanged for a session. The key is
 * checked like any bearer token (active, not revoked); the cookie value and the CSRF token are
 * new random secrets, the cookie stored only as a hash. Scheduler keys are for machines and get
 * no session. (docs/decisions/0051-console-sessions.md)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { AppError, invalid, toShanghaiInstant, type Role } from '@seatlease/shared';
import type { ApiKeyAuthenticator } from '../api-keys/authenticate-api-key';
import { hashToken } from '../api-keys/api-key.tokens';
import type { SessionRepository } from './session.repository';

/** How long a console session lives; signing in again starts a new one. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const CONSOLE_ROLES: readonly Role[] = ['staff', 'tenant_finance', 'tenant_supervisor', 'agent'];

export interface SessionView {
  role: Role;
  tenantId: string | null;
  name: string;
  csrfToken: string;
  expiresAt: string;
}

export interface CreatedSession {
  view: SessionView;
  /** The cookie value: returned to the browser once, never stored. */
  cookieValue: string;
}

export async function createSession(deps: { authenticator: ApiKeyAuthenticator; sessions: SessionRepository }, body: unknown, nowMs: number): Promise<CreatedSession> {
  const apiKey = typeof body === 'object' && body !== null ? (body as { apiKey?: unknown }).apiKey : undefined;
  if (typeof apiKey !== 'string' || apiKey.trim().length === 0) throw invalid([{ path: 'apiKey', message: 'paste an API key (sl_…)' }]);
  const key = await deps.authenticator.authenticate(apiKey.trim());
  if (!key) throw new AppError('unauthorized', 'the API key is unknown or revoked', [{ path: 'apiKey', message: 'unknown or revoked' }]);
  if (!CONSOLE_ROLES.includes(key.actor.role)) {
    throw new AppError('forbidden', `a ${key.actor.role} key cannot sign in to the console`, [{ path: 'apiKey', message: `role ${key.actor.role} has no console` }]);
  }
  const cookieValue = randomBytes(32).toString('base64url');
  const created = await deps.sessions.insert({
    id: randomUUID(),
    tokenHash: hashToken(cookieValue),
    csrfToken: randomBytes(32).toString('base64url'),
    apiKeyId: key.id,
    createdAt: new Date(nowMs),
    expiresAt: new Date(nowMs + SESSION_TTL_MS),
  });
  return {
    cookieValue,
    view: { role: key.actor.role, tenantId: key.actor.tenantId, name: key.actor.name, csrfToken: created.csrfToken, expiresAt: toShanghaiInstant(created.expiresAt) },
  };
}
