/**
 * Exactly once end to end (issue 18): every POST of the gateway's route table says how a retry
 * with the same Idempotency-Key is kept from writing twice, and every `recorded` one really
 * records the key in the service's own transaction. For each, through the gateway: a first
 * request with a key; then the gateway's own record of the key is deleted — what the gateway
 * does after a 5xx or a timeout, when the service may still have committed — and the same
 * request again gets the first answer (status and body, `Idempotent-Replayed: true`) from the
 * service's record, with no table changed; the same key with another body gets 409.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { ROUTES, routeUrl, type RouteSpec } from '@seatlease/gateway/src/routing/route.table';
import { startSystem, type System } from '../src/system';

const SCHEMA_OF: Record<string, string> = { gateway: 'gateway', 'contract-service': 'contract', 'billing-service': 'billing', 'assessment-service': 'assessment' };

/** Row count and md5 of every table of the four schemas, but the bookkeeping ones. */
async function tableStates(url: string): Promise<Record<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = await c.query<{ s: string; t: string }>(
      `select table_schema s, table_name t from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema in ('contract', 'billing', 'gateway', 'assessment') order by 1, 2`,
    );
    const out: Record<string, string> = {};
    for (const { s, t } of tables.rows) {
      if (`${s}.${t}` === 'gateway.idempotency_keys') continue; // the gateway's fast-path store: deleted on purpose below
      // The mail sender marks queued mail sent in the background: count its rows, not their state.
      const what = t === 'mail_outbox' ? `''` : `md5(coalesce(string_agg(x::text, E'\\n' order by x::text), ''))`;
      const r = await c.query<{ n: string; h: string }>(`select count(*)::text n, ${what} h from "${s}"."${t}" x`);
      out[`${s}.${t}`] = `${r.rows[0]!.n} ${r.rows[0]!.h}`;
    }
    return out;
  } finally {
    await c.end();
  }
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

describe('exactly once: every creating POST records its Idempotency-Key in the write transaction', function () {
  this.timeout(120_000);
  let sys: System;
  let tenantId: string;
  let otherTenantId: string;

  /** A fresh signed contract, so that each route acts on a contract of its own. */
  async function newContract(): Promise<{ id: string; orderId: string; invoiceId: string }> {
    const c = await sys.api('POST', '/v1/contracts', { tenantId, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 3, openingDate: '2027-03-15' });
    expect(c.status, c.text).to.equal(201);
    const orders = await sys.api('GET', `/v1/contracts/${c.body.id}/seat-orders`);
    return { id: c.body.id, orderId: orders.body.data[0].id, invoiceId: c.body.openingInvoice.id };
  }

  /** A valid request for each recorded route: its path and body. */
  const requests: Record<string, () => Promise<{ path: string; body: Record<string, unknown> }>> = {
    'POST /v1/api-keys': async () => ({ path: '/v1/api-keys', body: { role: 'tenant_finance', tenantId, name: 'retried key' } }),
    'POST /v1/tenants': async () => ({ path: '/v1/tenants', body: { name: '重试租户', billingEmails: ['retry@exactly-once.example'] } }),
    'POST /v1/contracts': async () => ({
      path: '/v1/contracts',
      body: { tenantId, seatTier: 'county', startMonth: '2027-04', termMonths: 12, seats: 2, openingDate: '2027-04-15' },
    }),
    'POST /v1/contracts/:id/seat-orders': async () => ({
      path: `/v1/contracts/${(await newContract()).id}/seat-orders`,
      body: { kind: 'add', quantity: 1, effectiveDate: '2027-03-20', overrideReason: '加急' },
    }),
    'POST /v1/seat-orders/:id/open': async () => ({ path: `/v1/seat-orders/${(await newContract()).orderId}/open`, body: { openedOn: '2027-03-01' } }),
    'POST /v1/seat-orders/:id/excuse': async () => ({ path: `/v1/seat-orders/${(await newContract()).orderId}/excuse`, body: { reason: '资源不足' } }),
    'POST /v1/contracts/:id/outages': async () => ({
      path: `/v1/contracts/${(await newContract()).id}/outages`,
      body: { startedAt: '2027-03-01T08:00:00+08:00', endedAt: '2027-03-01T08:30:00+08:00', seatsAffected: 1, cause: 'provider' },
    }),
    'POST /v1/force-majeure': async () => ({
      path: '/v1/force-majeure',
      body: { startedAt: '2027-02-27T00:00:00+08:00', endedAt: '2027-02-28T00:00:00+08:00', noticeGivenOn: '2027-03-01', claimedBy: 'provider', contractIds: [(await newContract()).id], description: '台风' },
    }),
    'POST /v1/contracts/:id/terminations': async () => ({
      path: `/v1/contracts/${(await newContract()).id}/terminations`,
      body: { kind: 'mutual', noticeDate: '2027-03-01', effectiveDate: '2027-05-31', reason: '协商一致' },
    }),
    'POST /v1/contracts/:id/renewals': async () => ({ path: `/v1/contracts/${(await newContract()).id}/renewals`, body: { termMonths: 12 } }),
    'POST /v1/contracts/:id/transfers': async () => ({
      path: `/v1/contracts/${(await newContract()).id}/transfers`,
      body: { toTenantId: otherTenantId, consentGivenOn: '2027-03-01' },
    }),
    'POST /v1/contracts/:id/one-off-charges': async () => ({
      path: `/v1/contracts/${(await newContract()).id}/one-off-charges`,
      body: { amount: 10_000, description: '搬迁服务费', clause: '§5.1' },
    }),
    'POST /v1/incidents': async () => ({
      path: '/v1/incidents',
      body: { startedAt: '2027-03-01T08:00:00+08:00', cause: 'provider', severity: 'minor', description: '线路中断', scope: { contractIds: [(await newContract()).id] } },
    }),
    'POST /v1/incidents/:id/resolve': async () => {
      const incident = await sys.api('POST', '/v1/incidents', {
        startedAt: '2027-03-01T08:00:00+08:00', cause: 'provider', severity: 'minor', description: '线路中断', scope: { contractIds: [(await newContract()).id] },
      });
      expect(incident.status, incident.text).to.equal(201);
      return { path: `/v1/incidents/${incident.body.id}/resolve`, body: { endedAt: '2027-03-01T08:30:00+08:00' } };
    },
    'POST /v1/contracts/:id/seat-log': async () => ({
      path: `/v1/contracts/${(await newContract()).id}/seat-log`,
      body: { kind: 'handover', at: '2027-03-01T08:00:00+08:00', agentAccount: 'night-01', toAgentAccount: 'day-01', mode: 'written', notes: '无异常', unresolvedMatters: false },
    }),
    'POST /v1/seat-log/:id/incident': async () => {
      const failed = await sys.api('POST', `/v1/contracts/${(await newContract()).id}/seat-log`, { kind: 'open_failed', seat: 'S1', at: '2027-03-01T08:40:00+08:00', agentAccount: 'agent-01', reason: '无法登录' });
      expect(failed.status, failed.text).to.equal(201);
      return { path: `/v1/seat-log/${failed.body.id}/incident`, body: { severity: 'minor', cause: 'provider', description: '坐席无法开启' } };
    },
    'POST /v1/invoices/:id/credit-notes': async () => ({ path: `/v1/invoices/${(await newContract()).invoiceId}/credit-notes`, body: { amount: 100, reason: '折让' } }),
    'POST /v1/payments': async () => ({
      path: '/v1/payments',
      body: { tenantId, amount: 123_456, method: 'bank_transfer', reference: `RETRY-${randomUUID()}`, receivedOn: '2027-03-01', invoiceId: (await newContract()).invoiceId },
    }),
  };

  /** assessment-service: an agent of a fresh tenant (joined before the month the tests publish). */
  async function newAgent(): Promise<{ tenantId: string; agentId: string }> {
    const t = await sys.api('POST', '/v1/tenants', { name: '考核重试租户', billingEmails: ['hr@exactly-once.example'] });
    const a = await sys.api('POST', '/v1/agents', { tenantId: t.body.id, name: '重试坐席', roles: ['intake'], joinedOn: '2027-01-04', email: 'agent@exactly-once.example' });
    expect(a.status, a.text).to.equal(201);
    return { tenantId: t.body.id, agentId: a.body.id };
  }

  /** A published February (today is 1 March: inside the appeal window) and its one scorecard. */
  async function newScorecard(): Promise<string> {
    const { tenantId: t } = await newAgent();
    const p = await sys.api('POST', '/v1/assessment-publications', { tenantId: t, month: '2027-02' });
    expect(p.status, p.text).to.equal(201);
    return p.body.scorecards[0].id;
  }

  Object.assign(requests, {
    'POST /v1/assessment-catalogue/versions': async () => ({
      path: '/v1/assessment-catalogue/versions',
      body: { effectiveFrom: '2030-01', note: '重试目录', changes: [{ code: 'phone.no_courtesy', pointsTenths: -20 }] },
    }),
    'POST /v1/agents': async () => ({ path: '/v1/agents', body: { tenantId, name: '重试登记', roles: ['dispatcher'] } }),
    'POST /v1/assessment-events': async () => ({
      path: '/v1/assessment-events',
      body: { agentId: (await newAgent()).agentId, itemCode: 'phone.no_courtesy', occurredOn: '2027-03-01' },
    }),
    'POST /v1/assessment-events/:id/void': async () => {
      const e = await sys.api('POST', '/v1/assessment-events', { agentId: (await newAgent()).agentId, itemCode: 'phone.no_courtesy', occurredOn: '2027-03-01' });
      expect(e.status, e.text).to.equal(201);
      return { path: `/v1/assessment-events/${e.body.id}/void`, body: { reason: '记错' } };
    },
    'POST /v1/workdays': async () => ({ path: '/v1/workdays', body: { agentId: (await newAgent()).agentId, role: 'intake', workDate: '2027-03-01', handled: 12 } }),
    'POST /v1/workdays/:id/void': async () => {
      const w = await sys.api('POST', '/v1/workdays', { agentId: (await newAgent()).agentId, role: 'intake', workDate: '2027-03-01', handled: 12 });
      expect(w.status, w.text).to.equal(201);
      return { path: `/v1/workdays/${w.body.id}/void`, body: { reason: '记错' } };
    },
    'POST /v1/assessment-publications': async () => ({ path: '/v1/assessment-publications', body: { tenantId: (await newAgent()).tenantId, month: '2027-02' } }),
    'POST /v1/scorecards/:id/appeals': async () => ({ path: `/v1/scorecards/${await newScorecard()}/appeals`, body: { reason: '请复核' } }),
    'POST /v1/appeals/:id/decision': async () => {
      const appeal = await sys.api('POST', `/v1/scorecards/${await newScorecard()}/appeals`, { reason: '请复核' });
      expect(appeal.status, appeal.text).to.equal(201);
      return { path: `/v1/appeals/${appeal.body.id}/decision`, body: { outcome: 'refused', reason: '核实无误' } };
    },
    'POST /v1/year-end-evaluations': async () => ({ path: '/v1/year-end-evaluations', body: { agentId: (await newAgent()).agentId, year: 2026, scoreTenths: 900 } }),
  } satisfies typeof requests);

  before(async () => {
    sys = await startSystem('exactly_once');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    tenantId = (await sys.api('POST', '/v1/tenants', { name: '幂等测试租户', billingEmails: ['once@exactly-once.example'] })).body.id;
    otherTenantId = (await sys.api('POST', '/v1/tenants', { name: '受让租户', billingEmails: ['to@exactly-once.example'] })).body.id;
  });
  after(async () => sys?.close());

  const posts = ROUTES.filter((r) => r.method === 'POST');

  it('every POST route of the route table declares how a retry is kept from writing twice', () => {
    const undeclared = posts.filter((r) => r.idempotency === undefined).map((r) => r.path);
    expect(undeclared, 'POST routes without `idempotency` in gateway/src/routing/route.table.ts').to.deep.equal([]);
    for (const r of posts) {
      if (typeof r.idempotency === 'object' && 'natural' in r.idempotency) expect(r.idempotency.natural.length, r.path).to.be.greaterThan(20);
    }
    // Routes not adopted yet (only the gateway's store protects them): exactly these, to shrink.
    // A new POST cannot join this list without editing it here.
    const gatewayOnly = posts.filter((r) => typeof r.idempotency === 'object' && 'gatewayOnly' in r.idempotency).map((r) => r.path);
    expect(gatewayOnly).to.deep.equal([]);
    expect(ROUTES.filter((r) => r.method !== 'POST' && r.idempotency !== undefined).map((r) => r.path)).to.deep.equal([]);
  });

  it('every recorded route has a request here (a new route must join this test)', () => {
    const missing = posts.filter((r) => r.idempotency === 'recorded').map((r) => `POST ${r.path}`).filter((k) => !(k in requests));
    expect(missing).to.deep.equal([]);
  });

  for (const route of posts.filter((r: RouteSpec) => r.idempotency === 'recorded')) {
    const name = `POST ${route.path}`;
    it(`${name}: a retry after the gateway lost the key gets the first answer from the service's record; another body 409`, async () => {
      const { path, body } = await requests[name]!();
      expect(routeUrl(route, {}).split('/').length).to.equal(path.split('/').length);
      const key = `once-${randomUUID()}`;
      const first = await sys.api('POST', path, body, { 'idempotency-key': key });
      expect(first.status, first.text).to.be.within(200, 299);
      expect(first.headers.get('idempotent-replayed')).to.equal(null);
      const schema = SCHEMA_OF[route.service];
      const recorded = await sql<{ response_status: number }>(sys.db.url, `select response_status from ${schema}.idempotent_requests where idempotency_key = $1`, [key]);
      expect(recorded.map((r) => r.response_status), `${schema}.idempotent_requests`).to.deep.equal([first.status]);

      const before = await tableStates(sys.db.url);
      // What the gateway does after a 5xx or a timeout: it forgets the key.
      await sql(sys.db.url, 'delete from gateway.idempotency_keys where idempotency_key = $1', [key]);
      const again = await sys.api('POST', path, body, { 'idempotency-key': key });
      expect(again.status, again.text).to.equal(first.status);
      expect(again.headers.get('idempotent-replayed')).to.equal('true');
      // The API key's token is shown once: its replay carries token null.
      const expected = route.path === '/v1/api-keys' ? { ...first.body, token: null } : first.body;
      expect(again.body).to.deep.equal(expected);
      if (route.path !== '/v1/api-keys') expect(again.text).to.equal(first.text);
      expect(await tableStates(sys.db.url)).to.deep.equal(before);

      await sql(sys.db.url, 'delete from gateway.idempotency_keys where idempotency_key = $1', [key]);
      const other = await sys.api('POST', path, JSON.stringify(body, null, 1), { 'idempotency-key': key });
      expect(other.status, other.text).to.equal(409);
      expect(other.body.detail).to.match(/different body/);
      expect(await tableStates(sys.db.url)).to.deep.equal(before);
    });
  }
});
