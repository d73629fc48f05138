import { expect } from 'chai';
import { startContractHarness, STAFF, type Harness } from './harness';

describe('contract-service (real embedded PostgreSQL)', () => {
  let h: Harness;
  let tenantId: string;

  before(async () => {
    h = await startContractHarness('contract_rules');
    const t = await h.call('POST', '/v1/tenants', { name: '华东呼叫服务有限公司', billingEmails: ['finance@huadong.example'] });
    expect(t.status).to.equal(201);
    tenantId = t.body.id;
  });
  after(async () => h.close());

  async function sign(overrides: Record<string, unknown> = {}) {
    const res = await h.call('POST', '/v1/contracts', {
      tenantId,
      seatTier: 'province',
      startMonth: '2027-03',
      termMonths: 12,
      seats: 10,
      openingDate: '2027-03-15',
      ...overrides,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body;
  }

  async function auditCount(contractId: string) {
    const r = await h.call('GET', `/v1/contracts/${contractId}/audit-log`);
    return r.body.data.length as number;
  }

  it('refuses calls without the internal credential', async () => {
    const res = await fetch(`${h.svc.url}/v1/price-list`);
    expect(res.status).to.equal(401);
    expect(res.headers.get('content-type')).to.match(/problem\+json/);
  });

  it('signs a contract at the price list, the initial seats as its first add order', async () => {
    const c = await sign();
    expect(c).to.include({ status: 'pending_opening', seatFee: 200000, circuitFee: 0, termMonths: 12, endDate: '2028-02-29', liveSeats: 0, contractedSeats: 10 });
    const orders = await h.call('GET', `/v1/contracts/${c.id}/seat-orders`);
    expect(orders.body.data).to.have.length(1);
    expect(orders.body.data[0]).to.include({ kind: 'add', quantity: 10, effectiveDate: '2027-03-15', status: 'pending', initial: true });
  });

  it('copies the price at signing: later price-list changes never touch it (§4.2)', async () => {
    const c = await sign();
    const put = await h.call('PUT', '/v1/price-list/province', { seatFee: 250000, circuitFee: 1000 });
    expect(put.status).to.equal(200);
    const again = await h.call('GET', `/v1/contracts/${c.id}`);
    expect(again.body.seatFee).to.equal(200000);
    const c2 = await sign();
    expect(c2.seatFee).to.equal(250000);
    expect(c2.circuitFee).to.equal(1000);
    await h.call('PUT', '/v1/price-list/province', { seatFee: 200000, circuitFee: 0 });
  });

  it('numbers contracts HT-YYYY-NNNNNN, gapless per year of signing: a refused signing takes no number', async () => {
    const a = await sign();
    expect(a.number).to.match(/^HT-2027-\d{6}$/);
    const refused = await h.call('POST', '/v1/contracts', { tenantId: '00000000-0000-4000-8000-000000000000', seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 1, openingDate: '2027-03-15' });
    expect(refused.status).to.equal(404); // an unknown tenant names the field (issue 24)
    const b = await sign();
    expect(Number(b.number.slice(8))).to.equal(Number(a.number.slice(8)) + 1);
    expect((await h.call('GET', `/v1/contracts/${b.id}`)).body).to.include({ id: b.id, number: b.number });
    const listed = (await h.call('GET', `/v1/contracts?tenantId=${tenantId}&limit=500`)).body.data;
    expect(listed.find((c: { id: string }) => c.id === a.id).number).to.equal(a.number);
    const numbers = (await h.call('GET', `/internal/bill-parties?contractIds=${a.id},${b.id}`)).body.contracts;
    expect(numbers).to.deep.equal({ [a.id]: { number: a.number }, [b.id]: { number: b.number } });
    // The next year starts again at 1.
    h.setNow('2028-01-03T09:00:00+08:00');
    try {
      const next = await h.call('POST', '/v1/contracts', { tenantId, seatTier: 'province', startMonth: '2028-02', termMonths: 12, seats: 1, openingDate: '2028-02-01' });
      expect(next.status, next.text).to.equal(201);
      expect(next.body.number).to.equal('HT-2028-000001');
    } finally {
      h.setNow('2027-03-01T09:00:00+08:00');
    }
  });

  describe('invoicing profile (开票信息)', () => {
    const special = {
      title: '华东呼叫服务有限公司',
      taxId: '91350100M000100Y43',
      address: '上海市浦东新区张江路 88 号',
      phone: '021-5080 1234',
      bankName: '招商银行上海张江支行',
      bankAccount: '1219 0888 0010 001',
      fapiaoType: 'special',
    };

    it('refuses a bad tax ID or a 专票 profile missing a field, naming it, and stores nothing', async () => {
      const t = await h.call('POST', '/v1/tenants', { name: '开票测试有限公司', billingEmails: ['ap@kaipiao.example'] });
      const bad = await h.call('PUT', `/v1/tenants/${t.body.id}/invoicing-profile`, { ...special, taxId: '91350100M000100Y4A' });
      expect(bad.status).to.equal(400);
      expect(bad.body.errors).to.deep.equal([{ path: 'taxId', message: 'is not a unified social credit code: its check character (the 18th) does not match (GB 32100-2015)' }]);
      const short = await h.call('PUT', `/v1/tenants/${t.body.id}/invoicing-profile`, { ...special, taxId: '9135010' });
      expect(short.status).to.equal(400);
      expect(short.body.errors[0].path).to.equal('taxId');
      const { bankName: _b, bankAccount: _a, ...incomplete } = special;
      const missing = await h.call('PUT', `/v1/tenants/${t.body.id}/invoicing-profile`, incomplete);
      expect(missing.status).to.equal(400);
      expect(missing.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['bankName', 'bankAccount']);
      expect(missing.body.errors[0].message).to.match(/增值税专用发票/);
      const badType = await h.call('PUT', `/v1/tenants/${t.body.id}/invoicing-profile`, { ...special, fapiaoType: 'vat' });
      expect(badType.status).to.equal(400);
      expect(badType.body.errors[0].path).to.equal('fapiaoType');
      expect((await h.call('GET', `/v1/tenants/${t.body.id}`)).body.invoicingProfile).to.equal(null);
      expect(await h.svc.knex('tenant_invoicing_profiles').where({ tenant_id: t.body.id })).to.deep.equal([]);
    });

    it('stores a 专票 profile with all six fields, a 普票 profile with title and tax ID, and shows it on the tenant', async () => {
      const put = await h.call('PUT', `/v1/tenants/${tenantId}/invoicing-profile`, special);
      expect(put.status, put.text).to.equal(200);
      expect(put.body).to.include({ taxId: '91350100M000100Y43', fapiaoType: 'special', bankAccount: '1219 0888 0010 001' });
      expect((await h.call('GET', `/v1/tenants/${tenantId}`)).body.invoicingProfile).to.deep.equal(put.body);
      const normal = await h.call('PUT', `/v1/tenants/${tenantId}/invoicing-profile`, { title: '华东呼叫服务有限公司', taxId: '91110108551385082q', fapiaoType: 'normal' });
      expect(normal.status, normal.text).to.equal(200);
      expect(normal.body).to.include({ taxId: '91110108551385082Q', fapiaoType: 'normal', address: null, bankName: null });
      const parties = await h.call('GET', `/internal/bill-parties?tenantIds=${tenantId},00000000-0000-4000-8000-000000000000`);
      expect(parties.body.tenants[tenantId].invoicingProfile.taxId).to.equal('91110108551385082Q');
      expect(parties.body.tenants['00000000-0000-4000-8000-000000000000']).to.deep.equal({ invoicingProfile: null });
    });

    it("hides another tenant's profile from a tenant_finance caller (404)", async () => {
      const other = await h.call('POST', '/v1/tenants', { name: '别家有限公司', billingEmails: ['ap@other.example'] });
      const res = await h.as({ keyId: 'k', role: 'tenant_finance', tenantId: other.body.id, name: 'other' })('PUT', `/v1/tenants/${tenantId}/invoicing-profile`, special);
      expect(res.status).to.equal(404);
    });
  });

  it('names the field and the reason for bad input, and writes nothing', async () => {
    const before = await h.call('GET', `/v1/contracts?tenantId=${tenantId}&limit=500`);
    const bad = await h.call('POST', '/v1/contracts', { tenantId, seatTier: 'city', startMonth: '2027-13', termMonths: 0, seats: 1.5, openingDate: '2027-02-30' });
    expect(bad.status).to.equal(400);
    expect(bad.headers.get('content-type')).to.match(/application\/problem\+json/);
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).to.include.members(['seatTier', 'startMonth', 'termMonths', 'seats', 'openingDate']);
    const unknownTenant = await h.call('POST', '/v1/contracts', {
      tenantId: '00000000-0000-4000-8000-000000000000', seatTier: 'county', startMonth: '2027-03', termMonths: 12, seats: 1, openingDate: '2027-03-15',
    });
    expect(unknownTenant.status).to.equal(404);
    expect(unknownTenant.body.errors[0].path).to.equal('tenantId');
    const after = await h.call('GET', `/v1/contracts?tenantId=${tenantId}&limit=500`);
    expect(after.body.data.length).to.equal(before.body.data.length);
  });

  describe('seat orders need 5 calendar days of notice (§6.4)', () => {
    it('exactly 5 days passes, 4 fails with the earliest allowed date; an override reason passes', async () => {
      const c = await sign();
      h.setNow('2027-03-15T10:00:00+08:00');
      const open = await h.call('POST', `/v1/seat-orders/${(await h.call('GET', `/v1/contracts/${c.id}/seat-orders`)).body.data[0].id}/open`, { openedOn: '2027-03-15' });
      expect(open.status).to.equal(200);
      const four = await h.call('POST', `/v1/contracts/${c.id}/seat-orders`, { kind: 'add', quantity: 2, effectiveDate: '2027-03-19' });
      expect(four.status).to.equal(422);
      expect(four.body.errors[0].path).to.equal('effectiveDate');
      expect(four.body.earliestAllowedDate).to.equal('2027-03-20');
      expect(four.body.detail).to.contain('2027-03-20');
      const five = await h.call('POST', `/v1/contracts/${c.id}/seat-orders`, { kind: 'add', quantity: 2, effectiveDate: '2027-03-20' });
      expect(five.status).to.equal(201);
      const overridden = await h.call('POST', `/v1/contracts/${c.id}/seat-orders`, { kind: 'add', quantity: 1, effectiveDate: '2027-03-16', overrideReason: '客户紧急扩容，经理批准' });
      expect(overridden.status).to.equal(201);
      const log = await h.call('GET', `/v1/contracts/${c.id}/audit-log`);
      expect(log.body.data.some((e: { reason: string }) => e.reason === '客户紧急扩容，经理批准')).to.equal(true);
      h.setNow('2027-03-01T09:00:00+08:00');
    });

    it('refuses to return more seats than are live, naming the live count', async () => {
      const c = await sign({ seats: 3 });
      h.setNow('2027-03-15T10:00:00+08:00');
      const orderId = (await h.call('GET', `/v1/contracts/${c.id}/seat-orders`)).body.data[0].id;
      await h.call('POST', `/v1/seat-orders/${orderId}/open`, { openedOn: '2027-03-15' });
      const n = await auditCount(c.id);
      const tooMany = await h.call('POST', `/v1/contracts/${c.id}/seat-orders`, { kind: 'return', quantity: 4, effectiveDate: '2027-04-20' });
      expect(tooMany.status).to.equal(422);
      expect(tooMany.body.errors[0].path).to.equal('quantity');
      expect(tooMany.body.liveSeats).to.equal(3);
      expect(await auditCount(c.id)).to.equal(n);
      const ok = await h.call('POST', `/v1/contracts/${c.id}/seat-orders`, { kind: 'return', quantity: 2, effectiveDate: '2027-04-20' });
      expect(ok.status).to.equal(201);
      // An earlier return that would leave the later scheduled one short is refused too.
      const earlier = await h.call('POST', `/v1/contracts/${c.id}/seat-orders`, { kind: 'return', quantity: 2, effectiveDate: '2027-04-10' });
      expect(earlier.status).to.equal(422);
      h.setNow('2027-05-01T09:00:00+08:00');
      const after = await h.call('GET', `/v1/contracts/${c.id}`);
      expect(after.body.liveSeats).to.equal(1);
      h.setNow('2027-03-01T09:00:00+08:00');
    });
  });

  describe('opening late (§8.A1, §8.X4)', () => {
    it('SPEC §10 example 7: 4 seats requested 2027-06-01, opened 2027-06-08 → 7 days, 28000 fen', async () => {
      const c = await sign({ seats: 4, openingDate: '2027-06-01' });
      h.setNow('2027-06-08T18:00:00+08:00');
      const orderId = (await h.call('GET', `/v1/contracts/${c.id}/seat-orders`)).body.data[0].id;
      const open = await h.call('POST', `/v1/seat-orders/${orderId}/open`, { openedOn: '2027-06-08' });
      expect(open.body).to.include({ daysLate: 7, penalty: 28000 });
      expect((await h.call('GET', `/v1/contracts/${c.id}`)).body.status).to.equal('active');
      const again = await h.call('POST', `/v1/seat-orders/${orderId}/open`, { openedOn: '2027-06-08' });
      expect(again.status).to.equal(409);
      const excuse = await h.call('POST', `/v1/seat-orders/${orderId}/excuse`, { reason: '机房扩容设备未到货 / equipment not delivered' });
      expect(excuse.body).to.include({ penalty: 0, excused: true });
      h.setNow('2027-03-01T09:00:00+08:00');
    });

    it('does not count days under honoured force majeure, recomputing an opening already recorded', async () => {
      const c = await sign({ seats: 4, openingDate: '2027-06-01' });
      h.setNow('2027-06-20T18:00:00+08:00');
      const orderId = (await h.call('GET', `/v1/contracts/${c.id}/seat-orders`)).body.data[0].id;
      const open = await h.call('POST', `/v1/seat-orders/${orderId}/open`, { openedOn: '2027-06-08' });
      expect(open.body.daysLate).to.equal(7);
      // A typhoon from 3 June 06:00 to 5 June 12:00 touches 3, 4 and 5 June.
      const fm = await h.call('POST', '/v1/force-majeure', {
        startedAt: '2027-06-03T06:00:00+08:00', endedAt: '2027-06-05T12:00:00+08:00', noticeGivenOn: '2027-06-10',
        claimedBy: 'provider', contractIds: [c.id], description: '台风 / typhoon',
      });
      expect(fm.status).to.equal(201);
      expect(fm.body.honoured).to.equal(true);
      const orders = await h.call('GET', `/v1/contracts/${c.id}/seat-orders`);
      expect(orders.body.data[0]).to.include({ daysLate: 4, penalty: 16000 });
      h.setNow('2027-03-01T09:00:00+08:00');
    });

    it('a force-majeure notice later than 10 days after the end is recorded but not honoured (§7.3)', async () => {
      h.setNow('2027-07-30T10:00:00+08:00');
      const onTime = await h.call('POST', '/v1/force-majeure', {
        startedAt: '2027-07-01T00:00:00+08:00', endedAt: '2027-07-02T00:00:00+08:00', noticeGivenOn: '2027-07-11', claimedBy: 'provider', description: 'flood',
      });
      expect(onTime.body.honoured).to.equal(true);
      const late = await h.call('POST', '/v1/force-majeure', {
        startedAt: '2027-07-01T00:00:00+08:00', endedAt: '2027-07-02T00:00:00+08:00', noticeGivenOn: '2027-07-13', claimedBy: 'provider', description: 'flood',
      });
      expect(late.status).to.equal(201);
      expect(late.body.honoured).to.equal(false);
      h.setNow('2027-03-01T09:00:00+08:00');
    });
  });

  describe('outages', () => {
    it('checks the interval and the clock', async () => {
      const c = await sign();
      h.setNow('2027-05-10T00:00:00+08:00');
      const backwards = await h.call('POST', `/v1/contracts/${c.id}/outages`, { startedAt: '2027-05-03T10:00:00+08:00', endedAt: '2027-05-03T09:00:00+08:00', seatsAffected: 3, cause: 'provider' });
      expect(backwards.status).to.equal(422);
      expect(backwards.body.errors[0].path).to.equal('endedAt');
      const future = await h.call('POST', `/v1/contracts/${c.id}/outages`, { startedAt: '2027-05-09T10:00:00+08:00', endedAt: '2027-05-11T09:00:00+08:00', seatsAffected: 3, cause: 'provider' });
      expect(future.status).to.equal(422);
      const noOffset = await h.call('POST', `/v1/contracts/${c.id}/outages`, { startedAt: '2027-05-03T10:00:00', endedAt: '2027-05-05T11:00:00+08:00', seatsAffected: 3, cause: 'provider' });
      expect(noOffset.status).to.equal(400);
      expect(noOffset.body.errors[0].path).to.equal('startedAt');
      const badCause = await h.call('POST', `/v1/contracts/${c.id}/outages`, { startedAt: '2027-05-03T10:00:00+08:00', endedAt: '2027-05-05T11:00:00+08:00', seatsAffected: 3, cause: 'weather' });
      expect(badCause.status).to.equal(400);
      const tooMany = await h.call('POST', `/v1/contracts/${c.id}/outages`, { startedAt: '2027-05-03T10:00:00+08:00', endedAt: '2027-05-05T11:00:00+08:00', seatsAffected: 11, cause: 'provider' });
      expect(tooMany.status).to.equal(422);
      const ok = await h.call('POST', `/v1/contracts/${c.id}/outages`, { startedAt: '2027-05-03T10:00:00+08:00', endedAt: '2027-05-05T11:00:00+08:00', seatsAffected: 3, cause: 'provider' });
      expect(ok.status).to.equal(201);
      const facts = await h.call('GET', `/internal/billing-facts/${c.id}`);
      expect(facts.body.outages).to.have.length(1);
      expect(facts.body.outages[0]).to.include({ startedAt: '2027-05-03T02:00:00.000Z', seatsAffected: 3, cause: 'provider' });
      h.setNow('2027-03-01T09:00:00+08:00');
    });
  });

  describe('terminations (§9.1, §9.2, §8.X2)', () => {
    it('mutual needs one month of notice; for cause 5 days and a reason; damages inputs are frozen at notice', async () => {
      const c = await sign({ seats: 5 });
      h.setNow('2027-05-10T10:00:00+08:00');
      const orderId = (await h.call('GET', `/v1/contracts/${c.id}/seat-orders`)).body.data[0].id;
      await h.call('POST', `/v1/seat-orders/${orderId}/open`, { openedOn: '2027-03-15' });
      const short = await h.call('POST', `/v1/contracts/${c.id}/terminations`, { kind: 'mutual', noticeDate: '2027-05-10', effectiveDate: '2027-06-09' });
      expect(short.status).to.equal(422);
      expect(short.body.earliestAllowedDate).to.equal('2027-06-10');
      const causeShort = await h.call('POST', `/v1/contracts/${c.id}/terminations`, { kind: 'for_cause', noticeDate: '2027-05-10', effectiveDate: '2027-05-14', reason: '转租第三方' });
      expect(causeShort.status).to.equal(422);
      const noReason = await h.call('POST', `/v1/contracts/${c.id}/terminations`, { kind: 'for_cause', noticeDate: '2027-05-10', effectiveDate: '2027-05-15' });
      expect(noReason.status).to.equal(422);
      expect(noReason.body.errors[0].path).to.equal('reason');
      const ok = await h.call('POST', `/v1/contracts/${c.id}/terminations`, { kind: 'tenant_breach', noticeDate: '2027-05-10', effectiveDate: '2027-05-20', reason: '乙方单方解约' });
      expect(ok.status).to.equal(201);
      const twice = await h.call('POST', `/v1/contracts/${c.id}/terminations`, { kind: 'mutual', noticeDate: '2027-05-10', effectiveDate: '2027-07-20' });
      expect(twice.status).to.equal(409);
      const facts = await h.call('GET', `/internal/billing-facts/${c.id}`);
      expect(facts.body.termination).to.include({ kind: 'tenant_breach', seatsLiveAtNotice: 5, monthlyFeeAtNoticeFen: 200000, termMonthsAtNotice: 12 });
      expect(facts.body.seatSpans[0]).to.include({ liveTo: '2027-05-20', quantity: 5 });
      h.setNow('2027-05-21T10:00:00+08:00');
      expect((await h.call('GET', `/v1/contracts/${c.id}`)).body.status).to.equal('terminated');
      const late = await h.call('POST', `/v1/contracts/${c.id}/one-off-charges`, { amount: 100, description: 'x' });
      expect(late.status).to.equal(409);
      h.setNow('2027-03-01T09:00:00+08:00');
    });
  });

  it('renews with a new price from an effective month; the old price holds until then (§4.2, §2.A8)', async () => {
    const c = await sign();
    const r = await h.call('POST', `/v1/contracts/${c.id}/renewals`, { termMonths: 12, seatFee: 180000, effectiveMonth: '2028-03' });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body.contract).to.include({ termMonths: 24, endDate: '2029-02-28' });
    const facts = await h.call('GET', `/internal/billing-facts/${c.id}`);
    expect(facts.body.prices).to.deep.equal([
      { effectiveMonth: '2027-03', seatFeeFen: 200000, circuitFeeFen: 0 },
      { effectiveMonth: '2028-03', seatFeeFen: 180000, circuitFeeFen: 0 },
    ]);
    const past = await h.call('POST', `/v1/contracts/${c.id}/renewals`, { termMonths: 1, seatFee: 1, effectiveMonth: '2027-03' });
    expect(past.status).to.equal(422);
    expect(past.body.errors[0].path).to.equal('effectiveMonth');
  });

  it('refuses a transfer without recorded consent (§2.B2) and allows one with it', async () => {
    const c = await sign();
    const other = await h.call('POST', '/v1/tenants', { name: '西南坐席外包', billingEmails: ['ap@xinan.example'] });
    const refused = await h.call('POST', `/v1/contracts/${c.id}/transfers`, { toTenantId: other.body.id });
    expect(refused.status).to.equal(422);
    expect(refused.body.errors[0].path).to.equal('consentGivenOn');
    expect((await h.call('GET', `/v1/contracts/${c.id}`)).body.tenantId).to.equal(tenantId);
    const ok = await h.call('POST', `/v1/contracts/${c.id}/transfers`, { toTenantId: other.body.id, consentGivenOn: '2027-02-28' });
    expect(ok.status).to.equal(201);
    expect((await h.call('GET', `/v1/contracts/${c.id}`)).body.tenantId).to.equal(other.body.id);
  });

  it('keeps one-off charges with their reason and clause', async () => {
    const c = await sign();
    const bad = await h.call('POST', `/v1/contracts/${c.id}/one-off-charges`, { amount: 12.5, description: '' });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).to.include.members(['amount', 'description']);
    const ok = await h.call('POST', `/v1/contracts/${c.id}/one-off-charges`, { amount: 350000, description: '耳麦损坏按厂家报价赔偿', clause: '§8.B3' });
    expect(ok.status).to.equal(201);
    const facts = await h.call('GET', `/internal/billing-facts/${c.id}`);
    expect(facts.body.oneOffCharges[0]).to.include({ amountFen: 350000, clause: '§8.B3', createdOn: '2027-03-01' });
  });

  it('hides another tenant\'s contracts from a tenant_finance caller (404, not 403)', async () => {
    const c = await sign();
    const other = await h.call('POST', '/v1/tenants', { name: '他人公司', billingEmails: ['x@other.example'] });
    const asOther = h.as({ keyId: 'k', role: 'tenant_finance', tenantId: other.body.id, name: 'other finance' });
    expect((await asOther('GET', `/v1/contracts/${c.id}`)).status).to.equal(404);
    expect((await asOther('GET', `/v1/contracts/${c.id}/seat-orders`)).status).to.equal(404);
    expect((await asOther('GET', `/v1/tenants/${tenantId}`)).status).to.equal(404);
    expect((await asOther('GET', `/v1/contracts?tenantId=${tenantId}`)).body.data).to.deep.equal([]);
    const asOwn = h.as({ keyId: 'k2', role: 'tenant_finance', tenantId, name: 'own finance' });
    expect((await asOwn('GET', `/v1/contracts/${c.id}`)).status).to.equal(200);
  });

  it('answers 404 problem+json for unknown and malformed ids', async () => {
    expect((await h.call('GET', '/v1/contracts/00000000-0000-4000-8000-000000000000')).status).to.equal(404);
    const malformed = await h.call('GET', '/v1/contracts/not-a-uuid');
    expect(malformed.status).to.equal(404);
    expect(malformed.headers.get('content-type')).to.match(/problem\+json/);
  });

  it('keeps the audit log append-only at the database', async () => {
    let error: unknown;
    try {
      await h.svc.knex('audit_log').update({ reason: 'rewritten' });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/append-only/);
    error = undefined;
    try {
      await h.svc.knex('audit_log').delete();
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/append-only/);
    const n = await h.svc.knex('audit_log').count<{ count: string }[]>('* as count');
    expect(Number(n[0]!.count)).to.be.greaterThan(0);
    void STAFF;
  });
});
