/**
 * Decision 0072: every GET route of the gateway's route table is a list — answered through the
 * shared list helper (shared/src/list-page.ts) — unless this file names it as something else and
 * why. The test walks the table: a GET route added without either fails here, so a new list
 * cannot quietly page its own way (or not at all), and a route named here that is gone fails too.
 *
 * For each list it checks what only the helper gives together: the answer is exactly
 * `{data, hasMore, nextCursor}`, `limit=1` gives at most one row, and an unknown parameter, a
 * `limit` out of range and a cursor the list did not give are each a 400 naming the parameter;
 * and the OpenAPI entry documents `limit`, `cursor` and `order`.
 */
import { expect } from 'chai';
import { ROUTES, type RouteSpec } from '@seatlease/gateway/src/routing/route.table';
import { startSystem, type System } from '../src/system';

/** GET routes that are not lists, by kind. A route whose path ends in a parameter (`/:id`) reads one record and is not listed here. */
const NOT_LISTS: Record<string, string> = {
  'GET /healthz': 'operations: a probe',
  'GET /readyz': 'operations: a probe',
  'GET /metrics': 'operations: Prometheus text',
  'GET /docs': 'documentation page',
  'GET /docs/openapi.json': 'documentation: the OpenAPI document',
  'GET /docs/clauses': 'documentation: the clause reference',
  'GET /docs/problems': 'documentation: the fixed set of problem types',
  'GET /v1/sessions/current': 'one record: the caller’s console session',
  'GET /v1/clock': 'one value: the test clock',
  'GET /v1/price-list': 'a fixed set: one price per seat tier, never more rows than tiers',
  'GET /v1/contracts/:id/upcoming-invoice': 'one document: a bill preview',
  'GET /v1/contracts/:id/traffic': 'a report of one month (JSON, CSV or PDF)',
  'GET /v1/tenants/:id/statement': 'a report: a statement of account between two dates, with opening and closing balances (its export streams it)',
  'GET /v1/reports/ar-aging': 'a report: one row per tenant with an open balance, and the totals (its export streams it)',
  'GET /v1/deposits': 'one document: a contract’s deposit ledger (held amount and its few movements)',
  'GET /v1/payments/stripe-config': 'one document: whether card payments are on here, and Stripe’s publishable key',
  'GET /v1/assessment-catalogue': 'one document: the item catalogue in force for a month',
  'GET /v1/agents/:id/scorecard-preview': 'one document: a month’s scorecard as it stands',
  'GET /v1/tenants/:id/assessment-settings': 'one record: a tenant’s assessment settings',
};

/** Files: bills, scorecards and exports (exports take their list's filters; tests/test/exports.test.ts). */
const isFile = (path: string) => /\/(pdf|export)$/.test(path);
/** One record: the path ends in a parameter. */
const isOneRecord = (path: string) => /\/:[A-Za-z]+$/.test(path);

/** Query parameters a list cannot be asked without (the contract whose calls to list). */
const REQUIRED_QUERY: Record<string, (ids: Ids) => string> = {
  'GET /v1/calls': (ids) => `contractId=${ids.contract}`,
};

interface Ids {
  tenant: string;
  contract: string;
}

const key = (r: RouteSpec) => `${r.method} ${r.path}`;

function concretePath(r: RouteSpec, ids: Ids): string {
  return r.path.replace(/^\/v1\/(tenants|contracts)\/:id\//, (_m, what: string) => `/v1/${what}/${what === 'tenants' ? ids.tenant : ids.contract}/`);
}

describe('every list route of the route table goes through the list helper (decision 0072)', function () {
  this.timeout(120_000);
  let sys: System;
  let ids: Ids;
  const gets = ROUTES.filter((r) => r.method === 'GET');
  const lists = gets.filter((r) => !NOT_LISTS[key(r)] && !isFile(r.path) && !isOneRecord(r.path));

  before(async () => {
    sys = await startSystem('list-routes');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const t = await sys.api('POST', '/v1/tenants', { name: '列表路由测试', billingEmails: ['ap@routes.example'] });
    const c = await sys.api('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 2, openingDate: '2027-03-15' });
    expect(c.status, c.text).to.equal(201);
    ids = { tenant: t.body.id, contract: c.body.id };
  });
  after(async () => sys.close());

  it('names only routes that exist, and finds the lists', () => {
    const paths = new Set(ROUTES.map(key));
    for (const name of Object.keys(NOT_LISTS)) expect(paths.has(name), `${name} is no longer a route: take it off NOT_LISTS`).to.equal(true);
    for (const name of Object.keys(REQUIRED_QUERY)) expect(lists.map(key), name).to.include(name);
    // The lists issue 24 names, and those added since (incidents, seat log, fapiao, assessment).
    expect(lists.map(key)).to.include.members([
      'GET /v1/tenants',
      'GET /v1/contracts',
      'GET /v1/contracts/:id/seat-orders',
      'GET /v1/contracts/:id/outages',
      'GET /v1/force-majeure',
      'GET /v1/invoices',
      'GET /v1/credit-notes',
      'GET /v1/payments',
      'GET /v1/calls',
      'GET /v1/billing-runs',
      'GET /v1/audit-log',
      'GET /v1/contracts/:id/audit-log',
      'GET /v1/api-keys',
      'GET /v1/incidents',
      'GET /v1/tenants/:id/incidents',
      'GET /v1/contracts/:id/seat-log',
      'GET /v1/fapiao-requests',
    ]);
  });

  it('each list answers {data, hasMore, nextCursor}, honours limit=1 and refuses an unknown parameter, a bad limit and a foreign cursor by name', async () => {
    const failures: string[] = [];
    for (const r of lists) {
      const base = concretePath(r, ids);
      const required = REQUIRED_QUERY[key(r)]?.(ids);
      const url = (extra: string) => `${base}?${[required, extra].filter(Boolean).join('&')}`;
      const page = await sys.api('GET', url('limit=1'));
      if (page.status !== 200) {
        failures.push(`${key(r)} limit=1 → ${page.status} ${page.text.slice(0, 200)}`);
        continue;
      }
      const keys = page.body && typeof page.body === 'object' ? Object.keys(page.body).sort() : [];
      if (JSON.stringify(keys) !== JSON.stringify(['data', 'hasMore', 'nextCursor']) || !Array.isArray(page.body.data) || page.body.data.length > 1) {
        failures.push(`${key(r)} limit=1 → ${page.text.slice(0, 200)}`);
      }
      for (const [extra, field] of [
        ['zzUnknown=1', 'zzUnknown'],
        ['limit=0', 'limit'],
        ['limit=501', 'limit'],
        ['cursor=WyJub3QiLCJvdXJzIl0', 'cursor'],
      ] as const) {
        const res = await sys.api('GET', url(extra));
        const named = (res.body?.errors ?? []).map((e: { path: string }) => e.path);
        if (res.status !== 400 || !named.includes(field)) failures.push(`${key(r)} ${extra} → ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
  });

  it('each list is documented as one: limit, cursor and order in its OpenAPI entry', async () => {
    const doc = (await sys.api('GET', '/docs/openapi.json')).body as { paths: Record<string, { get?: { parameters?: Array<{ name: string; in: string }> } }> };
    const missing: string[] = [];
    for (const r of lists) {
      const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const names = (doc.paths[path]?.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      for (const p of ['limit', 'cursor', 'order']) if (!names.includes(p)) missing.push(`${key(r)}: ${p}`);
    }
    expect(missing, missing.join('\n')).to.deep.equal([]);
  });
});
