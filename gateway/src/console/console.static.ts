/**
 * /console: the web console's built files (console/dist, made by `npm run build -w console`;
 * the root `start` and `test` scripts build it when stale). Same origin as the API, so the
 * session cookie and the CSRF header need no CORS.
 *
 * - Hashed assets (/console/assets/*) are immutable: cached for a year.
 * - index.html (and every other /console/* path: the console's own routes, so a bookmarked URL
 *   opens its page) is revalidated on every load: `no-cache`.
 * - A strict Content-Security-Policy, stricter than the API's: scripts, styles, fonts and
 *   calls from this origin only; no inline script or style; no framing; no <base>, no plugins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

export const CONSOLE_PATH = '/console';

/** Where the build lands: <repo>/console/dist. */
export const DEFAULT_CONSOLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'console', 'dist');

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * With Stripe on (secret and publishable keys set), the bill page mounts Stripe's Payment
 * Element: Stripe.js must come from Stripe's own origin (it may not be bundled or self-hosted),
 * its fields live in Stripe's frames and it calls Stripe's API. Those origins are added, and only
 * then (docs/decisions/0069-console-stripe-payment-element.md).
 */
export const CONSOLE_CSP_WITH_STRIPE = CONSOLE_CSP.replace("script-src 'self'", "script-src 'self' https://js.stripe.com https://*.js.stripe.com")
  .replace("connect-src 'self'", "connect-src 'self' https://api.stripe.com")
  .replace("img-src 'self' data:", "img-src 'self' data: https://*.stripe.com")
  .concat("; frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com");

const IMMUTABLE = 'public, max-age=31536000, immutable';

export function consoleStatic(dir: string = DEFAULT_CONSOLE_DIR, options: { stripe?: boolean } = {}): RequestHandler {
  const csp = options.stripe ? CONSOLE_CSP_WITH_STRIPE : CONSOLE_CSP;
  const indexFile = join(dir, 'index.html');
  const files = express.static(dir, {
    index: false,
    fallthrough: true,
    etag: true,
    lastModified: true,
    setHeaders(res, path) {
      res.setHeader('Cache-Control', path.includes(`${join(dir, 'assets')}`) ? IMMUTABLE : 'no-cache');
    },
  });
  let index: Buffer | null = null;
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!existsSync(indexFile)) {
      res.status(503).type('text/plain').send('The console is not built: run `npm run build -w console` (npm start and npm test build it).\n');
      return;
    }
    files(req, res, () => {
      // A missing asset is a 404, not the page (a stale tab asking for an old bundle).
      if (req.path.startsWith('/assets/')) return next();
      index ??= readFileSync(indexFile);
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(index);
    });
  };
}
