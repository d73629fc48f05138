/**
 * Issue 24: answers a new user can act on, and the tenant endpoints finance teams need
 * (GET /v1/tenants, PATCH /v1/tenants/:id), through the gateway.
 */
import { expect } from 'chai';
import { httpClient } from '@seatlease/shared/test/support/testing';
import { startSystem, type System } from '../src/system';

describe('answers that say what is wrong, and tenants a finance team can keep current', function () {
  this.timeout(120_000);
  let sys: System;
  let tenantId: string;

  before(async () => {
    sys = await startSystem('answers');
    await sys.advanceTo('2027-03-01T09:30:00+08:00');
    const t = await sys.api('POST', '/v1/tenants', { name: '答复测试有限公司', billingEmails: ['ap@answers.example'] });
    tenantId = t.body.id;
  });
  after(async () => sys.close());

  const fieldMessage = (body: { errors?: Array<{ path: string; message: string }> }, path: string) => body.errors?.find((e) => e.path === path)?.message;

  it('a missing field "is required"; a too-large integer says so, not "not an integer"', async () => {
    const missing = await sys.api('POST', '/v1/tenants', { billingEmails: ['x@y.example'] });
    expect(missing.status).to.equal(400);
    expect(fieldMessage(missing.body, 'name')).to.equal('is required');
    const contract = await sys.api('POST', '/v1/contracts', { tenantId, seatTier: 'province', startMonth: '2027-04', termMonths: 12, openingDate: '2027-04-01' });
    expect(fieldMessage(contract.body, 'seats')).to.equal('is required');
    // 9007199254740993 cannot be carried exactly by JSON numbers: "too large", naming the field.
    const huge = await sys.api('POST', '/v1/payments', `{"tenantId":"${tenantId}","amount":9007199254740993,"method":"bank_transfer","reference":"X","receivedOn":"2027-03-01"}`);
    expect(huge.status).to.equal(400);
    expect(fieldMessage(huge.body, 'amount')).to.match(/too large: not a safe integer/);
    const seats = await sys.api('POST', '/v1/contracts', `{"tenantId":"${tenantId}","seatTier":"province","startMonth":"2027-04","termMonths":12,"seats":9007199254740993,"openingDate":"2027-04-01"}`);
    expect(fieldMessage(seats.body, 'seats')).to.match(/too large/);
    expect(fieldMessage(seats.body, 'seats'), 'seats are not money').not.to.match(/fen/);
    // A field the request does not take is named by itself, nested ones by their path.
    const unknown = await sys.api('PATCH', `/v1/tenants/${tenantId}`, { nickname: '鼎信', billingEmails: ['x@y.example'] });
    expect([unknown.status, unknown.body.errors]).to.deep.equal([400, [{ path: 'nickname', message: 'is not a field of this request' }]]);
    const nested = await sys.api('POST', '/v1/incidents', { startedAt: '2027-03-01T09:00:00+08:00', cause: 'provider', severity: 'minor', description: 'x', scope: { contractIds: [tenantId], tenants: [] } });
    expect(nested.status).to.equal(400);
    expect(nested.body.errors.map((e: { path: string }) => e.path)).to.include('scope.tenants');
    expect((await sys.api('GET', `/v1/tenants/${tenantId}`)).body.billingEmails, 'nothing stored').to.deep.equal(['ap@answers.example']);
  });

  it('a wrong method is 405 with Allow; a body that is not JSON is 415; nothing stored', async () => {
    const wrong = await sys.api('DELETE', `/v1/tenants/${tenantId}`);
    expect(wrong.status).to.equal(405);
    expect(wrong.headers.get('allow')).to.equal('GET, PATCH, HEAD');
    expect(wrong.body.type).to.equal('/docs/problems/method_not_allowed');
    expect((await sys.api('PUT', '/v1/invoices')).headers.get('allow')).to.equal('GET, HEAD');
    const before = (await sys.api('GET', '/v1/tenants?limit=500')).body.data.length;
    const form = await sys.api('POST', '/v1/tenants', 'name=x&billingEmails=y', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).to.equal(415);
    expect(form.body.type).to.equal('/docs/problems/unsupported_media_type');
    const plain = await sys.api('POST', '/v1/tenants', JSON.stringify({ name: 'x', billingEmails: ['a@b.example'] }), { 'content-type': 'text/plain' });
    expect(plain.status).to.equal(415);
    expect((await sys.api('GET', '/v1/tenants?limit=500')).body.data.length).to.equal(before);
  });

  it('an unknown referenced id is a 404 naming the field, not a "contract rule"', async () => {
    const ghost = '00000000-0000-4000-8000-00000000dead';
    const contract = await sys.api('POST', '/v1/contracts', { tenantId: ghost, seatTier: 'province', startMonth: '2027-04', termMonths: 12, seats: 1, openingDate: '2027-04-01' });
    expect(contract.status).to.equal(404);
    expect(contract.body.type).to.equal('/docs/problems/not_found');
    expect(contract.body.errors[0].path).to.equal('tenantId');
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId: ghost, name: 'ghost' });
    expect(key.status).to.equal(404);
    expect(key.body.errors[0].path).to.equal('tenantId');
    const pay = await sys.api('POST', '/v1/payments', { tenantId: ghost, amount: 100, method: 'bank_transfer', reference: 'G', receivedOn: '2027-03-01' });
    expect(pay.status).to.equal(404);
    expect(pay.body.errors[0].path).to.equal('tenantId');
  });

  it('Stripe not configured is a 503 of its own type; every problem type answers a page under /docs/problems/', async () => {
    const stripe = await sys.api('POST', '/v1/payments/stripe-intents', { invoiceId: '00000000-0000-4000-8000-000000000001', method: 'card' });
    expect(stripe.status).to.equal(503);
    expect(stripe.body.type).to.equal('/docs/problems/not_configured');
    const types = new Set<string>(['/docs/problems/validation', '/docs/problems/unprocessable', '/docs/problems/internal']);
    for (const res of [stripe]) types.add(res.body.type);
    const index = await fetch(`${sys.gatewayUrl}/docs/problems`);
    expect(index.status).to.equal(200);
    const html = await index.text();
    for (const [, kind] of html.matchAll(/href="\/docs\/problems\/(\w+)"/g)) types.add(`/docs/problems/${kind}`);
    expect(types.size).to.be.greaterThan(12);
    for (const type of types) {
      const page = await fetch(`${sys.gatewayUrl}${type}`);
      expect(page.status, type).to.equal(200);
      expect(page.headers.get('content-type')).to.match(/text\/html/);
      expect(await page.text()).to.match(/What it means/);
    }
    expect((await fetch(`${sys.gatewayUrl}/docs/problems/nonsense`)).status).to.equal(404);
  });

  it('instants come back in +08:00 and createdAt follows the test clock', async () => {
    const t = await sys.api('POST', '/v1/tenants', { name: '时钟测试', billingEmails: ['c@clock.example'] });
    expect(t.body.createdAt).to.equal('2027-03-01T09:30:00+08:00');
    const c = await sys.api('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'province', startMonth: '2027-04', termMonths: 12, seats: 1, openingDate: '2027-04-01' });
    expect(c.body.createdAt).to.equal('2027-03-01T09:30:00+08:00');
    const key = await sys.api('POST', '/v1/api-keys', { role: 'scheduler', name: 'cron' });
    expect(key.body.createdAt).to.equal('2027-03-01T09:30:00+08:00');
    const audit = await sys.api('GET', `/v1/contracts/${c.body.id}/audit-log`);
    expect(audit.body.data[0].at).to.equal('2027-03-01T09:30:00+08:00');
  });

  it('the other instants a user reads are in +08:00 too: invoicing profile, payment reversal, console session', async () => {
    const plusEight = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/;
    const profile = await sys.api('PUT', `/v1/tenants/${tenantId}/invoicing-profile`, { title: '答复测试有限公司', taxId: '91350100M000100Y43', fapiaoType: 'normal' });
    expect(profile.status, profile.text).to.equal(200);
    expect(profile.body.updatedAt).to.equal('2027-03-01T09:30:00+08:00');
    expect((await sys.api('GET', `/v1/tenants/${tenantId}`)).body.invoicingProfile.updatedAt).to.equal('2027-03-01T09:30:00+08:00');
    const paid = await sys.api('POST', '/v1/payments', { tenantId, amount: 100, method: 'bank_transfer', reference: 'TZ-1', receivedOn: '2027-03-01' });
    expect(paid.status, paid.text).to.equal(201);
    const reversed = await sys.api('POST', `/v1/payments/${paid.body.id}/reverse`, { reason: '时区测试' });
    expect(reversed.status, reversed.text).to.equal(200);
    expect(reversed.body.reversedAt).to.equal('2027-03-01T09:30:00+08:00');
    const staff = await sys.api('POST', '/v1/api-keys', { role: 'staff', name: 'console' });
    const session = await httpClient(sys.gatewayUrl)('POST', '/v1/sessions', { apiKey: staff.body.token });
    expect(session.status, session.text).to.be.oneOf([200, 201]);
    expect(session.body.expiresAt).to.match(plusEight);
  });

  it('the clause reference ships with the product: /docs/clauses (no token), every engine clause at its anchor, clauseUrl on each line', async () => {
    const page = await fetch(`${sys.gatewayUrl}/docs/clauses`);
    expect(page.status).to.equal(200);
    const html = await page.text();
    const { readdirSync, readFileSync } = await import('node:fs');
    const engineDir = new URL('../../billing-service/src/engine/', import.meta.url);
    const cited = new Set<string>();
    for (const f of readdirSync(engineDir).filter((n) => n.endsWith('.ts'))) {
      for (const [, code] of readFileSync(new URL(f, engineDir), 'utf8').matchAll(/'(§[0-9A-Z.]+)'/g)) cited.add(code!);
    }
    expect(cited.size).to.be.greaterThan(5);
    for (const code of cited) expect(html, code).to.include(`id="s${code.slice(1).toLowerCase().replace(/\./g, '-')}"`);
    const inv = (await sys.api('GET', '/v1/invoices?limit=1')).body.data[0];
    const detail = (await sys.api('GET', `/v1/invoices/${inv.id}`)).body;
    expect(detail.lines.length).to.be.greaterThan(0);
    for (const line of detail.lines) {
      expect(line.clauseUrl).to.match(/^\/docs\/clauses#s[0-9a-z-]+$/);
      expect(html).to.include(`id="${line.clauseUrl.split('#')[1]}"`);
    }
  });

  it('GET /v1/tenants and PATCH /v1/tenants/:id: audited; tenant_finance may change only its own billing emails', async () => {
    const other = await sys.api('POST', '/v1/tenants', { name: '另一家公司', billingEmails: ['ap@other.example'] });
    const patched = await sys.api('PATCH', `/v1/tenants/${tenantId}`, { billingEmails: ['new-ap@answers.example', 'cfo@answers.example'] });
    expect(patched.status, patched.text).to.equal(200);
    expect(patched.body.billingEmails).to.deep.equal(['new-ap@answers.example', 'cfo@answers.example']);
    expect((await sys.api('GET', `/v1/tenants/${tenantId}`)).body.billingEmails).to.deep.equal(['new-ap@answers.example', 'cfo@answers.example']);
    const renamed = await sys.api('PATCH', `/v1/tenants/${tenantId}`, { name: '答复测试（集团）有限公司' });
    expect(renamed.body.name).to.equal('答复测试（集团）有限公司');
    expect((await sys.api('PATCH', `/v1/tenants/${tenantId}`, {})).status).to.equal(400);
    expect(fieldMessage((await sys.api('PATCH', `/v1/tenants/${tenantId}`, { billingEmails: ['nope'] })).body, 'billingEmails[0]')).to.match(/email/);
    const audit = await sys.api('GET', `/v1/audit-log?entity=tenant&entityId=${tenantId}&action=tenant.updated&order=asc`);
    expect(audit.body.data.map((a: { data: { before: { billingEmails: string[] } } }) => a.data.before.billingEmails[0])).to.deep.equal(['ap@answers.example', 'new-ap@answers.example']);

    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId, name: 'finance' });
    const tf = sys.as(key.body.token);
    const own = await tf('PATCH', `/v1/tenants/${tenantId}`, { billingEmails: ['finance@answers.example'] });
    expect(own.status, own.text).to.equal(200);
    expect((await tf('PATCH', `/v1/tenants/${tenantId}`, { name: '改名' })).status).to.equal(403);
    expect((await tf('PATCH', `/v1/tenants/${other.body.id}`, { billingEmails: ['x@x.example'] })).status).to.equal(404);
    expect((await sys.api('GET', `/v1/tenants/${other.body.id}`)).body.billingEmails).to.deep.equal(['ap@other.example']);
    // Its list is its own tenant only.
    expect((await tf('GET', '/v1/tenants')).body.data.map((t: { id: string }) => t.id)).to.deep.equal([tenantId]);
    expect((await sys.api('GET', `/v1/tenants?q=${encodeURIComponent('集团')}`)).body.data.map((t: { id: string }) => t.id)).to.deep.equal([tenantId]);
  });
});
