/**
 * Issue 3 through the gateway: every endpoint of API.md's contract section, a bad input for
 * each answered by a problem+json naming the field, and nothing written when refused.
 */
import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

describe('contract API through the gateway', function () {
  this.timeout(60_000);
  let sys: System;
  let tenantId: string;
  let contractId: string;
  let orderId: string;

  before(async () => {
    sys = await startSystem('contract_api');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
  });
  after(async () => sys.close());

  /** Counts every row of the contract schema's tables: a refused request must change none. */
  async function rowCounts(): Promise<Record<string, number>> {
    const tables = ['tenants', 'contracts', 'seat_orders', 'outages', 'force_majeure', 'terminations', 'renewals', 'transfers', 'one_off_charges', 'audit_log', 'price_list'];
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = Number((await sys.contract.knex(t).count({ n: '*' }).first())!.n);
    out.invoices = Number((await sys.billing.knex('invoices').count({ n: '*' }).first())!.n);
    return out;
  }

  async function refused(method: string, path: string, body: unknown, status: number, field: string) {
    const before = await rowCounts();
    const res = await sys.api(method, path, body);
    expect(res.status, `${method} ${path} ${res.text}`).to.equal(status);
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(res.body).to.include.keys('type', 'title', 'status', 'detail');
    expect(res.body.errors.map((e: { path: string }) => e.path), res.text).to.include(field);
    expect(await rowCounts()).to.deep.equal(before);
  }

  it('tenants', async () => {
    await refused('POST', '/v1/tenants', { name: '', billingEmails: ['x@y.example'] }, 400, 'name');
    await refused('POST', '/v1/tenants', { name: '某公司', billingEmails: ['not-an-email'] }, 400, 'billingEmails[0]');
    const t = await sys.api('POST', '/v1/tenants', { name: '华北呼叫中心', billingEmails: ['ap@huabei.example'] });
    expect(t.status).to.equal(201);
    tenantId = t.body.id;
    expect((await sys.api('GET', `/v1/tenants/${tenantId}`)).body).to.include({ id: tenantId, name: '华北呼叫中心' });
    expect((await sys.api('GET', '/v1/tenants/00000000-0000-4000-8000-000000000000')).status).to.equal(404);
  });

  it('price list', async () => {
    await refused('PUT', '/v1/price-list/city', { seatFee: 1, circuitFee: 0 }, 400, 'tier');
    await refused('PUT', '/v1/price-list/county', { seatFee: -1, circuitFee: 0 }, 400, 'seatFee');
    await refused('PUT', '/v1/price-list/county', { seatFee: 150000.5, circuitFee: 0 }, 400, 'seatFee');
    const put = await sys.api('PUT', '/v1/price-list/county', { seatFee: 150000, circuitFee: 5000 });
    expect(put.body).to.include({ tier: 'county', seatFee: 150000, circuitFee: 5000 });
    const list = await sys.api('GET', '/v1/price-list');
    expect(list.body.data.find((p: { tier: string }) => p.tier === 'county')).to.include({ seatFee: 150000, circuitFee: 5000 });
  });

  it('contracts', async () => {
    const base = { tenantId, seatTier: 'county', startMonth: '2027-03', termMonths: 12, seats: 4, openingDate: '2027-03-08' };
    await refused('POST', '/v1/contracts', { ...base, openingDate: '2027-03-05' }, 422, 'openingDate');
    await refused('POST', '/v1/contracts', { ...base, openingDate: '2028-03-08' }, 422, 'openingDate');
    await refused('POST', '/v1/contracts', { ...base, vatRate: 0.061234 }, 400, 'vatRate');
    await refused('POST', '/v1/contracts', { ...base, callRates: { local: 10, domestic: 20 } }, 400, 'callRates.mobile');
    await refused('POST', '/v1/contracts', { ...base, surprise: true }, 400, 'surprise');
    const c = await sys.api('POST', '/v1/contracts', { ...base, vatRate: 0.09, restoreWindowHours: 4, callRates: { local: 8, domestic: 18, mobile: 12 } });
    expect(c.status, c.text).to.equal(201);
    expect(c.body).to.include({ seatFee: 150000, circuitFee: 5000, monthlyFee: 155000, vatRate: 0.09, restoreWindowHours: 4 });
    contractId = c.body.id;
    const list = await sys.api('GET', `/v1/contracts?tenantId=${tenantId}`);
    expect(list.body.data.map((x: { id: string }) => x.id)).to.deep.equal([contractId]);
    orderId = (await sys.api('GET', `/v1/contracts/${contractId}/seat-orders`)).body.data[0].id;
  });

  it('seat orders, openings and excuses', async () => {
    await refused('POST', `/v1/contracts/${contractId}/seat-orders`, { kind: 'add', quantity: 0, effectiveDate: '2027-04-01' }, 400, 'quantity');
    await refused('POST', `/v1/contracts/${contractId}/seat-orders`, { kind: 'swap', quantity: 1, effectiveDate: '2027-04-01' }, 400, 'kind');
    await refused('POST', `/v1/contracts/${contractId}/seat-orders`, { kind: 'add', quantity: 1, effectiveDate: '2027-03-05' }, 422, 'effectiveDate');
    await refused('POST', `/v1/contracts/${contractId}/seat-orders`, { kind: 'return', quantity: 1, effectiveDate: '2027-04-20' }, 422, 'quantity');
    await refused('POST', `/v1/seat-orders/${orderId}/open`, { openedOn: '2027-03-09' }, 422, 'openedOn');
    await refused('POST', `/v1/seat-orders/${orderId}/open`, { openedOn: '9 March' }, 400, 'openedOn');
    await refused('POST', `/v1/seat-orders/${orderId}/excuse`, { reason: '' }, 400, 'reason');
    await sys.advanceTo('2027-03-09T10:00:00+08:00');
    const open = await sys.api('POST', `/v1/seat-orders/${orderId}/open`, { openedOn: '2027-03-09' });
    // One day late: 155000 × 4 × 5‰ × 1 = 3100 (§8.A1).
    expect(open.body).to.include({ daysLate: 1, penalty: 3100 });
    const excuse = await sys.api('POST', `/v1/seat-orders/${orderId}/excuse`, { reason: '资源不足 / no free circuits' });
    expect(excuse.body).to.include({ penalty: 0, excused: true });
    const add = await sys.api('POST', `/v1/contracts/${contractId}/seat-orders`, { kind: 'add', quantity: 2, effectiveDate: '2027-03-14' });
    expect(add.status).to.equal(201);
    const orders = await sys.api('GET', `/v1/contracts/${contractId}/seat-orders?order=asc`);
    expect(orders.body.data.map((o: { kind: string; quantity: number }) => `${o.kind}:${o.quantity}`)).to.deep.equal(['add:4', 'add:2']);
    expect((await sys.api('POST', '/v1/seat-orders/00000000-0000-4000-8000-000000000000/open', { openedOn: '2027-03-09' })).status).to.equal(404);
  });

  it('outages and force majeure', async () => {
    await refused('POST', `/v1/contracts/${contractId}/outages`, { startedAt: '2027-03-09T10:00:00+08:00', endedAt: '2027-03-09T09:00:00+08:00', seatsAffected: 1, cause: 'provider' }, 422, 'endedAt');
    await refused('POST', `/v1/contracts/${contractId}/outages`, { startedAt: '2027-03-09T10:00:00+08:00', endedAt: '2027-03-09T11:00:00+08:00', seatsAffected: 1, cause: 'aliens' }, 400, 'cause');
    const o = await sys.api('POST', `/v1/contracts/${contractId}/outages`, { startedAt: '2027-03-09T00:30:00+08:00', endedAt: '2027-03-09T05:00:00+08:00', seatsAffected: 2, cause: 'maintenance' });
    expect(o.status, o.text).to.equal(201);
    await refused('POST', '/v1/force-majeure', { startedAt: '2027-03-02T00:00:00+08:00', endedAt: '2027-03-03T00:00:00+08:00', noticeGivenOn: '2027-03-04', claimedBy: 'god', description: '地震' }, 400, 'claimedBy');
    await refused('POST', '/v1/force-majeure', { startedAt: '2027-03-02T00:00:00+08:00', endedAt: '2027-03-03T00:00:00+08:00', noticeGivenOn: '2027-03-04', claimedBy: 'provider', description: '地震', contractIds: ['00000000-0000-4000-8000-000000000000'] }, 404, 'contractIds[0]');
    const fm = await sys.api('POST', '/v1/force-majeure', { startedAt: '2027-03-02T00:00:00+08:00', endedAt: '2027-03-03T00:00:00+08:00', noticeGivenOn: '2027-03-04', claimedBy: 'provider', description: '地震 / earthquake', contractIds: [contractId] });
    expect(fm.status).to.equal(201);
    expect(fm.body.honoured).to.equal(true);
    expect((await sys.api('GET', `/v1/contracts/${contractId}/outages`)).body.data).to.have.length(1);
  });

  it('one-off charges, renewals and transfers', async () => {
    await refused('POST', `/v1/contracts/${contractId}/one-off-charges`, { amount: 0, description: '定制开发' }, 400, 'amount');
    await refused('POST', `/v1/contracts/${contractId}/one-off-charges`, { amount: 100, description: 'x', clause: 'section 5' }, 400, 'clause');
    const one = await sys.api('POST', `/v1/contracts/${contractId}/one-off-charges`, { amount: 50000, description: '个性化功能开发 / custom IVR', clause: '§5.1' });
    expect(one.status).to.equal(201);
    await refused('POST', `/v1/contracts/${contractId}/renewals`, { termMonths: 0 }, 400, 'termMonths');
    await refused('POST', `/v1/contracts/${contractId}/renewals`, { termMonths: 6, effectiveMonth: '2028-03' }, 422, 'effectiveMonth');
    const renewal = await sys.api('POST', `/v1/contracts/${contractId}/renewals`, { termMonths: 6 });
    expect(renewal.status).to.equal(201);
    expect(renewal.body.contract).to.include({ termMonths: 18, endDate: '2028-08-31' });
    const other = await sys.api('POST', '/v1/tenants', { name: '受让方', billingEmails: ['ap@assignee.example'] });
    await refused('POST', `/v1/contracts/${contractId}/transfers`, { toTenantId: other.body.id }, 422, 'consentGivenOn');
    await refused('POST', `/v1/contracts/${contractId}/transfers`, { toTenantId: '00000000-0000-4000-8000-000000000000', consentGivenOn: '2027-03-01' }, 404, 'toTenantId');
    const moved = await sys.api('POST', `/v1/contracts/${contractId}/transfers`, { toTenantId: other.body.id, consentGivenOn: '2027-03-09' });
    expect(moved.status).to.equal(201);
    expect((await sys.api('GET', `/v1/contracts/${contractId}`)).body.tenantId).to.equal(other.body.id);
  });

  it('terminations', async () => {
    await refused('POST', `/v1/contracts/${contractId}/terminations`, { kind: 'amicable', noticeDate: '2027-03-09', effectiveDate: '2027-05-01' }, 400, 'kind');
    await refused('POST', `/v1/contracts/${contractId}/terminations`, { kind: 'mutual', noticeDate: '2027-03-09', effectiveDate: '2027-04-08' }, 422, 'effectiveDate');
    await refused('POST', `/v1/contracts/${contractId}/terminations`, { kind: 'tenant_breach', noticeDate: '2027-03-10', effectiveDate: '2027-04-08' }, 422, 'noticeDate');
    const t = await sys.api('POST', `/v1/contracts/${contractId}/terminations`, { kind: 'mutual', noticeDate: '2027-03-09', effectiveDate: '2027-04-09' });
    expect(t.status, t.text).to.equal(201);
    expect(t.body).to.include({ kind: 'mutual', effectiveDate: '2027-04-09' });
  });

  it('answers 404 for unknown and malformed ids, problem+json', async () => {
    for (const path of ['/v1/contracts/nope', '/v1/contracts/00000000-0000-4000-8000-000000000000', '/v1/contracts/00000000-0000-4000-8000-000000000000/seat-orders']) {
      const res = await sys.api('GET', path);
      expect(res.status, path).to.equal(404);
      expect(res.headers.get('content-type')).to.match(/problem\+json/);
    }
  });
});
