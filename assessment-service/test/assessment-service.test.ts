/**
 * assessment-service on a real embedded PostgreSQL: the seeded catalogue, the database's refusal
 * to edit a published scorecard, and publishing racing with recording (an event lands in the
 * month's scorecard or is refused — never stored and left out).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { SEED_CATALOGUE } from '../src/rules/catalogue';
import { startAssessmentHarness, type Harness } from './harness';

describe('assessment-service (real embedded PostgreSQL)', () => {
  let h: Harness;
  const tenantId = randomUUID();

  before(async () => {
    h = await startAssessmentHarness('assessment_service', '2027-03-31T23:00:00+08:00');
  });
  after(async () => h?.close());

  it('refuses calls without the internal credential', async () => {
    expect((await fetch(`${h.svc.url}/v1/assessment-catalogue`)).status).to.equal(401);
  });

  it('seeds catalogue version 1 from the document, every item with its points', async () => {
    const res = await h.call('GET', '/v1/assessment-catalogue?month=2027-03');
    expect(res.body.version).to.equal(1);
    expect(res.body.items.map((i: { code: string; pointsTenths: number }) => [i.code, i.pointsTenths])).to.deep.equal(SEED_CATALOGUE.map((i) => [i.code, i.pointsTenths]));
    expect(res.body.parts.map((p: { max: string }) => p.max)).to.deep.equal(['20.0', '20.0', '60.0']);
    expect((await h.call('GET', '/v1/assessment-catalogue?month=2027-13')).status).to.equal(400);
  });

  it('publishing races with recording: every stored event is on the scorecard, every other one was refused', async () => {
    const agent = await h.call('POST', '/v1/agents', { tenantId, name: '并发', roles: ['intake'], joinedOn: '2027-01-01' });
    expect(agent.status, agent.text).to.equal(201);
    const record = () => h.call('POST', '/v1/assessment-events', { agentId: agent.body.id, itemCode: 'video.camera_missed', occurredOn: '2027-03-31' });
    // Before April the month cannot be published; at 00:00 on 1 April recording and publishing race.
    const early = await Promise.all(Array.from({ length: 5 }, record));
    expect(early.map((r) => r.status)).to.deep.equal([201, 201, 201, 201, 201]);
    h.setNow('2027-04-01T00:00:00+08:00');
    const racing = Array.from({ length: 20 }, record);
    const publish = h.call('POST', '/v1/assessment-publications', { tenantId, month: '2027-03' });
    const answers = await Promise.all(racing);
    const published = await publish;
    expect(published.status, published.text).to.equal(201);
    const stored = answers.filter((r) => r.status === 201).length + 5;
    expect(answers.every((r) => r.status === 201 || r.status === 409)).to.equal(true);
    // each stored camera −0.1 from 60.0
    expect(published.body.scorecards[0].totalTenths).to.equal(1000 - stored);
    const events = await h.call('GET', `/v1/assessment-events?agentId=${agent.body.id}&limit=500`);
    expect(events.body.data).to.have.length(stored);
  });

  it('the database refuses to edit or delete a published scorecard', async () => {
    const sc = await h.svc.knex('scorecards').first();
    let update = '';
    let del = '';
    await h.svc.knex('scorecards').where({ id: sc.id }).update({ total_tenths: 1000 }).catch((e: Error) => (update = e.message));
    await h.svc.knex('scorecards').where({ id: sc.id }).delete().catch((e: Error) => (del = e.message));
    expect(update).to.match(/immutable/);
    expect(del).to.match(/immutable/);
  });

  it('refuses an unknown query parameter and a cursor it did not give (400 naming it)', async () => {
    const unknown = await h.call('GET', '/v1/scorecards?colour=red');
    expect(unknown.status).to.equal(400);
    const cursor = await h.call('GET', '/v1/scorecards?cursor=bm9wZQ');
    expect(cursor.status).to.equal(400);
    expect(cursor.body.errors[0].path).to.equal('cursor');
  });
});
