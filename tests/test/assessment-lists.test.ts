/**
 * Issue 17: assessment-service's lists page as every list does (shared/src/list-page.ts):
 * `{data, hasMore, nextCursor}`, limit/cursor/order, an unknown parameter 400. For each list
 * (agents, events, workdays, scorecards, appeals): more rows than a page walked by cursor, every
 * row once and in the order of one big page; a filter applied before the limit (the one matching
 * row, oldest of all, is found with `limit=1`).
 */
import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

type Row = { id: string } & Record<string, unknown>;

describe('assessment lists: keyset pages, every row once, filters before the limit', function () {
  this.timeout(120_000);
  let sys: System;
  let tenantA: string;
  let tenantB: string;
  const agentsA: string[] = [];
  let agentB: string;
  let refusedAppeal: string;

  async function walk(path: string, limit: number): Promise<Row[]> {
    const sep = path.includes('?') ? '&' : '?';
    const seen: Row[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await sys.api('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status, `${path}: ${res.text}`).to.equal(200);
      expect(res.body).to.have.all.keys('data', 'hasMore', 'nextCursor');
      seen.push(...(res.body.data as Row[]));
      expect(res.body.hasMore).to.equal(res.body.nextCursor !== null);
      if (!res.body.hasMore) return seen;
      expect(res.body.data.length, 'a page with more after it is full').to.equal(limit);
      cursor = res.body.nextCursor as string;
    }
    throw new Error(`${path}: more than 50 pages`);
  }

  /** Pages of `limit` against one page of 500: the same rows in the same order, each once; asc reverses. */
  async function pagesMatchOneBigPage(path: string, limit: number): Promise<Row[]> {
    const sep = path.includes('?') ? '&' : '?';
    const all = await sys.api('GET', `${path}${sep}limit=500`);
    expect(all.status, all.text).to.equal(200);
    const everything = all.body.data as Row[];
    expect(everything.length, `${path} has more rows than a page`).to.be.greaterThan(limit);
    const ids = (await walk(path, limit)).map((r) => r.id);
    expect(new Set(ids).size, 'no row twice').to.equal(ids.length);
    expect(ids).to.deep.equal(everything.map((r) => r.id));
    expect((await walk(`${path}${sep}order=asc`, limit)).map((r) => r.id)).to.deep.equal([...ids].reverse());
    return everything;
  }

  /** The filter finds its one row with limit=1 although that row is the oldest (last of the unfiltered list). */
  async function filterBeforeLimit(path: string, filter: string, expectedId: string): Promise<void> {
    const sep = path.includes('?') ? '&' : '?';
    const unfiltered = await sys.api('GET', `${path}${sep}limit=1`);
    expect(unfiltered.body.data[0].id, 'the matching row is not first without the filter').to.not.equal(expectedId);
    const res = await sys.api('GET', `${path}${sep}${filter}&limit=1`);
    expect(res.status, res.text).to.equal(200);
    expect(res.body.data.map((r: Row) => r.id)).to.deep.equal([expectedId]);
    expect(res.body).to.include({ hasMore: false, nextCursor: null });
  }

  before(async () => {
    sys = await startSystem('assessment_lists');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    tenantB = (await sys.api('POST', '/v1/tenants', { name: '列表乙', billingEmails: ['b@lists.example'] })).body.id;
    tenantA = (await sys.api('POST', '/v1/tenants', { name: '列表甲', billingEmails: ['a@lists.example'] })).body.id;
    // B's agent and its rows come first: the oldest of every list.
    agentB = (await sys.api('POST', '/v1/agents', { tenantId: tenantB, name: '乙一', roles: ['intake'], joinedOn: '2027-01-04' })).body.id;
    expect((await sys.api('POST', '/v1/assessment-events', { agentId: agentB, itemCode: 'phone.no_courtesy', occurredOn: '2027-02-26' })).status).to.equal(201);
    expect((await sys.api('POST', '/v1/workdays', { agentId: agentB, role: 'intake', workDate: '2027-02-26', handled: 9 })).status).to.equal(201);
    for (let i = 0; i < 7; i++) {
      // A minute apart, so that newest first is visible (the id breaks ties within an instant).
      await sys.advanceTo(`2027-03-01T09:0${i + 1}:00+08:00`);
      const a = await sys.api('POST', '/v1/agents', { tenantId: tenantA, name: `甲${i}`, roles: ['intake'], joinedOn: '2027-01-04' });
      expect(a.status, a.text).to.equal(201);
      agentsA.push(a.body.id);
      expect((await sys.api('POST', '/v1/assessment-events', { agentId: a.body.id, itemCode: 'phone.no_courtesy', occurredOn: '2027-02-26' })).status).to.equal(201);
      expect((await sys.api('POST', '/v1/workdays', { agentId: a.body.id, role: 'intake', workDate: '2027-02-26', handled: 10 + i })).status).to.equal(201);
    }
    // February published for B first, then A: 1 + 7 scorecards.
    expect((await sys.api('POST', '/v1/assessment-publications', { tenantId: tenantB, month: '2027-02' })).status).to.equal(201);
    await sys.advanceTo('2027-03-01T10:00:00+08:00');
    const pubA = await sys.api('POST', '/v1/assessment-publications', { tenantId: tenantA, month: '2027-02' });
    expect(pubA.status, pubA.text).to.equal(201);
    // Five appeals; the first (oldest) refused.
    const scorecardIds = (pubA.body.scorecards as Array<{ id: string }>).map((s) => s.id);
    for (const [i, id] of scorecardIds.slice(0, 5).entries()) {
      await sys.advanceTo(`2027-03-01T11:0${i}:00+08:00`);
      const ap = await sys.api('POST', `/v1/scorecards/${id}/appeals`, { reason: `申诉 ${i}` });
      expect(ap.status, ap.text).to.equal(201);
      if (i === 0) refusedAppeal = ap.body.id;
    }
    expect((await sys.api('POST', `/v1/appeals/${refusedAppeal}/decision`, { outcome: 'refused', reason: '维持' })).status).to.equal(200);
  });
  after(async () => sys?.close());

  it('agents', async () => {
    const rows = await pagesMatchOneBigPage('/v1/agents', 3);
    expect(rows).to.have.length(8);
    await filterBeforeLimit('/v1/agents', `tenantId=${tenantB}`, agentB);
  });

  it('events', async () => {
    const rows = await pagesMatchOneBigPage('/v1/assessment-events', 3);
    expect(rows).to.have.length(8);
    const first = rows[rows.length - 1]!;
    expect(first.agentId).to.equal(agentB);
    await filterBeforeLimit('/v1/assessment-events', `agentId=${agentB}`, first.id);
  });

  it('workdays', async () => {
    const rows = await pagesMatchOneBigPage('/v1/workdays', 3);
    expect(rows).to.have.length(8);
    await filterBeforeLimit('/v1/workdays', `tenantId=${tenantB}&month=2027-02`, rows[rows.length - 1]!.id);
  });

  it('scorecards', async () => {
    const rows = await pagesMatchOneBigPage('/v1/scorecards', 3);
    expect(rows).to.have.length(8);
    expect(rows[rows.length - 1]!.agentId).to.equal(agentB);
    await filterBeforeLimit('/v1/scorecards', `agentId=${agentB}&month=2027-02`, rows[rows.length - 1]!.id);
  });

  it('appeals', async () => {
    const rows = await pagesMatchOneBigPage('/v1/appeals', 2);
    expect(rows).to.have.length(5);
    expect(rows[rows.length - 1]!.id).to.equal(refusedAppeal);
    await filterBeforeLimit('/v1/appeals', 'status=refused', refusedAppeal);
    expect((await sys.api('GET', '/v1/appeals?status=pending&limit=500')).body.data).to.have.length(4);
  });

  it('refuses an unknown parameter, a bad limit and a cursor it did not give, naming each', async () => {
    for (const list of ['/v1/agents', '/v1/assessment-events', '/v1/workdays', '/v1/scorecards', '/v1/appeals']) {
      for (const [query, field] of [['colour=red', 'colour'], ['limit=0', 'limit'], ['limit=501', 'limit'], ['cursor=bm90LWEtY3Vyc29y', 'cursor'], ['order=sideways', 'order']]) {
        const res = await sys.api('GET', `${list}?${query}`);
        expect([res.status, res.body.errors?.[0]?.path], `${list}?${query}`).to.deep.equal([400, field]);
      }
    }
  });
});
