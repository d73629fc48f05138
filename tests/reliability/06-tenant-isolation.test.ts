/**
 * Reliability 6 (OWASP API1, broken object level authorization): a sweep over EVERY route of the
 * gateway's route table with each of tenant A's tenant-role tokens (tenant_finance,
 * tenant_supervisor, agent), aimed at tenant B's objects (tenant, contract, seat order, invoice,
 * billing run, API key, incident, seat log entry, agent, assessment event, workday, scorecard,
 * appeal …, in the path, the query and the body).
 * Routes the role may call answer 404 for B's objects (existence not disclosed);
 * list routes filtered on B answer an empty list; routes it may not call answer 403. Nothing of B
 * appears in any answer, and no table of the contract, billing, assessment and gateway schemas changes
 * (contents compared, not only row counts; the idempotency records are bookkeeping).
 */
import { expect } from 'chai';
import { mayCall, ROUTES, routeUrl, type RouteSpec } from '@seatlease/gateway/src/routing/route.table';
import { startSystem, type System } from '../src/system';
import { expectUnchanged, tableStates } from './support';

const WEBHOOK_SECRET = 'whsec_isolation';

/** Every role confined to one tenant sweeps (issue 16 added the supervisor's and agent's reads and writes). */
const SWEEP_ROLES = ['tenant_finance', 'tenant_supervisor', 'agent'] as const;
type TenantRole = (typeof SWEEP_ROLES)[number];

interface Target {
  tenant: string;
  contract: string;
  seatOrder: string;
  invoice: string;
  creditNote: string;
  run: string;
  apiKey: string;
  incident: string;
  seatLogEntry: string;
  agent: string;
  assessmentEvent: string;
  workday: string;
  scorecard: string;
  appeal: string;
}

/** Which of B's objects a `:id` stands for, by the path segment before it. */
const ID_BY_COLLECTION: Record<string, keyof Target> = {
  tenants: 'tenant',
  contracts: 'contract',
  'seat-orders': 'seatOrder',
  invoices: 'invoice',
  'credit-notes': 'creditNote',
  'billing-runs': 'run',
  'api-keys': 'apiKey',
  incidents: 'incident',
  'seat-log': 'seatLogEntry',
  // Staff-only void and reverse routes (issue 23): the role check answers 403 before any lookup,
  // so any id of B's serves.
  outages: 'contract',
  'fapiao-requests': 'contract',
  'force-majeure': 'contract',
  'one-off-charges': 'contract',
  payments: 'invoice',
  calls: 'contract',
  agents: 'agent',
  'assessment-events': 'assessmentEvent',
  workdays: 'workday',
  scorecards: 'scorecard',
  appeals: 'appeal',
};

function pathFor(route: RouteSpec, b: Target): string {
  const params: Record<string, string> = { tier: 'province', year: '2027' };
  const m = /\/([a-z-]+)\/:id(\/|$)/.exec(route.path);
  if (route.path.includes(':id')) {
    const key = m ? ID_BY_COLLECTION[m[1]!] : undefined;
    if (!key) throw new Error(`the sweep does not know which object ${route.path} names: add it to ID_BY_COLLECTION`);
    params.id = b[key];
  }
  const url = routeUrl(route, params);
  const query: Record<string, string> = {
    'GET /v1/contracts': `?tenantId=${b.tenant}`,
    'GET /v1/invoices': `?tenantId=${b.tenant}&contractId=${b.contract}`,
    'GET /v1/payments': `?tenantId=${b.tenant}`,
    'GET /v1/tenants': `?q=${encodeURIComponent('乙方租户')}`,
    'GET /v1/credit-notes': `?tenantId=${b.tenant}`,
    'GET /v1/invoices/export': `?tenantId=${b.tenant}`,
    'GET /v1/payments/export': `?tenantId=${b.tenant}`,
    'GET /v1/force-majeure': `?contractId=${b.contract}`,
    'GET /v1/calls': `?contractId=${b.contract}`,
    'GET /v1/deposits': `?contractId=${b.contract}`,
    'GET /v1/contracts/:id/upcoming-invoice': '?period=2027-04',
    'GET /v1/reports/ar-aging': '?asOf=2027-03-10',
    'GET /v1/contracts/:id/traffic': '?period=2027-03',
    'GET /v1/agents': `?tenantId=${b.tenant}`,
    'GET /v1/agents/:id/scorecard-preview': '?month=2027-02',
    'GET /v1/scorecards/export': `?format=csv&month=2027-02&tenantId=${b.tenant}`,
    'GET /v1/assessment-events': `?tenantId=${b.tenant}&agentId=${b.agent}`,
    'GET /v1/workdays': `?tenantId=${b.tenant}&agentId=${b.agent}`,
    'GET /v1/scorecards': `?tenantId=${b.tenant}&agentId=${b.agent}&month=2027-02`,
    'GET /v1/appeals': `?tenantId=${b.tenant}&agentId=${b.agent}`,
  };
  return url + (query[`${route.method} ${route.path}`] ?? '');
}

/** A body aimed at B for every route that takes one; anything else gets `{}`. */
function bodyFor(route: RouteSpec, b: Target, a: { tenant: string }): unknown {
  const bodies: Record<string, unknown> = {
    'POST /v1/api-keys': { role: 'tenant_finance', tenantId: b.tenant, name: 'from A' },
    'POST /v1/tenants': { name: 'A 的新租户', billingEmails: ['a@isolation.example'] },
    'PATCH /v1/tenants/:id': { billingEmails: ['a@isolation.example'] },
    'POST /v1/contracts': { tenantId: b.tenant, seatTier: 'county', startMonth: '2027-04', termMonths: 12, seats: 1, openingDate: '2027-04-15' },
    'POST /v1/contracts/:id/seat-orders': { kind: 'add', quantity: 1, effectiveDate: '2027-03-25' },
    'POST /v1/seat-orders/:id/open': { openedOn: '2027-03-15' },
    'POST /v1/seat-orders/:id/excuse': { reason: 'resources unavailable' },
    'POST /v1/seat-orders/:id/void': { reason: 'from A' },
    'POST /v1/outages/:id/void': { reason: 'from A' },
    'POST /v1/force-majeure/:id/void': { reason: 'from A' },
    'POST /v1/one-off-charges/:id/void': { reason: 'from A' },
    'POST /v1/payments/:id/reverse': { reason: 'from A' },
    'POST /v1/calls/:id/void': { reason: 'from A' },
    'POST /v1/contracts/:id/outages': { startedAt: '2027-03-01T00:00:00+08:00', endedAt: '2027-03-01T01:00:00+08:00', seatsAffected: 1, cause: 'provider' },
    'POST /v1/force-majeure': { startedAt: '2027-03-01T00:00:00+08:00', endedAt: '2027-03-01T01:00:00+08:00', noticeGivenOn: '2027-03-01', claimedBy: 'tenant', contractIds: [b.contract], description: '台风' },
    'POST /v1/contracts/:id/terminations': { kind: 'mutual', noticeDate: '2027-03-01', effectiveDate: '2027-04-30' },
    'POST /v1/contracts/:id/renewals': { termMonths: 12 },
    'POST /v1/contracts/:id/transfers': { toTenantId: a.tenant, consentGivenOn: '2027-03-01' },
    'POST /v1/contracts/:id/one-off-charges': { amount: -100_000, description: 'credit to myself' },
    'POST /v1/calls': [{ id: 'iso-1', seat: 'S1', startedAt: '2027-03-16T10:00:00+08:00', durationSeconds: 60, callType: 'local', contractId: b.contract }],
    'POST /v1/billing-runs': { period: '2027-04' },
    'POST /v1/invoices/:id/credit-notes': { amount: 100, reason: 'from A' },
    'POST /v1/payments': { tenantId: b.tenant, amount: 100, method: 'bank_transfer', reference: 'ISO-1', receivedOn: '2027-03-01' },
    'POST /v1/payments/stripe-intents': { invoiceId: b.invoice, method: 'card' },
    'PUT /v1/price-list/:tier': { seatFee: 1, circuitFee: 1 },
    'PUT /v1/calendar/:year': { holidays: [], workdays: [] },
    'PUT /v1/clock': { now: '2027-03-02T09:00:00+08:00' },
    'PUT /v1/tenants/:id/invoicing-profile': { title: 'A 冒名', taxId: '91350100M000100Y43', fapiaoType: 'normal' },
    'POST /v1/fapiao-requests/:id/issued': { number: '27312000000000000001', issuedOn: '2027-03-01' },
    'POST /v1/incidents': { startedAt: '2027-03-01T08:00:00+08:00', cause: 'provider', severity: 'major', description: 'from A', scope: { contractIds: [b.contract] } },
    'PATCH /v1/incidents/:id': { severity: 'major' },
    'POST /v1/incidents/:id/resolve': { endedAt: '2027-03-01T08:30:00+08:00' },
    'POST /v1/contracts/:id/seat-log': { kind: 'open', seat: 'S1', at: '2027-03-01T08:00:00+08:00', agentAccount: 'from-a' },
    'POST /v1/seat-log/:id/incident': { severity: 'major' },
    'POST /v1/assessment-catalogue/versions': { effectiveFrom: '2027-06', note: 'from A', changes: [{ code: 'phone.no_courtesy', pointsTenths: -20 }] },
    'POST /v1/agents': { tenantId: b.tenant, name: 'A 塞进 B 的坐席', roles: ['intake'] },
    'POST /v1/assessment-events': { agentId: b.agent, itemCode: 'absence.one_day', occurredOn: '2027-02-26' },
    'POST /v1/assessment-events/:id/void': { reason: 'from A' },
    'POST /v1/workdays': { agentId: b.agent, role: 'intake', workDate: '2027-02-27', handled: 1 },
    'POST /v1/workdays/:id/void': { reason: 'from A' },
    'POST /v1/assessment-publications': { tenantId: b.tenant, month: '2027-02' },
    'POST /v1/scorecards/:id/appeals': { reason: 'from A' },
    'POST /v1/appeals/:id/decision': { outcome: 'refused', reason: 'from A' },
    'POST /v1/year-end-evaluations': { agentId: b.agent, year: 2026, scoreTenths: 1000 },
    'PUT /v1/tenants/:id/assessment-settings': { excellentFromTenths: 0, failBelowTenths: 0, yearEndWeightPercent: 0 },
  };
  return bodies[`${route.method} ${route.path}`] ?? {};
}

/** List routes: filtered on B, they answer an empty list to a role that may call them. */
const LISTS = ['GET /v1/contracts', 'GET /v1/invoices', 'GET /v1/payments', 'GET /v1/tenants', 'GET /v1/credit-notes', 'GET /v1/agents', 'GET /v1/assessment-events', 'GET /v1/workdays', 'GET /v1/scorecards', 'GET /v1/appeals'];

/** What A's token of a tenant role must get. */
function expectedFor(route: RouteSpec, role: TenantRole): { status: number; list?: boolean; why: string } {
  const key = `${route.method} ${route.path}`;
  if (route.access === 'public') {
    if (key === 'POST /v1/webhooks/stripe') return { status: 400, why: 'public; the Stripe signature is the check' };
    if (key === 'POST /v1/sessions') return { status: 400, why: 'public; the console sign-in needs an apiKey in the body (the session then acts as that key)' };
    return { status: 200, why: 'public probe or documentation, no tenant data' };
  }
  if (!mayCall(route, role)) return { status: 403, why: `${role} may not call it` };
  if (key === 'GET /v1/sessions/current' || key === 'DELETE /v1/sessions/current') return { status: 404, why: 'a bearer call carries no console session' };
  if (key === 'GET /v1/clock') return { status: 200, why: 'the test clock, no tenant data' };
  if (key === 'GET /v1/assessment-catalogue') return { status: 200, why: 'the item catalogue, no tenant data' };
  if (key === 'GET /v1/payments/stripe-config') return { status: 503, why: 'no tenant data: whether Stripe is on; this system has no publishable key, so not_configured' };
  if (['GET /v1/invoices/export', 'GET /v1/payments/export'].includes(key)) return { status: 200, why: 'an export filtered on B: a header row only' };
  if (LISTS.includes(key)) {
    return { status: 200, list: true, why: 'a list filtered on B: nothing the caller may see matches' };
  }
  return { status: 404, why: "another tenant's object is not disclosed" };
}

describe("reliability 6: tenant A's tokens (finance, supervisor, agent) against tenant B's ids, every route", function () {
  this.timeout(180_000);
  let sys: System;
  after(async () => sys?.close());

  it('→ 404 where the role may call, 403 where not, empty lists, nothing of B disclosed, nothing changed', async () => {
    sys = await startSystem('rel_isolation', { STRIPE_SECRET_KEY: 'sk_test_isolation', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const sign = async (name: string, email: string) => {
      const t = await sys.api('POST', '/v1/tenants', { name, billingEmails: [email] });
      const c = await sys.api('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 2, openingDate: '2027-03-15' });
      expect(c.status, c.text).to.equal(201);
      return { tenant: t.body.id as string, contract: c.body.id as string, invoice: c.body.openingInvoice.id as string, invoiceNumber: c.body.openingInvoice.number as string };
    };
    const a = await sign('甲方租户 Alpha', 'alpha@isolation.example');
    const b = await sign('乙方租户 Bravo', 'bravo@isolation.example');
    const orders = await sys.api('GET', `/v1/contracts/${b.contract}/seat-orders`);
    const pay = await sys.api('POST', '/v1/payments', { tenantId: b.tenant, amount: 50_000, method: 'bank_transfer', reference: 'BRAVO-1', receivedOn: '2027-03-01' });
    expect(pay.status, pay.text).to.equal(201);
    const cn = await sys.api('POST', `/v1/invoices/${b.invoice}/credit-notes`, { amount: 1_000, reason: '乙方折让' });
    expect(cn.status, cn.text).to.equal(201);
    const run = await sys.api('POST', '/v1/billing-runs', { period: '2027-04' });
    expect(run.status, run.text).to.equal(200);
    const bKey = await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId: b.tenant, name: 'bravo finance' });
    // B's seat operations: a major incident (its notices relayed before the sweep starts) and a seat log entry.
    const incident = await sys.api('POST', '/v1/incidents', { startedAt: '2027-03-01T08:00:00+08:00', cause: 'provider', severity: 'major', description: '乙方事故 Bravo outage', scope: { contractIds: [b.contract] } });
    expect(incident.status, incident.text).to.equal(201);
    const failedSeat = await sys.api('POST', `/v1/contracts/${b.contract}/seat-log`, { kind: 'open_failed', seat: 'B-S1', at: '2027-03-01T08:30:00+08:00', agentAccount: 'bravo-agent-7', reason: '乙方坐席故障' });
    expect(failedSeat.status, failedSeat.text).to.equal(201);
    for (let i = 0; ; i++) {
      const notices = (await sys.api('GET', `/v1/incidents/${incident.body.id}`)).body.notices as Array<{ status: string }>;
      if (notices.every((n) => n.status === 'relayed')) break;
      if (i > 200) throw new Error('the incident notices were not relayed');
      await new Promise((r) => setTimeout(r, 25));
    }
    await new Promise((r) => setTimeout(r, 500)); // the mailer writes the queued mails

    // B's people: an agent with a February of events and workload, published on 1 March, and an appeal.
    const bAgent = await sys.api('POST', '/v1/agents', { tenantId: b.tenant, name: '乙方坐席 Bravo-agent', roles: ['intake'], joinedOn: '2027-01-04' });
    expect(bAgent.status, bAgent.text).to.equal(201);
    const bEvent = await sys.api('POST', '/v1/assessment-events', { agentId: bAgent.body.id, itemCode: 'phone.no_courtesy', occurredOn: '2027-02-10', note: 'BRAVO-NOTE' });
    expect(bEvent.status, bEvent.text).to.equal(201);
    const bDay = await sys.api('POST', '/v1/workdays', { agentId: bAgent.body.id, role: 'intake', workDate: '2027-02-10', handled: 17 });
    expect(bDay.status, bDay.text).to.equal(201);
    const bPub = await sys.api('POST', '/v1/assessment-publications', { tenantId: b.tenant, month: '2027-02' });
    expect(bPub.status, bPub.text).to.equal(201);
    const bAppeal = await sys.api('POST', `/v1/scorecards/${bPub.body.scorecards[0].id}/appeals`, { reason: 'BRAVO-APPEAL' });
    expect(bAppeal.status, bAppeal.text).to.equal(201);
    // One agent of A, with a published February of its own (an agent key must name an existing agent of its tenant).
    const aAgent = await sys.api('POST', '/v1/agents', { tenantId: a.tenant, name: '甲方坐席', roles: ['dispatcher'], joinedOn: '2027-01-04' });
    expect(aAgent.status, aAgent.text).to.equal(201);
    const aPub = await sys.api('POST', '/v1/assessment-publications', { tenantId: a.tenant, month: '2027-02' });
    expect(aPub.status, aPub.text).to.equal(201);

    const target: Target = {
      tenant: b.tenant,
      contract: b.contract,
      seatOrder: orders.body.data[0].id,
      invoice: b.invoice,
      creditNote: cn.body.id,
      run: run.body.id,
      apiKey: bKey.body.id,
      incident: incident.body.id,
      seatLogEntry: failedSeat.body.id,
      agent: bAgent.body.id,
      assessmentEvent: bEvent.body.id,
      workday: bDay.body.id,
      scorecard: bPub.body.scorecards[0].id,
      appeal: bAppeal.body.id,
    };
    // Words that would disclose B if they appeared in an answer (ids sent by A are not among them).
    const bSecrets = ['乙方租户 Bravo', 'bravo@isolation.example', b.invoiceNumber, cn.body.number as string, pay.body.id as string, 'BRAVO-1', '乙方事故', 'bravo-agent-7', '乙方坐席 Bravo-agent', 'BRAVO-NOTE', 'BRAVO-APPEAL'];

    for (const role of SWEEP_ROLES) {
      const aKey = await sys.api('POST', '/v1/api-keys', { role, tenantId: a.tenant, name: `alpha ${role}`, ...(role === 'agent' ? { agentId: aAgent.body.id } : {}) });
      expect(aKey.status, aKey.text).to.equal(201);
      const asA = sys.as(aKey.body.token);

      // The sweep is not vacuous: A sees its own objects.
      if (role === 'tenant_finance') expect((await asA('GET', `/v1/invoices/${a.invoice}`)).status).to.equal(200);
      expect((await asA('GET', `/v1/tenants/${a.tenant}/incidents`)).status).to.equal(200);
      expect((await asA('GET', `/v1/contracts/${a.contract}/seat-log`)).status).to.equal(200);
      if (role === 'tenant_supervisor') expect((await asA('GET', `/v1/agents/${aAgent.body.id}`)).status).to.equal(200);
      if (role === 'agent') expect((await asA('GET', `/v1/scorecards/${aPub.body.scorecards[0].id}`)).status).to.equal(200);

      const before = await tableStates(sys.db.url);
      const failures: string[] = [];
      let swept = 0;
      for (const route of ROUTES) {
        const path = pathFor(route, target);
        const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method) ? bodyFor(route, target, a) : undefined;
        const headers: Record<string, string> = route.method === 'POST' ? { 'idempotency-key': `sweep-${role}-${swept}` } : {};
        const res = await asA(route.method, path, body, headers);
        swept++;
        const want = expectedFor(route, role);
        const label = `${role} ${route.method} ${path} (${want.why})`;
        if (res.status !== want.status) failures.push(`${label}: ${res.status} instead of ${want.status}: ${res.text.slice(0, 200)}`);
        if (res.status >= 400 && !(res.headers.get('content-type') ?? '').includes('application/problem+json')) failures.push(`${label}: not problem+json`);
        if (want.list && res.status === 200 && JSON.stringify(res.body.data) !== '[]') failures.push(`${label}: list not empty: ${res.text.slice(0, 200)}`);
        // The public documentation is static (its examples may look like B's numbers).
        const leaked = route.access === 'public' ? [] : bSecrets.filter((s) => res.text.includes(s));
        if (leaked.length) failures.push(`${label}: discloses ${leaked.join(', ')}`);
      }
      expect(failures, failures.join('\n')).to.deep.equal([]);
      expect(swept).to.equal(ROUTES.length);
      expectUnchanged(before, await tableStates(sys.db.url), `after the ${role} sweep`);
    }
  });
});
