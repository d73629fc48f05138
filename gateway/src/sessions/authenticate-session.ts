/**
 * Who is calling, for a request that carries the console's session cookie instead of a bearer
 * token: the live session → its API key → the same AuthenticatedKey a bearer token would give
 * (same role, same tenant scope, checked by the same route table and services). Not cached:
 * console traffic is a person's clicks, and an uncached lookup means sign-out, expiry and key
 * revocation take effect on the very next request.
 */
import { timingSafeEqual } from 'node:crypto';
import { toAuthenticatedKey, type AuthenticatedKey } from '../api-keys/authenticate-api-key';
import { hashToken } from '../api-keys/api-key.tokens';
import type { SessionRepository } from './session.repository';

export interface SessionCredential {
  key: AuthenticatedKey;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

const MAX_COOKIE_LENGTH = 128;

export class SessionAuthenticator {
  constructor(
    private readonly repo: Pick<SessionRepository, 'findActive'>,
    private readonly now: () => number = Date.now,
  ) {}

  async lookup(cookieValue: string): Promise<SessionCredential | null> {
    if (cookieValue.length === 0 || cookieValue.length > MAX_COOKIE_LENGTH) return null;
    const found = await this.repo.findActive(hashToken(cookieValue), new Date(this.now()));
    if (!found) return null;
    return { key: toAuthenticatedKey(found.key), sessionId: found.session.id, csrfToken: found.session.csrfToken, expiresAt: found.session.expiresAt };
  }
}

/** Whether a request's X-CSRF-Token matches its session's (constant time). */
export function csrfMatches(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Methods that change state: a session-authenticated request with one needs the CSRF token. */
export function changesState(method: string | undefined): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}
