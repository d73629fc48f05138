/**
 * Issue 15: the console's sign-in, through the gateway's HTTP door. An API key pasted once
 * becomes a session cookie (HttpOnly, SameSite=Strict, Secure behind TLS) that acts exactly as
 * the key would; a state-changing request needs the session's CSRF token; sign-out ends the
 * session; a revoked key's sessions end with it. Also /console itself: CSP and cache headers.
 */
import { expect } from 'chai';
import { httpClient } from '@seatlease/shared/test/support/testing';
import { ADMIN_TOKEN, startSystem, type System } from '../src/system';

const anon = (sys: System) => httpClient(sys.gatewayUrl);

async function signIn(sys: System, apiKey: string, headers: Record<string, string> = {}) {
  const res = await anon(sys)('POST', '/v1/sessions', { apiKey }, headers);
  expect(res.status, res.text).to.equal(201);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  return { res, setCookie, cookie, csrf: res.body.csrfToken as string };
}

describe('console sessions (gateway)', function () {
  this.timeout(60_000);
  let sys: System;
  let tenantA: string;
  let tenantB: string;
  let financeA: { id: string; token: string };
  let invoiceB: string;

  before(async () => {
    sys = await startSystem('console_sessions');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    tenantA = (await sys.api('POST', '/v1/tenants', { name: '甲租户', billingEmails: ['a@a.example'] })).body.id;
    tenantB = (await sys.api('POST', '/v1/tenants', { name: '乙租户', billingEmails: ['b@b.example'] })).body.id;
    const cb = await sys.api('POST', '/v1/contracts', { tenantId: tenantB, seatTier: 'county', startMonth: '2027-03', termMonths: 12, seats: 2, openingDate: '2027-03-15' });
    expect(cb.status, cb.text).to.equal(201);
    invoiceB = (await sys.api('GET', `/v1/invoices?tenantId=${tenantB}`)).body.data[0].id;
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId: tenantA, name: '甲财务' });
    financeA = { id: key.body.id, token: key.body.token };
  });
  after(async () => sys.close());

  it('exchanges a key for an HttpOnly, SameSite=Strict cookie (Secure only behind TLS); the answer holds no key', async () => {
    const { setCookie, res } = await signIn(sys, ADMIN_TOKEN);
    expect(setCookie).to.match(/^seatlease_session=[A-Za-z0-9_-]{40,}; /);
    expect(setCookie).to.include('HttpOnly').and.include('SameSite=Strict').and.include('Path=/');
    expect(setCookie).to.not.include('Secure');
    expect(res.body).to.include({ role: 'staff', tenantId: null });
    expect(res.text).to.not.include(ADMIN_TOKEN);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const tls = await signIn(sys, ADMIN_TOKEN, { 'x-forwarded-proto': 'https' });
    expect(tls.setCookie).to.include('; Secure');
  });

  it('refuses an unknown key (401 naming apiKey), a scheduler key (403), a form post (415) and another origin (403)', async () => {
    const unknown = await anon(sys)('POST', '/v1/sessions', { apiKey: 'sl_not_a_key' });
    expect(unknown.status).to.equal(401);
    expect(unknown.body.errors[0].path).to.equal('apiKey');
    expect(unknown.headers.get('set-cookie')).to.equal(null);
    const sched = await sys.api('POST', '/v1/api-keys', { role: 'scheduler', name: 'cron' });
    const refused = await anon(sys)('POST', '/v1/sessions', { apiKey: sched.body.token });
    expect(refused.status).to.equal(403);
    const form = await anon(sys)('POST', '/v1/sessions', `apiKey=${ADMIN_TOKEN}`, { 'content-type': 'application/x-www-form-urlencoded' });
    // A body not declared JSON is refused before anything reads it (415, issue 24).
    expect(form.status).to.equal(415);
    expect(form.body.errors[0].path).to.equal('content-type');
    expect(form.headers.get('set-cookie')).to.equal(null);
    const cross = await anon(sys)('POST', '/v1/sessions', { apiKey: ADMIN_TOKEN }, { origin: 'https://evil.example' });
    expect(cross.status).to.equal(403);
  });

  it('the session acts as its key: same role, same tenant scope, checked on every call', async () => {
    const { cookie } = await signIn(sys, financeA.token);
    const asA = httpClient(sys.gatewayUrl, () => ({ cookie }));
    const me = await asA('GET', '/v1/sessions/current');
    expect(me.body).to.include({ role: 'tenant_finance', tenantId: tenantA });
    // Another tenant's invoice: 404, exactly as with the key itself (fast path and Express path).
    expect((await asA('GET', `/v1/invoices/${invoiceB}`)).status).to.equal(404);
    expect((await sys.as(financeA.token)('GET', `/v1/invoices/${invoiceB}`)).status).to.equal(404);
    expect((await asA('GET', `/v1/tenants/${tenantA}`)).status).to.equal(200);
    // A staff-only route stays staff-only.
    expect((await asA('POST', '/v1/tenants', { name: 'x', billingEmails: ['x@x.example'] }, { 'x-csrf-token': me.body.csrfToken })).status).to.equal(403);
    expect((await asA('GET', '/v1/reports/ar-aging')).status).to.equal(403);
  });

  it('a state-changing request with the cookie needs the session’s X-CSRF-Token: refused without, refused with a wrong one', async () => {
    const { cookie, csrf } = await signIn(sys, ADMIN_TOKEN);
    const asStaff = httpClient(sys.gatewayUrl, () => ({ cookie }));
    const body = { name: 'CSRF 测试', billingEmails: ['c@c.example'] };
    const none = await asStaff('POST', '/v1/tenants', body);
    expect(none.status).to.equal(403);
    expect(none.body.errors[0].path).to.equal('X-CSRF-Token');
    const wrong = await asStaff('POST', '/v1/tenants', body, { 'x-csrf-token': `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` });
    expect(wrong.status).to.equal(403);
    const right = await asStaff('POST', '/v1/tenants', body, { 'x-csrf-token': csrf });
    expect(right.status, right.text).to.equal(201);
    // Reads need no token.
    expect((await asStaff('GET', `/v1/tenants/${right.body.id}`)).status).to.equal(200);
  });

  it('sign-out ends the session (the cookie no longer works, even replayed)', async () => {
    const { cookie, csrf } = await signIn(sys, ADMIN_TOKEN);
    const asStaff = httpClient(sys.gatewayUrl, () => ({ cookie }));
    expect((await asStaff('DELETE', '/v1/sessions/current')).status).to.equal(403);
    const out = await asStaff('DELETE', '/v1/sessions/current', undefined, { 'x-csrf-token': csrf });
    expect(out.status).to.equal(204);
    expect(out.headers.get('set-cookie')).to.match(/^seatlease_session=; Path=\/; Max-Age=0/);
    expect((await asStaff('GET', `/v1/tenants/${tenantA}`)).status).to.equal(401);
    expect((await asStaff('GET', '/v1/sessions/current')).status).to.equal(401);
  });

  it('revoking the key ends its sessions at once', async () => {
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId: tenantA, name: '将被吊销' });
    const { cookie } = await signIn(sys, key.body.token);
    const asIt = httpClient(sys.gatewayUrl, () => ({ cookie }));
    expect((await asIt('GET', `/v1/tenants/${tenantA}`)).status).to.equal(200);
    expect((await sys.api('DELETE', `/v1/api-keys/${key.body.id}`)).status).to.equal(200);
    expect((await asIt('GET', `/v1/tenants/${tenantA}`)).status).to.equal(401);
    expect((await asIt('GET', '/v1/sessions/current')).status).to.equal(401);
  });

  it('a bearer token wins over a cookie, and a bearer call has no console session', async () => {
    const { cookie } = await signIn(sys, financeA.token);
    // The staff bearer token with tenant A's session cookie: the token decides (staff).
    const both = await sys.api('GET', '/v1/reports/ar-aging', undefined, { cookie });
    expect(both.status, both.text).to.equal(200);
    const cur = await sys.api('GET', '/v1/sessions/current', undefined, { cookie });
    expect(cur.status).to.equal(404);
  });

  it('serves /console with a strict CSP, immutable hashed assets and index.html for every console URL', async () => {
    const page = await fetch(`${sys.gatewayUrl}/console/bills/00000000-0000-4000-8000-000000000000`);
    const html = await page.text();
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    expect(page.headers.get('cache-control')).to.equal('no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).to.include("default-src 'none'").and.include("script-src 'self'").and.include("style-src 'self'").and.include("frame-ancestors 'none'");
    expect(csp).to.not.include('unsafe-inline');
    expect(html).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = /\/console\/assets\/[^"]+\.js/.exec(html)?.[0];
    expect(asset, 'the page loads a hashed script').to.be.a('string');
    const js = await fetch(`${sys.gatewayUrl}${asset}`);
    expect(js.status).to.equal(200);
    expect(js.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    await js.arrayBuffer();
    const missing = await fetch(`${sys.gatewayUrl}/console/assets/nope-123.js`);
    expect(missing.status).to.equal(404);
    await missing.arrayBuffer();
  });
});
