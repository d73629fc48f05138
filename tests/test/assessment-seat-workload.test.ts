/**
 * Issue 17 with decision 0075, through the gateway: handled counts from the seat shift log. The
 * supervisor records who opened and closed which seat (contract-service), the carrier's calls are
 * imported (billing-service); assessment-service asks both over `/internal` routes and counts, for
 * each agent with a seat account, the calls of the seats they staffed during their shifts — one
 * workday per shift date — beside an agent whose days are recorded by hand. The benchmark
 * (二(三)12) and the scorecard an agent sees follow, worked out in the comments.
 */
import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

describe('assessment: handled counts from the seat shift log and the call records', function () {
  this.timeout(120_000);
  let sys: System;
  after(async () => sys?.close());

  it('counts each agent\'s calls during their logged shifts, previews and publishes them, and the agent sees the figure', async () => {
    sys = await startSystem('assessment_seat_workload');
    await sys.advanceTo('2027-02-20T09:00:00+08:00');
    const tenantId = (await sys.api('POST', '/v1/tenants', { name: '坐席工作量中心', billingEmails: ['ops@seat-work.example'] })).body.id as string;
    const c = await sys.api('POST', '/v1/contracts', { tenantId, seatTier: 'prefecture', startMonth: '2027-03', termMonths: 6, seats: 3, openingDate: '2027-03-01' });
    expect(c.status, c.text).to.equal(201);
    const contractId = c.body.id as string;
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_supervisor', tenantId, name: '值班主管' });
    const supervisor = sys.as(key.body.token);
    const agent = async (body: Record<string, unknown>) => {
      const res = await supervisor('POST', '/v1/agents', { roles: ['intake'], joinedOn: '2027-01-04', ...body });
      expect(res.status, res.text).to.equal(201);
      return res.body.id as string;
    };
    const zhang = await agent({ name: '张受理', seatAccount: 'zhang-01' });
    const li = await agent({ name: '李受理', seatAccount: 'li-01' });
    const wang = await agent({ name: '王受理' }); // no seat account: days recorded by hand
    const taken = await supervisor('POST', '/v1/agents', { name: '重复', roles: ['intake'], seatAccount: 'li-01' });
    expect(taken.status, taken.text).to.equal(409);

    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const order = (await sys.api('GET', `/v1/contracts/${contractId}/seat-orders`)).body.data[0].id;
    expect((await sys.api('POST', `/v1/seat-orders/${order}/open`, { openedOn: '2027-03-01' })).status).to.equal(200);

    const log = async (kind: 'open' | 'close', seat: string, at: string, agentAccount: string) => {
      const res = await supervisor('POST', `/v1/contracts/${contractId}/seat-log`, { kind, seat, at, agentAccount });
      expect(res.status, res.text).to.equal(201);
    };
    await sys.advanceTo('2027-03-05T09:00:00+08:00');
    // 2 March: 张 on S1 08:00–12:00, 李 on S2 08:00–18:00.
    await log('open', 'S1', '2027-03-02T08:00:00+08:00', 'zhang-01');
    await log('open', 'S2', '2027-03-02T08:00:00+08:00', 'li-01');
    await log('close', 'S1', '2027-03-02T12:00:00+08:00', 'zhang-01');
    await log('close', 'S2', '2027-03-02T18:00:00+08:00', 'li-01');
    // 3 March: 张 on S1 08:00–14:30, then on S2 14:30–18:00 (two seats, one day on duty).
    await log('open', 'S1', '2027-03-03T08:00:00+08:00', 'zhang-01');
    await log('close', 'S1', '2027-03-03T14:30:00+08:00', 'zhang-01');
    await log('open', 'S2', '2027-03-03T14:30:00+08:00', 'zhang-01');
    await log('close', 'S2', '2027-03-03T18:00:00+08:00', 'zhang-01');
    // The night of 4 March: 李 on S3 18:00–02:00; the shift belongs to the 4th (decision 0047).
    await log('open', 'S3', '2027-03-04T18:00:00+08:00', 'li-01');
    await log('close', 'S3', '2027-03-05T02:00:00+08:00', 'li-01');

    let n = 0;
    const calls = (seat: string, ...times: string[]) => times.map((t) => ({ id: `SW-${++n}`, seat, startedAt: `2027-03-${t}+08:00`, durationSeconds: 90, callType: 'local' }));
    const imported = await sys.api('POST', '/v1/calls', {
      contractId,
      calls: [
        // S1 on the 2nd: 3 in 张's stretch; 07:59 before it and 12:00:00 at its close are not his.
        ...calls('S1', '02T07:59:00', '02T08:30:00', '02T09:00:00', '02T11:59:59', '02T12:00:00'),
        // S2 on the 2nd: 8 in 李's stretch.
        ...calls('S2', '02T08:10:00', '02T09:10:00', '02T10:10:00', '02T11:10:00', '02T13:10:00', '02T15:10:00', '02T16:10:00', '02T17:59:00'),
        // The 3rd: 4 on S1 and 5 on S2, all 张's.
        ...calls('S1', '03T08:00:00', '03T10:00:00', '03T12:00:00', '03T14:29:59'),
        ...calls('S2', '03T14:30:00', '03T15:00:00', '03T16:00:00', '03T17:00:00', '03T17:30:00'),
        // The night of the 4th on S3: 6 for 李, three of them after midnight; one after the close.
        ...calls('S3', '04T18:30:00', '04T20:00:00', '04T23:00:00', '05T00:30:00', '05T01:00:00', '05T01:59:59', '05T02:30:00'),
      ],
    });
    expect(imported.status, imported.text).to.equal(200);
    expect(imported.body.rejected).to.deep.equal([]);

    // 王's days, recorded by hand: 20 and 16 cases.
    for (const [workDate, handled] of [['2027-03-02', 20], ['2027-03-03', 16]] as const) {
      expect((await supervisor('POST', '/v1/workdays', { agentId: wang, role: 'intake', workDate, handled })).status).to.equal(201);
    }

    // 受理员 this month: 张 3 + 9 = 12 in 2 days, 李 8 + 6 = 14 in 2 days, 王 36 in 2 days
    // → 62 cases in 6 days on duty, a benchmark of 10.33 a day.
    // 张: 12 × 6 − 62 × 2 = −52 → −52 ÷ 6 = −8.67 → 8 whole cases below → −4.0 → total 96.0
    // 李: 14 × 6 − 124 = −40 → −6.67 → 6 below → −3.0 → total 97.0
    // 王: 36 × 6 − 124 = 92 → 15.33 → 15 above → +7.5, capped by the 60-point part → total 100.0
    await sys.advanceTo('2027-03-31T20:00:00+08:00');
    const preview = await supervisor('GET', `/v1/agents/${zhang}/scorecard-preview?month=2027-03`);
    expect(preview.status, preview.text).to.equal(200);
    const line = preview.body.lines.find((l: { itemCode: string }) => l.itemCode === 'workload.intake');
    expect(line).to.deep.include({ count: -8, points: '-4.0' });
    expect(line.detail).to.include({ benchmark: '10.33', totalHandled: 62, divisorDays: 6, handled: 12, days: 2 });
    expect(preview.body.total).to.equal('96.0');
    // A preview stores nothing.
    expect((await supervisor('GET', `/v1/workdays?agentId=${zhang}`)).body.data).to.deep.equal([]);

    await sys.advanceTo('2027-04-01T09:00:00+08:00');
    const published = await supervisor('POST', '/v1/assessment-publications', { month: '2027-03' });
    expect(published.status, published.text).to.equal(201);
    const totalOf = (id: string) => published.body.scorecards.find((s: { agentId: string }) => s.agentId === id).total;
    expect([totalOf(zhang), totalOf(li), totalOf(wang)]).to.deep.equal(['96.0', '97.0', '100.0']);

    // The derived days are stored with the publication, marked as coming from the seat log.
    const days = (await supervisor('GET', '/v1/workdays?month=2027-03&order=asc&limit=500')).body.data as Array<{ agentId: string; workDate: string; handled: number; source: string }>;
    const of = (id: string) => days.filter((d) => d.agentId === id).map((d) => [d.workDate, d.handled, d.source]).sort();
    expect(of(zhang)).to.deep.equal([['2027-03-02', 3, 'seat_log'], ['2027-03-03', 9, 'seat_log']]);
    expect(of(li)).to.deep.equal([['2027-03-02', 8, 'seat_log'], ['2027-03-04', 6, 'seat_log']]);
    expect(of(wang)).to.deep.equal([['2027-03-02', 20, 'recorded'], ['2027-03-03', 16, 'recorded']]);

    // What 张 sees with his own key.
    const zhangKey = await sys.api('POST', '/v1/api-keys', { role: 'agent', tenantId, agentId: zhang, name: '张受理' });
    const mine = await sys.as(zhangKey.body.token)('GET', '/v1/scorecards');
    expect(mine.status, mine.text).to.equal(200);
    expect(mine.body.data).to.have.length(1);
    expect(mine.body.data[0]).to.include({ total: '96.0', totalTenths: 960 });
    expect(mine.body.data[0].lines.find((l: { itemCode: string }) => l.itemCode === 'workload.intake')).to.deep.include({ count: -8, points: '-4.0' });
  });
});
