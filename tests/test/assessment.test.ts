/**
 * Issue 17 through the gateway: a month of the seed's scorecard (坐席员考核细则) for three agents
 * of one tenant — events recorded by the supervisor through March, daily workload, the preview,
 * publication on 1 April, an appeal on the 2nd day after publication upheld (a corrected version,
 * the first one untouched) and one on the 3rd day refused with a 422 naming the window. Every
 * score to the tenth of a point, worked out in the comments.
 */
import { expect } from 'chai';
import { PDFParse } from 'pdf-parse';
import { startSystem, type System } from '../src/system';

describe('assessment through the gateway: a month, publication and appeals', function () {
  this.timeout(120_000);
  let sys: System;
  let tenantId: string;
  let supervisor: ReturnType<System['as']>;
  const agent: Record<'zhang' | 'li' | 'wang', string> = { zhang: '', li: '', wang: '' };
  let absenceEventId: string;
  let published: { id: string; scorecards: Array<{ id: string; agentId: string; total: string; totalTenths: number }> };
  const scorecardOf = (who: keyof typeof agent) => published.scorecards.find((s) => s.agentId === agent[who])!;

  before(async () => {
    sys = await startSystem('assessment_api');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    const t = await sys.api('POST', '/v1/tenants', { name: '数字化城管监督指挥中心', billingEmails: ['hr@chengguan.example'] });
    tenantId = t.body.id;
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_supervisor', tenantId, name: '考核领导小组' });
    expect(key.status, key.text).to.equal(201);
    supervisor = sys.as(key.body.token);
  });
  after(async () => sys?.close());

  async function post(path: string, body: unknown, status = 201) {
    const res = await supervisor('POST', path, body);
    expect(res.status, `${path} ${JSON.stringify(body)} → ${res.text}`).to.equal(status);
    return res.body;
  }

  it('the supervisor registers three agents of its tenant; staff give one an agent key (the agent must exist)', async () => {
    agent.zhang = (await post('/v1/agents', { name: '张三', roles: ['intake'], employeeNo: 'A-001', joinedOn: '2026-06-01' })).id;
    agent.li = (await post('/v1/agents', { name: '李四', roles: ['dispatcher'] })).id;
    agent.wang = (await post('/v1/agents', { name: '王五', roles: ['intake', 'shift_lead'] })).id;
    // Two pages of the one list convention (the test clock stands still: the three share an instant, the id breaks the tie).
    const first = await supervisor('GET', '/v1/agents?limit=2&order=asc');
    expect(first.body.data).to.have.length(2);
    expect(first.body.hasMore).to.equal(true);
    const rest = await supervisor('GET', `/v1/agents?limit=2&order=asc&cursor=${first.body.nextCursor}`);
    expect(rest.body).to.deep.include({ hasMore: false, nextCursor: null });
    const names = [...first.body.data, ...rest.body.data].map((a: { name: string }) => a.name);
    expect(names).to.have.members(['张三', '李四', '王五']);
    expect((await supervisor('GET', '/v1/agents?colour=red')).status).to.equal(400);

    const bad = await supervisor('POST', '/v1/agents', { name: '赵六', roles: ['intake', 'dispatcher', 'commander'] });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors[0].path).to.equal('roles');
    const unknownTenant = await sys.api('POST', '/v1/agents', { tenantId: '00000000-0000-4000-8000-000000000001', name: '赵六', roles: ['intake'] });
    expect(unknownTenant.status, unknownTenant.text).to.equal(422);
    expect(unknownTenant.body.errors[0].path).to.equal('tenantId');

    const ghost = await sys.api('POST', '/v1/api-keys', { role: 'agent', tenantId, agentId: '00000000-0000-4000-8000-000000000002', name: 'ghost' });
    expect(ghost.status).to.equal(422);
    expect(ghost.body.errors[0]).to.include({ path: 'agentId' });
    const zhangKey = await sys.api('POST', '/v1/api-keys', { role: 'agent', tenantId, agentId: agent.zhang, name: '张三' });
    expect(zhangKey.status, zhangKey.text).to.equal(201);
    (agent as Record<string, string>).zhangToken = zhangKey.body.token;
  });

  it('records March day by day, refusing what the seed does not allow', async () => {
    await sys.advanceTo('2027-03-10T18:00:00+08:00');
    // 张三 (受理员)
    await post('/v1/assessment-events', { agentId: agent.zhang, itemCode: 'attendance.late_or_early', occurredOn: '2027-03-02', count: 2, note: '迟到两次' });
    await post('/v1/assessment-events', { agentId: agent.zhang, itemCode: 'video.camera_missed', occurredOn: '2027-03-03', count: 13 });
    await post('/v1/assessment-events', { agentId: agent.zhang, itemCode: 'intake.wrong_check_order', occurredOn: '2027-03-04', selfReported: true, note: '本人发现并纠错' });
    await post('/v1/assessment-events', { agentId: agent.zhang, itemCode: 'intake.found_others_error', occurredOn: '2027-03-05' });
    await post('/v1/assessment-events', { agentId: agent.zhang, itemCode: 'case.node_overdue', occurredOn: '2027-03-08', count: 9 });
    absenceEventId = (await post('/v1/assessment-events', { agentId: agent.zhang, itemCode: 'absence.one_day', occurredOn: '2027-03-09', note: '未到岗' })).id;

    // Refusals: nothing stored.
    const future = await supervisor('POST', '/v1/assessment-events', { agentId: agent.zhang, itemCode: 'phone.no_courtesy', occurredOn: '2027-03-11' });
    expect(future.status).to.equal(422);
    expect(future.body.errors[0].path).to.equal('occurredOn');
    const notHalvable = await supervisor('POST', '/v1/assessment-events', { agentId: agent.zhang, itemCode: 'absence.one_day', occurredOn: '2027-03-09', selfReported: true });
    expect(notHalvable.status).to.equal(422);
    expect(notHalvable.body.errors[0].path).to.equal('selfReported');
    const otherRole = await supervisor('POST', '/v1/assessment-events', { agentId: agent.zhang, itemCode: 'dispatch.sent_back', occurredOn: '2027-03-09' });
    expect(otherRole.status).to.equal(422);
    expect(otherRole.body.errors[0].path).to.equal('itemCode');
    expect(otherRole.body.detail).to.match(/派遣员/);
    const computed = await supervisor('POST', '/v1/assessment-events', { agentId: agent.zhang, itemCode: 'workload.intake', occurredOn: '2027-03-09' });
    expect(computed.status).to.equal(422);
    const half = await supervisor('POST', '/v1/assessment-events', { agentId: agent.zhang, itemCode: 'phone.no_courtesy', occurredOn: '2027-03-09', count: 0.5 });
    expect(half.status).to.equal(400);
    expect(half.body.errors[0].path).to.equal('count');
    // A mistaken entry is voided, never deleted.
    const mistake = await post('/v1/assessment-events', { agentId: agent.zhang, itemCode: 'hall.smoking_food_noise', occurredOn: '2027-03-09' });
    const voided = await supervisor('POST', `/v1/assessment-events/${mistake.id}/void`, { reason: '记错人了' });
    expect(voided.status, voided.text).to.equal(200);
    expect(voided.body.voidReason).to.equal('记错人了');

    await sys.advanceTo('2027-03-20T18:00:00+08:00');
    // 李四 (派遣员)
    await post('/v1/assessment-events', { agentId: agent.li, itemCode: 'dispatch.no_instructions', occurredOn: '2027-03-12', count: 2 });
    await post('/v1/assessment-events', { agentId: agent.li, itemCode: 'dispatch.sent_back', occurredOn: '2027-03-13', selfReported: true });
    await post('/v1/assessment-events', { agentId: agent.li, itemCode: 'phone.no_courtesy', occurredOn: '2027-03-14' });
    await post('/v1/assessment-events', { agentId: agent.li, itemCode: 'suggestion.adopted', occurredOn: '2027-03-15' });
    await post('/v1/assessment-events', { agentId: agent.li, itemCode: 'emergency.reported_and_followed', occurredOn: '2027-03-16' });
    await post('/v1/assessment-events', { agentId: agent.li, itemCode: 'video.reports_short', occurredOn: '2027-03-17', count: 7 });
    await post('/v1/assessment-events', { agentId: agent.li, itemCode: 'dress.uniform', occurredOn: '2027-03-18' });

    await sys.advanceTo('2027-03-31T18:00:00+08:00');
    // 王五 (受理员 and 值班长)
    await post('/v1/assessment-events', { agentId: agent.wang, itemCode: 'absence.one_day', occurredOn: '2027-03-22', count: 2 });
    await post('/v1/assessment-events', { agentId: agent.wang, itemCode: 'absence.half_day', occurredOn: '2027-03-24' });
    await post('/v1/assessment-events', { agentId: agent.wang, itemCode: 'rota.case_unhandled', occurredOn: '2027-03-25', count: 3 });
    await post('/v1/assessment-events', { agentId: agent.wang, itemCode: 'reports.deficient', occurredOn: '2027-03-26' });
  });

  it('records the month\'s workload: days on duty in each role and the cases handled', async () => {
    const days = async (who: keyof typeof agent, role: string, handled: number[], firstDay: number) => {
      for (const [i, n] of handled.entries()) {
        await post('/v1/workdays', { agentId: agent[who], role, workDate: `2027-03-${String(firstDay + i).padStart(2, '0')}`, handled: n });
      }
    };
    // 受理员: 张三 130 cases in 10 days, 王五 62 in 6 → 192 ÷ 16 = 12 a day.
    await days('zhang', 'intake', [13, 13, 13, 13, 13, 13, 13, 13, 13, 13], 1);
    await days('wang', 'intake', [10, 10, 10, 10, 11, 11], 1);
    // 派遣员: 李四 alone, 80 in 8 → exactly the benchmark 10.
    await days('li', 'dispatcher', [10, 10, 10, 10, 10, 10, 10, 10], 1);
    // 值班长: 王五 alone, 100 in 4 days → benchmark 100 ÷ 31 = 3.23 a day, his own 25 a day → above.
    await days('wang', 'shift_lead', [25, 25, 25, 25], 10);
    const twice = await supervisor('POST', '/v1/workdays', { agentId: agent.zhang, role: 'intake', workDate: '2027-03-01', handled: 1 });
    expect(twice.status).to.equal(409);
    const notHis = await supervisor('POST', '/v1/workdays', { agentId: agent.zhang, role: 'commander', workDate: '2027-03-01', handled: 1 });
    expect(notHis.status).to.equal(422);
    expect(notHis.body.errors[0].path).to.equal('role');
  });

  it('previews 张三\'s month (nothing stored) and refuses to publish before the month is over', async () => {
    const preview = await supervisor('GET', `/v1/agents/${agent.zhang}/scorecard-preview?month=2027-03`);
    expect(preview.status, preview.text).to.equal(200);
    // discipline: 20 − 2 × 1 (late) − 10 (absent a day) = 8.0
    // business: 60 − 13 × 0.1 (cameras) − 1 × 0.5 (self-reported error, halved) + 1 (found another's)
    //           − 9 × 0.5 (nodes) + 10 × 0.5 (workload: 130 − 12 × 10 = 10 cases above) = 59.7
    // total: 20.0 + 8.0 + 59.7 = 87.7
    expect(preview.body.parts.map((p: { score: string }) => p.score)).to.deep.equal(['20.0', '8.0', '59.7']);
    expect(preview.body).to.include({ total: '87.7', totalTenths: 877 });
    const workload = preview.body.lines.find((l: { itemCode: string }) => l.itemCode === 'workload.intake');
    expect(workload).to.deep.include({ count: 10, points: '5.0' });
    expect(workload.detail).to.include({ benchmark: '12', totalHandled: 192, divisorDays: 16, handled: 130, days: 10 });
    const early = await supervisor('POST', '/v1/assessment-publications', { month: '2027-03' });
    expect(early.status).to.equal(422);
    expect(early.body.errors[0]).to.include({ path: 'month' });
    expect(early.body.detail).to.contain('2027-04-01');
  });

  it('publishes March on 1 April: three immutable scorecards to the tenth of a point', async () => {
    await sys.advanceTo('2027-04-01T09:00:00+08:00');
    published = await post('/v1/assessment-publications', { month: '2027-03' });
    expect(published.scorecards).to.have.length(3);
    // 张三 87.7 (above).
    // 李四: internal 20 − 2 (uniform) = 18.0; discipline 20 − 1 (courtesy) = 19.0;
    //       business 60 − 2 × 2 (no instructions) − 0.5 (sent back, self-reported: half of 1)
    //       + 2 (suggestion) + 3 (emergency followed up) − 7 × 0.1 (reports short) + 0 (workload at benchmark) = 59.8
    //       total 96.8
    // 王五: internal 20 − 3 × 1 (cases left by the rota) = 17.0; discipline 20 − 2 × 10 − 5 = −5 → stops at 0.0;
    //       business 60 − 1 (reports) + (62 − 12 × 6 = −10 cases → −5.0) + 0.5 (shift lead above benchmark) = 54.5
    //       total 71.5
    expect(scorecardOf('zhang')).to.include({ total: '87.7', totalTenths: 877 });
    expect(scorecardOf('li')).to.include({ total: '96.8', totalTenths: 968 });
    expect(scorecardOf('wang')).to.include({ total: '71.5', totalTenths: 715 });
    const wang = await supervisor('GET', `/v1/scorecards/${scorecardOf('wang').id}`);
    const discipline = wang.body.parts.find((p: { part: string }) => p.part === 'discipline');
    expect(discipline).to.include({ score: '0.0', uncappedTenths: -50, capped: true });
    expect(wang.body.lines.filter((l: { itemCode: string }) => l.itemCode.startsWith('workload.')).map((l: { itemCode: string; points: string }) => [l.itemCode, l.points])).to.deep.equal([
      ['workload.intake', '-5.0'],
      ['workload.shift_lead', '0.5'],
    ]);
    expect(wang.body.appealWindow).to.deep.equal({ opensOn: '2027-04-01', closesOn: '2027-04-03' });

    const again = await supervisor('POST', '/v1/assessment-publications', { month: '2027-03' });
    expect(again.status).to.equal(409);
    const late = await supervisor('POST', '/v1/assessment-events', { agentId: agent.zhang, itemCode: 'phone.no_courtesy', occurredOn: '2027-03-30' });
    expect(late.status).to.equal(409);
    expect(late.body.detail).to.match(/appeal/);
    const voidLate = await supervisor('POST', `/v1/assessment-events/${absenceEventId}/void`, { reason: '事后更正' });
    expect(voidLate.status).to.equal(409);
  });

  it('an agent reads its own scorecard only', async () => {
    const asZhang = sys.as((agent as Record<string, string>).zhangToken!);
    expect((await asZhang('GET', `/v1/scorecards/${scorecardOf('zhang').id}`)).body.total).to.equal('87.7');
    expect((await asZhang('GET', `/v1/scorecards/${scorecardOf('li').id}`)).status).to.equal(404);
    expect((await asZhang('GET', `/v1/agents/${agent.li}`)).status).to.equal(404);
    const mine = await asZhang('GET', '/v1/scorecards');
    expect(mine.body.data.map((s: { agentId: string }) => s.agentId)).to.deep.equal([agent.zhang]);
    expect((await asZhang('POST', '/v1/assessment-events', { agentId: agent.zhang, itemCode: 'suggestion.adopted', occurredOn: '2027-03-30' })).status).to.equal(403);
    expect((await asZhang('POST', '/v1/assessment-publications', { month: '2027-03' })).status).to.equal(403);
  });

  it('day 2 after publication: 张三\'s appeal is upheld and a corrected version is issued; the first stays as published', async () => {
    await sys.advanceTo('2027-04-03T10:00:00+08:00');
    const asZhang = sys.as((agent as Record<string, string>).zhangToken!);
    const appeal = await asZhang('POST', `/v1/scorecards/${scorecardOf('zhang').id}/appeals`, { reason: '3月9日为批准的调休,不是旷工' });
    expect(appeal.status, appeal.text).to.equal(201);
    expect(appeal.body).to.include({ status: 'pending', lodgedOn: '2027-04-03', answerDueOn: '2027-04-05' });
    const twice = await asZhang('POST', `/v1/scorecards/${scorecardOf('zhang').id}/appeals`, { reason: '再次申诉' });
    expect(twice.status).to.equal(409);
    // An agent cannot answer its own appeal.
    expect((await asZhang('POST', `/v1/appeals/${appeal.body.id}/decision`, { outcome: 'upheld', reason: 'x', voidEventIds: [absenceEventId] })).status).to.equal(403);
    const noCorrection = await supervisor('POST', `/v1/appeals/${appeal.body.id}/decision`, { outcome: 'upheld', reason: '核实' });
    expect(noCorrection.status).to.equal(422);

    await sys.advanceTo('2027-04-04T16:00:00+08:00');
    const decided = await post(`/v1/appeals/${appeal.body.id}/decision`, { outcome: 'upheld', reason: '经核实为批准调休,撤销旷工扣分', voidEventIds: [absenceEventId] }, 200);
    expect(decided.appeal).to.include({ status: 'upheld', decidedOn: '2027-04-04', answeredLate: false });
    // discipline 8.0 + 10 = 18.0; total 20.0 + 18.0 + 59.7 = 97.7
    expect(decided.correctedScorecard).to.include({ version: 2, total: '97.7', totalTenths: 977, supersedesId: scorecardOf('zhang').id, appealId: appeal.body.id, reason: '经核实为批准调休,撤销旷工扣分', issuedOn: '2027-04-04' });
    const first = await supervisor('GET', `/v1/scorecards/${scorecardOf('zhang').id}`);
    expect(first.body).to.include({ version: 1, total: '87.7', current: false, currentId: decided.correctedScorecard.id });
    const again = await supervisor('POST', `/v1/appeals/${appeal.body.id}/decision`, { outcome: 'refused', reason: '再答复' });
    expect(again.status).to.equal(409);
    // The superseded version may no longer be appealed.
    expect((await asZhang('POST', `/v1/scorecards/${scorecardOf('zhang').id}/appeals`, { reason: '再次' })).status).to.equal(409);
    // The database refuses to edit a published scorecard.
    let refused = false;
    try {
      await sys.assessment.knex('scorecards').where({ id: scorecardOf('zhang').id }).update({ total_tenths: 1000 });
    } catch (e) {
      refused = /immutable/.test(String(e));
    }
    expect(refused).to.equal(true);
  });

  it('a scorecard as PDF (the corrected version, in Chinese) and the month as CSV, agents × items', async () => {
    const asZhang = sys.as((agent as Record<string, string>).zhangToken!);
    const corrected = (await supervisor('GET', `/v1/scorecards/${scorecardOf('zhang').id}`)).body.currentId as string;
    const res = await fetch(`${sys.gatewayUrl}/v1/scorecards/${corrected}/pdf`, { headers: { authorization: `Bearer ${(agent as Record<string, string>).zhangToken}` } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    const parser = new PDFParse({ data: new Uint8Array(await res.arrayBuffer()) });
    let text: string;
    try {
      text = (await parser.getText()).text;
    } finally {
      await parser.destroy();
    }
    for (const expected of ['坐席员月度考核表', '张三', '第 2 版', '总分:97.7', '经核实为批准调休', '本人发现并纠错,减半', '二(三)12', '2027-04-04 至 2027-04-06']) {
      expect(text, expected).to.contain(expected);
    }
    expect((await asZhang('GET', `/v1/scorecards/${scorecardOf('li').id}/pdf`)).status).to.equal(404);
    expect((await asZhang('GET', '/v1/scorecards/export?month=2027-03')).status).to.equal(403);

    const csv = await supervisor('GET', '/v1/scorecards/export?format=csv&month=2027-03');
    expect(csv.status, csv.text).to.equal(200);
    expect(csv.headers.get('content-type')).to.match(/^text\/csv/);
    const rows = csv.text.replace(/^\ufeff/, '').trim().split(/\r?\n/).map((l) => l.split(','));
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    const byName = Object.fromEntries(rows.slice(1).map((r) => [r[col('agentName')], r]));
    expect(Object.keys(byName)).to.have.members(['张三', '李四', '王五']);
    // 张三's current version is the corrected one; the others are as published.
    expect([byName['张三']![col('version')], byName['张三']![col('total')]]).to.deep.equal(['2', '97.7']);
    expect(byName['李四']![col('total')]).to.equal('96.8');
    expect([byName['王五']![col('discipline')], byName['王五']![col('total')]]).to.deep.equal(['0.0', '71.5']);
    expect(byName['王五']![col('二(三)12 workload.intake')]).to.equal('-5.0');
    expect(byName['张三']![col('二(三)4 intake.wrong_check_order (self-reported)')]).to.equal('-0.5');
  });

  it('a new catalogue version scores later months only; a published month keeps the version it used', async () => {
    const change = { note: '礼貌用语从严', changes: [{ code: 'phone.no_courtesy', pointsTenths: -20 }] };
    expect((await supervisor('POST', '/v1/assessment-catalogue/versions', { ...change, effectiveFrom: '2027-05' })).status).to.equal(403);
    const past = await sys.api('POST', '/v1/assessment-catalogue/versions', { ...change, effectiveFrom: '2027-03' });
    expect(past.status).to.equal(422);
    expect(past.body.errors[0].path).to.equal('effectiveFrom');
    const flipped = await sys.api('POST', '/v1/assessment-catalogue/versions', { ...change, changes: [{ code: 'phone.no_courtesy', pointsTenths: 10 }], effectiveFrom: '2027-05' });
    expect(flipped.status).to.equal(422);
    expect(flipped.body.errors[0].path).to.equal('changes[0].pointsTenths');
    const v2 = await sys.api('POST', '/v1/assessment-catalogue/versions', { ...change, effectiveFrom: '2027-05' });
    expect(v2.status, v2.text).to.equal(201);
    expect(v2.body).to.include({ version: 2, effectiveFrom: '2027-05' });
    const item = (c: { items: Array<{ code: string; points: string }> }) => c.items.find((i) => i.code === 'phone.no_courtesy')!.points;
    expect(item((await supervisor('GET', '/v1/assessment-catalogue?month=2027-04')).body)).to.equal('-1.0');
    expect(item((await supervisor('GET', '/v1/assessment-catalogue?month=2027-05')).body)).to.equal('-2.0');
    // 李四's March (no courtesy once, −1.0 under version 1) is unchanged.
    const li = await supervisor('GET', `/v1/scorecards/${scorecardOf('li').id}`);
    expect(li.body).to.include({ catalogueVersion: 1, total: '96.8' });
    expect(li.body.lines.find((l: { itemCode: string }) => l.itemCode === 'phone.no_courtesy')).to.include({ unitPoints: '-1.0', points: '-1.0' });
  });

  it('day 3 after publication: 李四\'s appeal is refused with a 422 naming the window', async () => {
    const res = await supervisor('POST', `/v1/scorecards/${scorecardOf('li').id}/appeals`, { reason: '派遣差错不应扣分' });
    expect(res.status, res.text).to.equal(422);
    expect(res.headers.get('content-type')).to.match(/problem\+json/);
    expect(res.body.errors[0].path).to.equal('appealWindow');
    expect(res.body.detail).to.contain('2027-04-01 to 2027-04-03');
    expect(res.body.appealWindow).to.deep.equal({ opensOn: '2027-04-01', closesOn: '2027-04-03' });
    const appeals = await supervisor('GET', `/v1/appeals?agentId=${agent.li}`);
    expect(appeals.body).to.deep.equal({ data: [], hasMore: false, nextCursor: null });
    const li = await supervisor('GET', `/v1/scorecards?agentId=${agent.li}`);
    expect(li.body.data.map((s: { total: string }) => s.total)).to.deep.equal(['96.8']);
  });
});

describe('assessment through the gateway: the year, its bands and two failing years (一(九), 一(十))', function () {
  this.timeout(120_000);
  let sys: System;

  before(async () => {
    sys = await startSystem('assessment_year');
    await sys.advanceTo('2027-01-31T18:00:00+08:00');
  });
  after(async () => sys?.close());

  it('scores each year from its published months and the year-end evaluation; flags the second failing year', async () => {
    const t = await sys.api('POST', '/v1/tenants', { name: '年度考核中心', billingEmails: ['hr@year.example'] });
    const tenantId = t.body.id as string;
    const settings = await sys.api('PUT', `/v1/tenants/${tenantId}/assessment-settings`, { excellentFromTenths: 950, failBelowTenths: 600, yearEndWeightPercent: 50 });
    expect(settings.status, settings.text).to.equal(200);
    const inverted = await sys.api('PUT', `/v1/tenants/${tenantId}/assessment-settings`, { excellentFromTenths: 500, failBelowTenths: 600, yearEndWeightPercent: 50 });
    expect(inverted.status).to.equal(422);
    const good = (await sys.api('POST', '/v1/agents', { tenantId, name: '优秀', roles: ['commander'], joinedOn: '2026-12-01' })).body.id as string;
    const poor = (await sys.api('POST', '/v1/agents', { tenantId, name: '不及格', roles: ['intake'], joinedOn: '2026-12-01' })).body.id as string;
    // A month at 0.0: every part deducted past its points.
    const ruin = async (month: string) => {
      for (const [itemCode, count] of [['training.exam_failed', 3], ['absence.over_one_day', 3], ['emergency.handling_delayed', 7]] as const) {
        const r = await sys.api('POST', '/v1/assessment-events', { agentId: poor, itemCode, occurredOn: `${month}-20`, count });
        expect(r.status, r.text).to.equal(201);
      }
    };
    await ruin('2027-01');
    await sys.advanceTo('2027-02-01T09:00:00+08:00');
    const jan = await sys.api('POST', '/v1/assessment-publications', { tenantId, month: '2027-01' });
    const janOf = (agentId: string) => jan.body.scorecards.find((s: { agentId: string }) => s.agentId === agentId);
    expect([janOf(good).total, janOf(poor).total]).to.deep.equal(['100.0', '0.0']);

    await sys.advanceTo('2027-12-31T09:00:00+08:00');
    expect((await sys.api('POST', '/v1/year-end-evaluations', { agentId: good, year: 2027, scoreTenths: 950 })).status).to.equal(201);
    expect((await sys.api('POST', '/v1/year-end-evaluations', { agentId: poor, year: 2027, scoreTenths: 500 })).status).to.equal(201);
    expect((await sys.api('POST', '/v1/year-end-evaluations', { agentId: poor, year: 2027, scoreTenths: 900 })).status).to.equal(409);
    expect((await sys.api('POST', '/v1/year-end-evaluations', { agentId: poor, year: 2028, scoreTenths: 900 })).status).to.equal(422);

    // 2027, weight 50%: 优秀 (100.0 + 95.0) ÷ 2 = 97.5 ≥ 95.0 → excellent; 不及格 (0.0 + 50.0) ÷ 2 = 25.0 < 60.0 → fail
    const good2027 = (await sys.api('GET', `/v1/agents/${good}/years/2027`)).body;
    expect(good2027).to.include({ score: '97.5', band: 'excellent', provisional: false, hrFlag: false });
    const poor2027 = (await sys.api('GET', `/v1/agents/${poor}/years/2027`)).body;
    expect(poor2027).to.include({ monthsCounted: 1, monthlyAverage: '0.0', yearEnd: '50.0', score: '25.0', band: 'fail', hrFlag: false });
    expect(poor2027.months).to.deep.equal([{ month: '2027-01', scorecardId: janOf(poor).id, version: 1, total: '0.0', totalTenths: 0 }]);

    await sys.advanceTo('2028-01-31T18:00:00+08:00');
    await ruin('2028-01');
    await sys.advanceTo('2028-02-01T09:00:00+08:00');
    expect((await sys.api('POST', '/v1/assessment-publications', { tenantId, month: '2028-01' })).status).to.equal(201);
    const provisional = (await sys.api('GET', `/v1/agents/${poor}/years/2028`)).body;
    expect(provisional).to.include({ provisional: true, band: null, hrFlag: false });
    expect((await sys.api('POST', '/v1/year-end-evaluations', { agentId: poor, year: 2028, scoreTenths: 400 })).status).to.equal(201);
    // 2028: (0.0 + 40.0) ÷ 2 = 20.0 → fail, after 2027's fail → the flag for HR
    const poor2028 = (await sys.api('GET', `/v1/agents/${poor}/years/2028`)).body;
    expect(poor2028).to.include({ score: '20.0', band: 'fail', hrFlag: true });
    expect(poor2028.previousYear).to.include({ year: 2027, score: '25.0', band: 'fail' });
    expect(poor2028.hrFlagReason).to.contain('一(十)');
  });
});
