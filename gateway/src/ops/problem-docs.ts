/**
 * GET /docs/problems and /docs/problems/:kind — the page every problem `type` points at
 * (`/docs/problems/<kind>`, shared/src/errors.ts). No token, like /docs. One short page per
 * kind: what it means and what to do about it.
 */
import type { Request, RequestHandler, Response } from 'express';
import { AppError, PROBLEM_KINDS, sendProblem } from '@seatlease/shared';

const WHAT: Record<string, { meaning: string; action: string }> = {
  validation: {
    meaning: 'The request is malformed: a field is missing ("is required"), has the wrong type or format, is out of its bounds, or is not a field of this request; or a list was given a query parameter it does not take.',
    action: 'Read `errors`: each entry names the field (`path`) and the reason (`message`). Nothing was stored. Fix the request and send it again.',
  },
  unprocessable: {
    meaning: 'The request is well formed but breaks a rule of the contract (for example fewer than 5 days’ notice for new seats, §6.4, or a payment dated in the future).',
    action: 'Read `errors` for the field and the rule; the detail cites the clause. Nothing was stored.',
  },
  not_found: {
    meaning: 'The record in the path does not exist, or belongs to another tenant (which is not disclosed). With `errors`, a field of the body names a record that does not exist (for example an unknown `tenantId`).',
    action: 'Check the id. A tenant finance key sees only its own tenant’s records.',
  },
  conflict: {
    meaning: 'The request conflicts with the current state: an Idempotency-Key reused with a different body or still in progress, or a change that the record’s state no longer allows.',
    action: 'Read the detail; retry an idempotent request with the same key and body once the first is done.',
  },
  forbidden: { meaning: 'Your key’s role may not do this (for example a tenant finance key changing a tenant’s name).', action: 'Use a key with the right role.' },
  unauthorized: { meaning: 'No valid bearer token was sent, or the key was revoked.', action: 'Send `Authorization: Bearer <token>` with an active key.' },
  too_large: { meaning: 'The body is larger than 1 MB (64 MB for CSV call imports).', action: 'Send less at a time.' },
  rate_limited: { meaning: 'This key sent more requests per minute than allowed.', action: 'Wait the seconds in `Retry-After`, then retry.' },
  upstream: { meaning: 'A service behind the gateway failed or could not be reached. This is our fault.', action: 'Retry later; quote the `X-Request-Id` if it persists.' },
  timeout: { meaning: 'A service behind the gateway did not answer in time.', action: 'Retry; a POST with the same Idempotency-Key is safe to retry.' },
  unavailable: { meaning: 'The database or a service is briefly unavailable; nothing was committed.', action: 'Retry after `Retry-After` seconds.' },
  method_not_allowed: { meaning: 'The path exists, but not with this HTTP method.', action: 'Use one of the methods in the `Allow` header.' },
  unsupported_media_type: { meaning: 'The request has a body that is not declared as JSON.', action: 'Send `Content-Type: application/json` (or `text/csv` for call imports).' },
  not_configured: {
    meaning: 'The feature needs configuration this installation does not have (for example card and Alipay/WeChat Pay payments need Stripe: `STRIPE_SECRET_KEY`).',
    action: 'Ask your operator to configure it, or use what is configured (bank transfers: POST /v1/payments).',
  },
  internal: { meaning: 'An unexpected error on our side. Nothing you sent caused it.', action: 'Quote the request id from the detail when you report it.' },
};

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const code = (s: string) => escape(s).replace(/`([^`]+)`/g, '<code>$1</code>');

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} — SeatLease API</title></head><body><main>${body}<p><a href="/docs/problems">All problem types</a> · <a href="/docs">API reference</a></p></main></body></html>`;
}

export function problemDocsController(): { index: RequestHandler; kind: RequestHandler } {
  return {
    index(_req: Request, res: Response) {
      const items = PROBLEM_KINDS.map((k) => `<li><a href="/docs/problems/${k.kind}">${k.kind}</a> — ${k.status} ${escape(k.title)}</li>`).join('');
      res.type('html').send(page('Problem types', `<h1>Problem types</h1><p>Every error is an RFC 9457 <code>application/problem+json</code> document whose <code>type</code> is one of these pages.</p><ul>${items}</ul>`));
    },
    kind(req: Request, res: Response) {
      const found = PROBLEM_KINDS.find((k) => k.kind === req.params.kind);
      const what = found ? WHAT[found.kind] : undefined;
      if (!found || !what) return sendProblem(res, new AppError('not_found', `no problem type ${String(req.params.kind)}`));
      res
        .type('html')
        .send(page(found.title, `<h1 id="${found.kind}">${escape(found.title)}</h1><p>HTTP status <strong>${found.status}</strong> · type <code>/docs/problems/${found.kind}</code></p><h2>What it means</h2><p>${code(what.meaning)}</p><h2>What to do</h2><p>${code(what.action)}</p>`));
    },
  };
}
