import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ADMIN_TOKEN, call, expectProblem, startHarness, type Harness } from './support/harness';

describe('gateway: authentication, roles and API keys', () => {
  let h: Harness;
  let base: string;
  const knownTenant = randomUUID();

  before(async () => {
    h = await startHarness('auth');
    base = h.gateway.url;
    h.contract.tenants.add(knownTenant);
  });
  after(async () => h?.stop());

  async function createKey(body: Record<string, unknown>): Promise<{ id: string; token: string }> {
    const res = await call(base, 'POST', '/v1/api-keys', { body });
    expect(res.status, res.text).to.equal(201);
    return res.json;
  }

  it('answers 401 problem+json with WWW-Authenticate when no token is sent', async () => {
    const res = await call(base, 'GET', '/v1/contracts', { token: null });
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).to.match(/^Bearer realm="seatlease"$/);
    expect(h.contract.calls('GET', '/v1/contracts')).to.have.length(0);
  });

  it('answers 401 for an unknown token and for another scheme', async () => {
    const unknown = await call(base, 'GET', '/v1/contracts', { token: 'sl_not-a-real-token' });
    expectProblem(unknown, 401);
    expect(unknown.headers.get('www-authenticate')).to.contain('error="invalid_token"');
    const basic = await call(base, 'GET', '/v1/contracts', { token: null, headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    expectProblem(basic, 401);
  });

  it('answers 403 when the role may not call the route', async () => {
    const finance = await createKey({ role: 'tenant_finance', tenantId: knownTenant, name: 'finance' });
    const scheduler = await createKey({ role: 'scheduler', name: 'cron' });
    expectProblem(await call(base, 'POST', '/v1/tenants', { token: finance.token, body: { name: 'x', billingEmails: ['a@b.cn'] } }), 403);
    expectProblem(await call(base, 'GET', '/v1/invoices', { token: scheduler.token }), 403);
    expectProblem(await call(base, 'POST', '/v1/api-keys', { token: finance.token, body: { role: 'staff', name: 'escalate' } }), 403);
    expectProblem(await call(base, 'GET', '/v1/contracts/abc/audit-log', { token: finance.token }), 403);
    // …and lets allowed roles through
    expect((await call(base, 'GET', '/v1/invoices', { token: finance.token })).status).to.equal(200);
    expect((await call(base, 'POST', '/v1/billing-runs', { token: scheduler.token, body: { period: '2027-03' } })).status).to.equal(201);
    expect((await call(base, 'GET', '/v1/clock', { token: finance.token })).status).to.equal(200);
  });

  it('answers 404 problem+json for an unknown route, with or without a token, and 405 with Allow for a known path', async () => {
    expectProblem(await call(base, 'GET', '/v1/nothing-here'), 404);
    expectProblem(await call(base, 'GET', '/v1/nothing-here', { token: null }), 404);
    const wrongMethod = await call(base, 'DELETE', '/v1/contracts');
    expectProblem(wrongMethod, 405);
    expect(wrongMethod.headers.get('allow')).to.equal('GET, POST, HEAD');
  });

  it('creates a tenant_finance key for an existing tenant; the token works and is never listed', async () => {
    const res = await call(base, 'POST', '/v1/api-keys', { body: { role: 'tenant_finance', tenantId: knownTenant, name: '财务 张三' } });
    expect(res.status, res.text).to.equal(201);
    expect(res.json).to.include({ role: 'tenant_finance', tenantId: knownTenant, name: '财务 张三' });
    expect(res.json.id).to.match(/^[0-9a-f-]{36}$/);
    expect(res.json.token).to.match(/^sl_[A-Za-z0-9_-]{43}$/);
    // the gateway asked contract-service as a system actor, with the internal credential
    const asked = h.contract.calls('GET', `/v1/tenants/${knownTenant}`).at(-1)!;
    expect(asked.headers['x-seatlease-internal']).to.equal('test-internal-token-0123456789');
    expect(JSON.parse(String(asked.headers['x-seatlease-actor']))).to.include({ role: 'staff' });

    const own = await call(base, 'GET', `/v1/contracts/${randomUUID()}`, { token: res.json.token });
    expect(own.status).to.equal(200);
    expect(own.json.actor).to.deep.equal({ keyId: res.json.id, role: 'tenant_finance', tenantId: knownTenant, name: '财务 张三' });

    const listed = await call(base, 'GET', '/v1/api-keys');
    expect(listed.status).to.equal(200);
    const item = listed.json.data.find((k: { id: string }) => k.id === res.json.id);
    expect(item).to.include({ role: 'tenant_finance', tenantId: knownTenant, revokedAt: null });
    expect(listed.text).not.to.contain(res.json.token);
    expect(item).not.to.have.property('token');
    expect(item).not.to.have.property('tokenHash');
  });

  it('refuses a tenant_finance key for an unknown tenant with 404 naming tenantId', async () => {
    const res = await call(base, 'POST', '/v1/api-keys', { body: { role: 'tenant_finance', tenantId: randomUUID(), name: 'ghost' } });
    expectProblem(res, 404);
    expect(res.json.errors).to.deep.include({ path: 'tenantId', message: res.json.errors[0].message });
    expect(res.json.errors[0].path).to.equal('tenantId');
  });

  it('creates tenant_supervisor and agent keys confined to one tenant; an agent key names its agent', async () => {
    const agentId = randomUUID();
    h.assessment.agents.set(agentId, knownTenant);
    const supervisor = await createKey({ role: 'tenant_supervisor', tenantId: knownTenant, name: '值班长 李四' });
    const agent = await createKey({ role: 'agent', tenantId: knownTenant, agentId, name: '受理员 王五' });
    const listed = await call(base, 'GET', '/v1/api-keys');
    const agentRow = listed.json.data.find((k: { id: string }) => k.id === agent.id);
    expect(agentRow).to.include({ role: 'agent', tenantId: knownTenant, agentId });
    // Neither may call staff routes, nor the finance routes of their own tenant.
    expectProblem(await call(base, 'GET', '/v1/invoices', { token: supervisor.token }), 403);
    expectProblem(await call(base, 'GET', '/v1/invoices', { token: agent.token }), 403);
    expectProblem(await call(base, 'POST', '/v1/tenants', { token: supervisor.token, body: { name: 'x', billingEmails: ['a@b.cn'] } }), 403);
    expectProblem(await call(base, 'POST', '/v1/api-keys', { token: agent.token, body: { role: 'staff', name: 'escalate' } }), 403);
  });

  it('refuses an agent key for an agent assessment-service does not know, or of another tenant (422 naming agentId)', async () => {
    const ghost = await call(base, 'POST', '/v1/api-keys', { body: { role: 'agent', tenantId: knownTenant, agentId: randomUUID(), name: 'ghost' } });
    expectProblem(ghost, 422);
    expect(ghost.json.errors[0]).to.include({ path: 'agentId' });
    expect(ghost.json.errors[0].message).to.match(/does not exist/);
    const otherTenant = randomUUID();
    h.contract.tenants.add(otherTenant);
    const elsewhere = randomUUID();
    h.assessment.agents.set(elsewhere, otherTenant);
    const crossed = await call(base, 'POST', '/v1/api-keys', { body: { role: 'agent', tenantId: knownTenant, agentId: elsewhere, name: 'crossed' } });
    expectProblem(crossed, 422);
    expect(crossed.json.errors[0].message).to.match(/does not work for tenant/);
    expect(h.assessment.calls('GET', `/internal/agents/${elsewhere}`)).to.have.length(1);
  });

  it('refuses tenant-role keys without a tenant, agent keys without an agent, and agentId on other roles', async () => {
    const noTenant = await call(base, 'POST', '/v1/api-keys', { body: { role: 'tenant_supervisor', name: 'x' } });
    expectProblem(noTenant, 422);
    expect(noTenant.json.errors[0].path).to.equal('tenantId');
    const noAgent = await call(base, 'POST', '/v1/api-keys', { body: { role: 'agent', tenantId: knownTenant, name: 'x' } });
    expectProblem(noAgent, 422);
    expect(noAgent.json.errors[0].path).to.equal('agentId');
    const stray = await call(base, 'POST', '/v1/api-keys', { body: { role: 'tenant_finance', tenantId: knownTenant, agentId: randomUUID(), name: 'x' } });
    expectProblem(stray, 422);
    expect(stray.json.errors[0].path).to.equal('agentId');
  });

  it('validates the other API key rules (400 for bad fields, 422 for tenantId rules)', async () => {
    const missing = await call(base, 'POST', '/v1/api-keys', { body: { role: 'tenant_finance', name: 'no tenant' } });
    expectProblem(missing, 422);
    expect(missing.json.errors[0].path).to.equal('tenantId');
    const staffWithTenant = await call(base, 'POST', '/v1/api-keys', { body: { role: 'staff', tenantId: knownTenant, name: 'x' } });
    expectProblem(staffWithTenant, 422);
    expect(staffWithTenant.json.errors[0].path).to.equal('tenantId');
    const badRole = await call(base, 'POST', '/v1/api-keys', { body: { role: 'root', name: 'x' } });
    expectProblem(badRole, 400);
    expect(badRole.json.errors[0].path).to.equal('role');
    const noName = await call(base, 'POST', '/v1/api-keys', { body: { role: 'scheduler' } });
    expectProblem(noName, 400);
    expect(noName.json.errors[0].path).to.equal('name');
  });

  it('answers 401 for a revoked key, at once', async () => {
    const key = await createKey({ role: 'staff', name: 'temp staff' });
    expect((await call(base, 'GET', '/v1/price-list', { token: key.token })).status).to.equal(200);
    const revoked = await call(base, 'DELETE', `/v1/api-keys/${key.id}`);
    expect(revoked.status, revoked.text).to.equal(200);
    expect(revoked.json.revokedAt).to.be.a('string');
    const after = await call(base, 'GET', '/v1/price-list', { token: key.token });
    expectProblem(after, 401);
    // revoking twice is harmless; an unknown id is 404
    expect((await call(base, 'DELETE', `/v1/api-keys/${key.id}`)).status).to.equal(200);
    expectProblem(await call(base, 'DELETE', `/v1/api-keys/${randomUUID()}`), 404);
    expectProblem(await call(base, 'DELETE', '/v1/api-keys/not-a-uuid'), 404);
  });

  it('never revokes the last active staff key', async () => {
    const listed = await call(base, 'GET', '/v1/api-keys');
    const staff = listed.json.data.filter((k: { role: string; revokedAt: string | null }) => k.role === 'staff' && k.revokedAt === null);
    expect(staff).to.have.length(1);
    expectProblem(await call(base, 'DELETE', `/v1/api-keys/${staff[0].id}`), 409);
    expect((await call(base, 'GET', '/v1/api-keys')).status).to.equal(200);
  });

  it('generates a bootstrap staff key only when none exists and SEATLEASE_ADMIN_TOKEN is unset', async () => {
    expect(h.gateway.adminToken).to.equal(null); // SEATLEASE_ADMIN_TOKEN was set
    const fresh = await startHarness('auth_bootstrap', { SEATLEASE_ADMIN_TOKEN: '', SEATLEASE_TEST_CLOCK: '0' });
    try {
      const token = fresh.gateway.adminToken;
      expect(token).to.match(/^sl_/);
      expect((await call(fresh.gateway.url, 'GET', '/v1/api-keys', { token })).status).to.equal(200);
      expectProblem(await call(fresh.gateway.url, 'GET', '/v1/api-keys', { token: ADMIN_TOKEN }), 401);
      const again = await fresh.startAnother();
      expect(again.adminToken).to.equal(null);
      // without SEATLEASE_TEST_CLOCK the clock does not exist
      expectProblem(await call(fresh.gateway.url, 'GET', '/v1/clock', { token }), 404);
      expectProblem(await call(fresh.gateway.url, 'PUT', '/v1/clock', { token, body: { now: '2030-01-01T00:00:00+08:00' } }), 404);
    } finally {
      await fresh.stop();
    }
  });
});
