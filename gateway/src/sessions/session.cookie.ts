/**
 * The console's session cookie: HttpOnly (scripts cannot read it), SameSite=Strict (never sent
 * on a request another site starts), Path=/ (the console and the API share the origin), and
 * Secure when the request came over TLS (directly, or through a proxy that says so in
 * X-Forwarded-Proto). No Max-Age beyond the session's own expiry.
 */
import type { IncomingMessage } from 'node:http';

const SESSION_COOKIE = 'seatlease_session';
export const CSRF_HEADER = 'x-csrf-token';

/** The session cookie's value in a Cookie header, or null. */
export function sessionCookieValue(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 ? value : null;
    }
  }
  return null;
}

/** Whether the browser reached us over TLS (the cookie must then be Secure). */
export function overTls(req: IncomingMessage): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  const proto = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'Max-Age=0', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}
