/**
 * Security headers (helmet). The content security policy allows what the /docs page needs and
 * nothing more: swagger-ui's own files from this origin, its inline styles and data: images.
 * No upgrade-insecure-requests: the gateway may be reached over plain http (localhost, a TLS
 * terminating proxy in front), and the upgrade would break the page's own assets.
 *
 * helmet's answer does not depend on the request, so it is computed once and replayed on every
 * response (the hot path), rather than running helmet's dozen middlewares each time.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { assert } from '@seatlease/shared';

function helmetOptions() {
  return {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
  };
}

/** The headers helmet sets (name → value), found by running it once on a recording response. */
function helmetHeaders(): Array<[string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
    getHeader: (name: string) => headers.get(name),
  };
  let calledNext = false;
  helmet(helmetOptions())({} as IncomingMessage, recorder as unknown as ServerResponse, () => {
    calledNext = true;
  });
  assert(calledNext, 'helmet did not finish synchronously');
  return [...headers];
}

let flat: readonly string[] | undefined;

/** helmet's headers as a flat [name, value, …] list, computed once (the fast path's `writeHead`). */
export function securityHeaderList(): readonly string[] {
  return (flat ??= Object.freeze(helmetHeaders().flat()));
}

export function securityHeaders() {
  const headers = helmetHeaders();
  return (_req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
