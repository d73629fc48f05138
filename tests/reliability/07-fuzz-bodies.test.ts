/**
 * Reliability 7: fuzzed bodies (fast-check) on every POST, PUT and PATCH route of the route table, sent
 * as staff with valid ids in the path: arbitrary JSON values, objects with random keys, a valid
 * body with one real field of the wrong type, a real field as a huge string or an absurd number,
 * deep nesting, unicode keys, and raw text that is not JSON at all. Every answer is a 4xx
 * problem+json — never a 5xx — and no table changes (contents compared, not only row counts).
 *
 * One documented exception: POST /v1/calls reports bad rows instead of refusing the whole
 * upload (200 with `accepted: 0` and every row in `rejected`), and still writes nothing.
 *
 * Runs per route: 15 (RELIABILITY_SOAK=1: 200). RELIABILITY_FC_SEED replays a failure.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { ROUTES, routeUrl, type RouteSpec } from '@seatlease/gateway/src/routing/route.table';
import { startSystem, type System } from '../src/system';
import { expectUnchanged, soak, tableStates } from './support';

const RUNS = soak(15, 200);
const FC_SEED = process.env.RELIABILITY_FC_SEED ? Number(process.env.RELIABILITY_FC_SEED) : undefined;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A value of any JSON type other than `v`'s (and never null where null could mean "absent"). */
function wrongTypeFor(v: Json): fc.Arbitrary<Json> {
  const str = fc.string({ maxLength: 20 });
  const num = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  const arr = fc.array(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { maxLength: 3 });
  const obj = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { maxKeys: 3 });
  const bool = fc.boolean();
  if (typeof v === 'string') return fc.oneof(num, bool, arr, obj);
  if (typeof v === 'number') return fc.oneof(str, str.map(() => String(v)), bool, arr, obj);
  if (typeof v === 'boolean') return fc.oneof(str, num, arr, obj);
  if (Array.isArray(v)) return fc.oneof(str, num, bool, obj, fc.array(fc.oneof(num, bool, obj), { minLength: 1, maxLength: 3 }));
  return fc.oneof(str, num, bool, arr);
}

/** Strings past any field's limit (the longest is 2,000 characters); the body stays under 1 MB. */
const hugeString = fc
  .tuple(fc.constantFrom(20_000, 150_000, 300_000), fc.constantFrom('x', '坐', '😀', '\u202e', 'a\u0301'))
  .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)));

/** Integers and non-integers no fen amount, count or rate may take. */
const absurdNumber = fc.constantFrom(0.5, 1e-7, 1e21, -1e21, 2 ** 53 + 2, 1e308, -1e308, 12345.678);

const hostileUnicode = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
  fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e\u0041', '\ufeff', '𠜎𠜱𠝹', 'Ω≈ç√', '\u0000\u0000'),
);

function bodies(template: Json): fc.Arbitrary<{ kind: string; raw: string }> {
  const fields = template !== null && typeof template === 'object' && !Array.isArray(template) ? Object.keys(template) : [];
  const asObject = template as Record<string, Json>;
  const json = (kind: string) => (v: unknown) => ({ kind, raw: JSON.stringify(v) });
  const arbs: Array<fc.Arbitrary<{ kind: string; raw: string }>> = [
    fc.jsonValue({ maxDepth: 4 }).map(json('any JSON value')),
    fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 6 }).map(json('random keys')),
    fc.string({ unit: 'binary', maxLength: 60 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }).map((raw) => ({ kind: 'not JSON', raw })),
    fc
      .tuple(fc.integer({ min: 1_000, max: 50_000 }), fc.constantFrom('[', '{"a":'))
      .map(([depth, open]) => {
        const close = open === '[' ? ']' : '}';
        const field = fields[0] ?? 'x';
        return { kind: `nested ${depth} deep`, raw: `{"${field}":${open.repeat(depth)}1${close.repeat(depth)}}` };
      }),
  ];
  if (fields.length > 0) {
    arbs.push(
      fc.constantFrom(...fields).chain((f) => wrongTypeFor(asObject[f]!).map((v) => ({ kind: `wrong type for ${f}`, raw: JSON.stringify({ ...asObject, [f]: v }) }))),
      fc.constantFrom(...fields).chain((f) => hugeString.map((v) => ({ kind: `huge string for ${f}`, raw: JSON.stringify({ ...asObject, [f]: v }) }))),
      fc.tuple(hostileUnicode, fc.jsonValue({ maxDepth: 1 })).map(([k, v]) => ({ kind: 'unknown unicode key', raw: JSON.stringify({ ...asObject, [`${k}\u0000`]: v }) })),
    );
    const numeric = fields.filter((f) => typeof asObject[f] === 'number');
    if (numeric.length) arbs.push(fc.constantFrom(...numeric).chain((f) => absurdNumber.map((v) => ({ kind: `absurd number for ${f}`, raw: JSON.stringify({ ...asObject, [f]: v }) }))));
    const strings = fields.filter((f) => typeof asObject[f] === 'string');
    // A string field's value with a NUL or a lone surrogate in the middle (ids, dates, enums refuse it).
    const structured = strings.filter((f) => /Id$|On$|Date$|At$|^(period|kind|cause|method|role|seatTier|claimedBy|startMonth|effectiveMonth|now)$/.test(f));
    if (structured.length) {
      arbs.push(
        fc.tuple(fc.constantFrom(...structured), fc.constantFrom('\u0000', '\ud800', ' ', '\n', '\u202e')).map(([f, c]) => {
          const s = String(asObject[f]);
          return { kind: `control character in ${f}`, raw: JSON.stringify({ ...asObject, [f]: `${s.slice(0, 4)}${c}${s.slice(4)}` }) };
        }),
      );
    }
  }
  return fc.oneof(...arbs);
}

describe('reliability 7: fuzzed bodies on every POST, PUT and PATCH route', function () {
  this.timeout(soak(150_000, 1_800_000));
  let sys: System;
  let templates: Record<string, Json>;
  /** The object a `:id` names, by the path segment before it. */
  let idFor: Record<string, string>;
  const pathOf = (route: RouteSpec) => {
    const collection = /\/([a-z-]+)\/:id/.exec(route.path)?.[1];
    return routeUrl(route, { tier: 'province', year: '2027', ...(collection ? { id: idFor[collection]! } : {}) });
  };

  before(async () => {
    sys = await startSystem('rel_fuzz', { STRIPE_SECRET_KEY: 'sk_test_fuzz', STRIPE_WEBHOOK_SECRET: 'whsec_fuzz' });
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const t = await sys.api('POST', '/v1/tenants', { name: '模糊测试租户', billingEmails: ['fuzz@reliability.example'] });
    const t2 = await sys.api('POST', '/v1/tenants', { name: '受让租户', billingEmails: ['to@reliability.example'] });
    const c = await sys.api('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 3, openingDate: '2027-03-15' });
    expect(c.status, c.text).to.equal(201);
    const orders = await sys.api('GET', `/v1/contracts/${c.body.id}/seat-orders`);
    const tenantId = t.body.id as string;
    const contractId = c.body.id as string;
    const invoiceId = c.body.openingInvoice.id as string;
    // Seat operations (issue 16): a resolved incident and a failed seat already raised, so that a
    // valid body to their routes is a 409 and only the parser is exercised.
    const incident = await sys.api('POST', '/v1/incidents', { startedAt: '2027-03-01T08:00:00+08:00', cause: 'provider', severity: 'minor', description: '线路中断', scope: { contractIds: [contractId] } });
    expect(incident.status, incident.text).to.equal(201);
    expect((await sys.api('POST', `/v1/incidents/${incident.body.id}/resolve`, { endedAt: '2027-03-01T08:30:00+08:00' })).status).to.equal(200);
    const failedSeat = await sys.api('POST', `/v1/contracts/${contractId}/seat-log`, { kind: 'open_failed', seat: 'S1', at: '2027-03-01T08:40:00+08:00', agentAccount: 'agent-01', reason: '无法登录' });
    expect(failedSeat.status, failedSeat.text).to.equal(201);
    expect((await sys.api('POST', `/v1/seat-log/${failedSeat.body.id}/incident`, {})).status).to.equal(201);
    // The void and reverse routes (issue 23) name records that do not exist: a valid body is a 404, nothing written.
    const none = '00000000-0000-4000-8000-00000000f022';
    // An agent with a published February and a pending appeal, for the assessment routes.
    const agent = await sys.api('POST', '/v1/agents', { tenantId, name: '模糊测试坐席', roles: ['intake'], joinedOn: '2027-01-04' });
    const event = await sys.api('POST', '/v1/assessment-events', { agentId: agent.body.id, itemCode: 'phone.no_courtesy', occurredOn: '2027-02-10' });
    const workday = await sys.api('POST', '/v1/workdays', { agentId: agent.body.id, role: 'intake', workDate: '2027-02-10', handled: 12 });
    const publication = await sys.api('POST', '/v1/assessment-publications', { tenantId, month: '2027-02' });
    expect(publication.status, publication.text).to.equal(201);
    const appeal = await sys.api('POST', `/v1/scorecards/${publication.body.scorecards[0].id}/appeals`, { reason: '申诉' });
    expect(appeal.status, appeal.text).to.equal(201);
    const agentId = agent.body.id as string;
    // A paid bill of another tenant, for its fapiao request (issue 14).
    const t3 = await sys.api('POST', '/v1/tenants', { name: '已付租户', billingEmails: ['paid@reliability.example'] });
    const c3 = await sys.api('POST', '/v1/contracts', { tenantId: t3.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 1, openingDate: '2027-03-15' });
    const paid = await sys.api('POST', '/v1/payments', { tenantId: t3.body.id, amount: c3.body.openingInvoice.total, method: 'bank_transfer', reference: 'FUZZ-PAID', receivedOn: '2027-03-01' });
    expect(paid.status, paid.text).to.equal(201);
    const fapiaoRequestId = (await sys.api('GET', `/v1/fapiao-requests?tenantId=${t3.body.id}`)).body.data[0].id as string;
    idFor = {
      'fapiao-requests': fapiaoRequestId,
      contracts: contractId,
      'seat-orders': orders.body.data[0].id,
      invoices: invoiceId,
      incidents: incident.body.id,
      'seat-log': failedSeat.body.id,
      outages: none,
      'force-majeure': none,
      'one-off-charges': none,
      payments: none,
      calls: 'no-such-call',
      tenants: tenantId,
      'assessment-events': event.body.id,
      workdays: workday.body.id,
      scorecards: publication.body.scorecards[0].id,
      appeals: appeal.body.id,
    };
    templates = {
      'POST /v1/api-keys': { role: 'tenant_finance', tenantId, name: 'fuzz key' },
      // An unknown key: no mutation of it can become a real one, so nothing is ever written.
      'POST /v1/sessions': { apiKey: 'sl_fuzz_not_a_real_key_0123456789' },
      'POST /v1/tenants': { name: '新租户', billingEmails: ['new@reliability.example'] },
      'PATCH /v1/tenants/:id': { name: '改名租户', billingEmails: ['renamed@reliability.example'] },
      'POST /v1/contracts': {
        tenantId,
        seatTier: 'county',
        startMonth: '2027-04',
        termMonths: 12,
        seats: 2,
        openingDate: '2027-04-15',
        seatFee: 200_000,
        circuitFee: 0,
        vatRate: 0.06,
        restoreWindowHours: 4,
        callRates: { local: 10, domestic: 20, mobile: 15 },
        overrideReason: '谈判价格',
      },
      'POST /v1/contracts/:id/seat-orders': { kind: 'add', quantity: 1, effectiveDate: '2027-03-20', overrideReason: '加急' },
      'POST /v1/seat-orders/:id/open': { openedOn: '2027-03-15' },
      'POST /v1/seat-orders/:id/excuse': { reason: '资源不足' },
      'POST /v1/seat-orders/:id/void': { reason: '录入错误' },
      'POST /v1/outages/:id/void': { reason: '录入错误' },
      'POST /v1/force-majeure/:id/void': { reason: '录入错误' },
      'POST /v1/one-off-charges/:id/void': { reason: '录入错误' },
      'POST /v1/payments/:id/reverse': { reason: '错记租户' },
      'POST /v1/calls/:id/void': { reason: '话单更正' },
      'POST /v1/contracts/:id/outages': { startedAt: '2027-02-28T09:00:00+08:00', endedAt: '2027-02-28T10:00:00+08:00', seatsAffected: 1, cause: 'provider', description: '线路中断' },
      'POST /v1/force-majeure': { startedAt: '2027-02-27T00:00:00+08:00', endedAt: '2027-02-28T00:00:00+08:00', noticeGivenOn: '2027-03-01', claimedBy: 'provider', contractIds: [contractId], description: '台风' },
      'POST /v1/contracts/:id/terminations': { kind: 'mutual', noticeDate: '2027-03-01', effectiveDate: '2027-05-31', reason: '协商一致' },
      'POST /v1/contracts/:id/renewals': { termMonths: 12, seatFee: 200_000, effectiveMonth: '2028-03' },
      'POST /v1/contracts/:id/transfers': { toTenantId: t2.body.id, consentGivenOn: '2027-03-01' },
      'POST /v1/contracts/:id/one-off-charges': { amount: 10_000, description: '搬迁服务费', clause: '§12' },
      'POST /v1/calls': { contractId, calls: [{ id: 'fuzz-1', seat: 'S1', startedAt: '2027-03-16T10:00:00+08:00', durationSeconds: 61, callType: 'local' }] },
      'POST /v1/billing-runs': { period: '2027-04' },
      'POST /v1/invoices/:id/credit-notes': { amount: 100, reason: '折让' },
      'POST /v1/payments': { tenantId, amount: 100, method: 'bank_transfer', reference: 'FUZZ-1', receivedOn: '2027-03-01', invoiceId },
      'POST /v1/payments/stripe-intents': { invoiceId, method: 'card' },
      'POST /v1/webhooks/stripe': { id: 'evt_fuzz', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_fuzz', object: 'payment_intent' } } },
      'PUT /v1/price-list/:tier': { seatFee: 200_000, circuitFee: 0 },
      'PUT /v1/calendar/:year': { holidays: ['2027-10-01'], workdays: ['2027-09-26'] },
      'PUT /v1/clock': { now: '2027-03-02T09:00:00+08:00' },
      'PUT /v1/tenants/:id/invoicing-profile': {
        title: '模糊测试租户', taxId: '91350100M000100Y43', address: '上海市浦东新区张江路 88 号', phone: '021-5080 1234',
        bankName: '招商银行上海张江支行', bankAccount: '1219 0888 0010 001', fapiaoType: 'special',
      },
      'POST /v1/fapiao-requests/:id/issued': { number: '27312000000000000001', issuedOn: '2027-03-01' },
      'POST /v1/incidents': { startedAt: '2027-03-01T08:00:00+08:00', cause: 'provider', severity: 'major', description: '区域停电', scope: { contractIds: [contractId] }, seatsAffected: { [contractId]: 1 } },
      'POST /v1/incidents/:id/resolve': { endedAt: '2027-03-01T08:30:00+08:00' },
      'PATCH /v1/incidents/:id': { severity: 'major', description: '更正', seatsAffected: { [contractId]: 1 } },
      'POST /v1/contracts/:id/seat-log': { kind: 'handover', at: '2027-03-01T08:00:00+08:00', agentAccount: 'night-01', toAgentAccount: 'day-01', mode: 'written', notes: '无异常', unresolvedMatters: false },
      'POST /v1/seat-log/:id/incident': { severity: 'minor', cause: 'provider', description: '坐席无法开启' },
      'POST /v1/assessment-catalogue/versions': { effectiveFrom: '2027-06', note: '调整', changes: [{ code: 'phone.no_courtesy', pointsTenths: -20 }] },
      'POST /v1/agents': { tenantId, name: '新坐席', employeeNo: 'F-1', roles: ['intake'], joinedOn: '2027-03-01' },
      'POST /v1/assessment-events': { agentId, itemCode: 'intake.wrong_check_order', occurredOn: '2027-03-01', count: 1, note: '错发', selfReported: true },
      'POST /v1/assessment-events/:id/void': { reason: '记错' },
      'POST /v1/workdays': { agentId, workDate: '2027-03-01', role: 'intake', handled: 10 },
      'POST /v1/workdays/:id/void': { reason: '记错' },
      'POST /v1/assessment-publications': { tenantId, month: '2027-02' },
      'POST /v1/scorecards/:id/appeals': { reason: '申诉理由' },
      'POST /v1/appeals/:id/decision': { outcome: 'refused', reason: '不成立' },
      'POST /v1/year-end-evaluations': { agentId, year: 2026, scoreTenths: 905, note: '年终测评' },
      'PUT /v1/tenants/:id/assessment-settings': { excellentFromTenths: 900, failBelowTenths: 600, yearEndWeightPercent: 30 },
    };
  });
  after(async () => sys?.close());

  const fuzzed = ROUTES.filter((r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH');

  it('every POST, PUT and PATCH route has a template (a new route must join the fuzz)', () => {
    const missing = fuzzed.map((r) => `${r.method} ${r.path}`).filter((k) => !(k in templates));
    expect(missing).to.deep.equal([]);
  });

  for (const route of fuzzed) {
    const key = `${route.method} ${route.path}`;
    it(`${key}: only 4xx, nothing written`, async () => {
      const path = pathOf(route);
      const before = await tableStates(sys.db.url);
      const seen = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(bodies(templates[key] ?? {}), async ({ kind, raw }) => {
          const res = await sys.api(route.method, path, raw, { 'content-type': 'application/json' });
          seen.set(`${res.status}`, (seen.get(`${res.status}`) ?? 0) + 1);
          const where = `${kind}: ${raw.slice(0, 160)} → ${res.status} ${res.text.slice(0, 300)}`;
          if (key === 'POST /v1/calls' && res.status === 200) {
            expect(res.body.accepted, where).to.equal(0);
            return;
          }
          expect(res.status, where).to.be.within(400, 499);
          expect(res.headers.get('content-type') ?? '', where).to.contain('application/problem+json');
        }),
        { numRuns: RUNS, ...(FC_SEED === undefined ? {} : { seed: FC_SEED }), endOnFailure: true },
      );
      expectUnchanged(before, await tableStates(sys.db.url), key);
    });
  }

  // Otherwise valid bodies whose free text is hostile (NUL, unpaired surrogates, bidi overrides,
  // injection-looking text): stored or refused with a 4xx, never a 5xx. These may write, so they
  // run after the no-write properties above.
  const FREE_TEXT: Array<{ key: string; field: string }> = [
    { key: 'POST /v1/tenants', field: 'name' },
    { key: 'POST /v1/api-keys', field: 'name' },
    { key: 'POST /v1/contracts', field: 'overrideReason' },
    { key: 'POST /v1/contracts/:id/one-off-charges', field: 'description' },
    { key: 'POST /v1/contracts/:id/outages', field: 'description' },
    { key: 'POST /v1/force-majeure', field: 'description' },
    { key: 'POST /v1/seat-orders/:id/excuse', field: 'reason' },
    { key: 'POST /v1/invoices/:id/credit-notes', field: 'reason' },
    { key: 'POST /v1/payments', field: 'reference' },
  ];
  const hostileText = fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.constantFrom('a\u0000b', '\ud800', 'x\udfffy', '\u202e付款\u202c', '\u200b', "'); drop table invoices; --", '${7*7}%s%n', '<script>alert(1)</script>', '𠜎𠜱𠝹😀'),
  );
  for (const { key, field } of FREE_TEXT) {
    it(`${key}: any ${field} text is stored or refused with a 4xx, never a 5xx`, async () => {
      const route = ROUTES.find((r) => `${r.method} ${r.path}` === key)!;
      const path = pathOf(route);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(hostileText, async (value) => {
          const template = { ...(templates[key] as Record<string, Json>) };
          if (key === 'POST /v1/api-keys') Object.assign(template, { role: 'staff', tenantId: undefined });
          if (key === 'POST /v1/payments') template.invoiceId = undefined as never;
          if (key === 'POST /v1/invoices/:id/credit-notes') template.amount = 1;
          const res = await sys.api(route.method, path, { ...template, [field]: value }, { 'idempotency-key': `hostile-${field}-${n++}` });
          expect(res.status, `${field}=${JSON.stringify(value)} → ${res.status} ${res.text.slice(0, 300)}`).to.be.below(500);
        }),
        {
          numRuns: soak(10, 100),
          // The characters PostgreSQL cannot store are always tried.
          examples: [['a\u0000b'], ['x\ud800y'], ['\udfff']],
          ...(FC_SEED === undefined ? {} : { seed: FC_SEED }),
          endOnFailure: true,
        },
      );
    });
  }
});
