/**
 * Issue 24: every list pages the same way (API.md "Lists and corrections"). For each list, more
 * rows than a page are walked by cursor and every row is seen exactly once, in the same order as
 * one big page; a filter runs before the limit (a matching row that is not on the first page of
 * the unfiltered list is still found with `limit=1`).
 */
import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

type Row = { id: string } & Record<string, unknown>;

describe('lists: {data, hasMore, nextCursor}, keyset pages, filters before the limit', function () {
  this.timeout(180_000);
  let sys: System;
  const tenantIds: string[] = [];
  const contractIds: string[] = [];
  const seatOrderIds: string[] = [];

  /** Follows nextCursor from the first page to the last; asserts the page shape on the way. */
  async function walk(path: string, limit: number, between?: (page: number) => Promise<void>): Promise<Row[]> {
    const sep = path.includes('?') ? '&' : '?';
    const seen: Row[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const res: { status: number; text: string; body: any } = await sys.api('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status, `${path}: ${res.text}`).to.equal(200);
      expect(res.body).to.have.all.keys('data', 'hasMore', 'nextCursor');
      expect(res.body.data.length).to.be.at.most(limit);
      seen.push(...res.body.data);
      expect(res.body.hasMore).to.equal(res.body.nextCursor !== null);
      if (!res.body.hasMore) return seen;
      expect(res.body.data.length, 'a page with more after it is full').to.equal(limit);
      cursor = res.body.nextCursor;
      await between?.(page);
    }
    throw new Error(`${path}: more than 100 pages`);
  }

  /** Walks `path` in pages of `limit` and checks it against one page of 500: same rows, same order, each once. */
  async function pagesMatchOneBigPage(path: string, limit: number, atLeast: number): Promise<Row[]> {
    const sep = path.includes('?') ? '&' : '?';
    const all = await sys.api('GET', `${path}${sep}limit=500`);
    expect(all.status, all.text).to.equal(200);
    expect(all.body.hasMore).to.equal(false);
    const everything = all.body.data as Row[];
    expect(everything.length, `${path} has more rows than a page`).to.be.greaterThan(limit).and.at.least(atLeast);
    const walked = await walk(path, limit);
    const ids = walked.map((r) => r.id);
    expect(new Set(ids).size, 'no row twice').to.equal(ids.length);
    expect(ids).to.deep.equal(everything.map((r) => r.id));
    // order=asc is the same rows the other way round.
    const asc = await walk(`${path}${sep}order=asc`, limit);
    expect(asc.map((r) => r.id)).to.deep.equal([...ids].reverse());
    return everything;
  }

  before(async () => {
    sys = await startSystem('lists');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    for (let i = 0; i < 7; i++) {
      // A minute apart: createdAt comes from the test clock, and "newest first" is then visible.
      await sys.advanceTo(`2027-03-01T09:0${i}:00+08:00`);
      const t = await sys.api('POST', '/v1/tenants', { name: `列表测试租户 ${i} ${i === 0 ? '甲乙' : ''}`.trim(), billingEmails: [`ap${i}@t.example`] });
      expect(t.status, t.text).to.equal(201);
      tenantIds.push(t.body.id);
    }
    for (let i = 0; i < 4; i++) {
      const c = await sys.api('POST', '/v1/contracts', { tenantId: tenantIds[0], seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 2, openingDate: '2027-03-15' });
      expect(c.status, c.text).to.equal(201);
      contractIds.push(c.body.id);
      seatOrderIds.push((await sys.api('GET', `/v1/contracts/${c.body.id}/seat-orders`)).body.data[0].id);
    }
  });
  after(async () => sys.close());

  it('refuses an unknown parameter, a bad limit and a cursor it did not give, naming each', async () => {
    for (const [path, field] of [
      ['/v1/invoices?stauts=open', 'stauts'],
      ['/v1/contracts?after=x', 'after'],
      ['/v1/tenants?offset=5', 'offset'],
      ['/v1/invoices?limit=0', 'limit'],
      ['/v1/invoices?limit=501', 'limit'],
      ['/v1/payments?limit=ten', 'limit'],
      ['/v1/invoices?cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['/v1/tenants?cursor=WyJ4IiwieSJd', 'cursor'],
      ['/v1/invoices?order=newest', 'order'],
      ['/v1/invoices?status=open&status=paid', 'status'],
      ['/v1/api-keys?bogus=1', 'bogus'],
    ] as const) {
      const res = await sys.api('GET', path);
      expect(res.status, `${path}: ${res.text}`).to.equal(400);
      expect(res.body.errors.map((e: { path: string }) => e.path), path).to.include(field);
    }
  });

  it('tenants: pages, q searches the name before the limit, and rows inserted between pages neither repeat nor hide one', async () => {
    const all = await pagesMatchOneBigPage('/v1/tenants', 3, 7);
    expect(all[0]!.id, 'newest first').to.equal(tenantIds[6]);
    // The oldest tenant is the only one named 甲乙: found with limit=1 although it is last.
    const found = await sys.api('GET', `/v1/tenants?q=${encodeURIComponent('甲乙')}&limit=1`);
    expect(found.body.data.map((t: Row) => t.id)).to.deep.equal([tenantIds[0]]);
    expect((await sys.api('GET', '/v1/tenants?q=%25')).body.data, 'a % is a character, not a wildcard').to.deep.equal([]);
    // Insert while walking: every row that existed is seen exactly once and in its place (a new
    // row made at the same instant as the cursor's may sort after it and be seen too: never twice).
    let n = 0;
    const inserted = new Set<string>();
    const walked = await walk('/v1/tenants', 2, async () => {
      const t = await sys.api('POST', '/v1/tenants', { name: `途中插入 ${n++}`, billingEmails: ['mid@t.example'] });
      expect(t.status).to.equal(201);
      inserted.add(t.body.id);
    });
    const ids = walked.map((r) => r.id);
    expect(new Set(ids).size, 'no row twice').to.equal(ids.length);
    expect(ids.filter((id) => !inserted.has(id))).to.deep.equal(all.map((r) => r.id));
    expect(n).to.be.greaterThan(2);
  });

  it('contracts: pages; status, tenantId and endingBefore filter before the limit; list = detail', async () => {
    await pagesMatchOneBigPage(`/v1/contracts?tenantId=${tenantIds[0]}`, 3, 4);
    await sys.advanceTo('2027-03-15T10:00:00+08:00');
    // Only the oldest contract opens its seats: "active" must find it with limit=1.
    expect((await sys.api('POST', `/v1/seat-orders/${seatOrderIds[0]}/open`, { openedOn: '2027-03-15' })).status).to.equal(200);
    const active = await sys.api('GET', '/v1/contracts?status=active&limit=1');
    expect(active.body.data.map((c: Row) => c.id)).to.deep.equal([contractIds[0]]);
    expect(active.body.hasMore).to.equal(false);
    const pending = await sys.api('GET', '/v1/contracts?status=pending_opening&limit=500');
    expect(pending.body.data.map((c: Row) => c.id).sort()).to.deep.equal(contractIds.slice(1).sort());
    expect((await sys.api('GET', `/v1/contracts?tenantId=${tenantIds[1]}`)).body.data).to.deep.equal([]);
    expect((await sys.api('GET', '/v1/contracts?endingBefore=2028-03-01')).body.data.length).to.equal(4);
    expect((await sys.api('GET', '/v1/contracts?endingBefore=2028-02-29')).body.data.length).to.equal(0);
    // One value per field: the list shows what the detail shows (depositHeld included).
    const listed = active.body.data[0];
    const detail = (await sys.api('GET', `/v1/contracts/${contractIds[0]}`)).body;
    expect(listed.depositHeld).to.equal(400000);
    expect(listed).to.deep.equal(detail);
  });

  it('seat orders: pages a contract\'s orders; kind filters before the limit', async () => {
    const c = contractIds[0]!;
    for (const day of ['2027-03-25', '2027-03-26', '2027-03-27']) {
      const add = await sys.api('POST', `/v1/contracts/${c}/seat-orders`, { kind: 'add', quantity: 1, effectiveDate: day });
      expect(add.status, add.text).to.equal(201);
    }
    const ret = await sys.api('POST', `/v1/contracts/${c}/seat-orders`, { kind: 'return', quantity: 1, effectiveDate: '2027-04-30' });
    expect(ret.status, ret.text).to.equal(201);
    const all = await pagesMatchOneBigPage(`/v1/contracts/${c}/seat-orders`, 2, 5);
    expect(all.at(-1)!.id, 'the initial seats are the oldest order').to.equal(seatOrderIds[0]);
    const adds = await sys.api('GET', `/v1/contracts/${c}/seat-orders?kind=add&order=desc&limit=500`);
    expect(adds.body.data.map((o: Row) => o.kind)).to.deep.equal(['add', 'add', 'add', 'add']);
  });

  it('outages and force majeure: pages; cause and claimedBy filter before the limit', async () => {
    await sys.advanceTo('2027-04-20T10:00:00+08:00');
    const c = contractIds[0]!;
    const causes = ['tenant', 'provider', 'provider', 'provider'];
    for (const [i, cause] of causes.entries()) {
      const o = await sys.api('POST', `/v1/contracts/${c}/outages`, {
        startedAt: `2027-04-0${i + 1}T10:00:00+08:00`,
        endedAt: `2027-04-0${i + 1}T11:00:00+08:00`,
        seatsAffected: 1,
        cause,
      });
      expect(o.status, o.text).to.equal(201);
      expect(o.body.startedAt, 'instants answered in +08:00').to.equal(`2027-04-0${i + 1}T10:00:00+08:00`);
    }
    await pagesMatchOneBigPage(`/v1/contracts/${c}/outages`, 3, 4);
    const tenantCaused = await sys.api('GET', `/v1/contracts/${c}/outages?cause=tenant&limit=1`);
    expect(tenantCaused.body.data.map((o: { startedAt: string }) => o.startedAt)).to.deep.equal(['2027-04-01T10:00:00+08:00']);

    const claims = ['tenant', 'provider', 'provider'];
    for (const [i, claimedBy] of claims.entries()) {
      const fm = await sys.api('POST', '/v1/force-majeure', {
        startedAt: `2027-04-1${i}T00:00:00+08:00`,
        endedAt: `2027-04-1${i}T06:00:00+08:00`,
        noticeGivenOn: `2027-04-1${i}`,
        claimedBy,
        description: `台风 ${i}`,
        ...(i === 2 ? { contractIds: [contractIds[1]] } : {}),
      });
      expect(fm.status, fm.text).to.equal(201);
    }
    await pagesMatchOneBigPage('/v1/force-majeure', 2, 3);
    const byTenant = await sys.api('GET', '/v1/force-majeure?claimedBy=tenant&limit=1');
    expect(byTenant.body.data.map((f: { description: string }) => f.description)).to.deep.equal(['台风 0']);
    // contractId: the events that cover it (for every contract, or naming it).
    expect((await sys.api('GET', `/v1/force-majeure?contractId=${contractIds[0]}`)).body.data.length).to.equal(2);
    const forSecond = (await sys.api('GET', `/v1/force-majeure?contractId=${contractIds[1]}`)).body.data;
    expect(forSecond.length).to.equal(3);
    expect(forSecond[0].contractIds).to.deep.equal([contractIds[1]]);
  });

  it('invoices: pages; status=open and overdue=true find the one open bill wherever it sits', async () => {
    await sys.advanceTo('2027-05-11T09:00:00+08:00');
    const all = await pagesMatchOneBigPage('/v1/invoices', 4, 12);
    // Pay every bill but one in the middle of the order: that one is on no first page.
    const keep = all[Math.floor(all.length / 2)]!;
    for (const inv of all) {
      if (inv.id === keep.id || (inv.amountDue as number) === 0) continue;
      const p = await sys.api('POST', '/v1/payments', { tenantId: inv.tenantId, amount: inv.amountDue, method: 'bank_transfer', reference: `L-${inv.number}`, receivedOn: '2027-05-11', invoiceId: inv.id });
      expect(p.status, p.text).to.equal(201);
    }
    for (const order of ['desc', 'asc']) {
      const open = await sys.api('GET', `/v1/invoices?status=open&limit=1&order=${order}`);
      expect(open.body.data.map((i: Row) => i.id), order).to.deep.equal([keep.id]);
      expect(open.body.hasMore).to.equal(false);
    }
    const paid = await walk('/v1/invoices?status=paid', 3);
    expect(paid.length).to.equal(all.length - 1);
    const overdue = await sys.api('GET', '/v1/invoices?overdue=true&limit=1');
    const isOverdue = (keep.dueDate as string) < '2027-05-11';
    expect(overdue.body.data.map((i: Row) => i.id)).to.deep.equal(isOverdue ? [keep.id] : []);
    // Other filters, each in SQL.
    const byNumber = await sys.api('GET', `/v1/invoices?number=${keep.number}`);
    expect(byNumber.body.data.map((i: Row) => i.id)).to.deep.equal([keep.id]);
    const april = (await walk('/v1/invoices?period=2027-04', 1)).map((i) => i.period);
    expect(april.length).to.be.greaterThan(0);
    expect(new Set(april)).to.deep.equal(new Set(['2027-04']));
    const range = await walk('/v1/invoices?periodFrom=2027-04&periodTo=2027-05', 2);
    expect(range.every((i) => (i.period as string) >= '2027-04' && (i.period as string) <= '2027-05')).to.equal(true);
    expect(range.length).to.equal(all.filter((i) => (i.period as string) >= '2027-04' && (i.period as string) <= '2027-05').length);
    const dueBefore = await walk('/v1/invoices?dueBefore=2027-04-01', 2);
    expect(dueBefore.length).to.equal(all.filter((i) => (i.dueDate as string) < '2027-04-01').length);
    const oneContract = await walk(`/v1/invoices?contractId=${contractIds[2]}`, 1);
    expect(oneContract.length).to.be.greaterThan(1);
    expect(oneContract.every((i) => i.contractId === contractIds[2])).to.equal(true);
  });

  it('payments and credit notes: pages; receivedFrom/To and invoiceId filter before the limit', async () => {
    const payments = await pagesMatchOneBigPage(`/v1/payments?tenantId=${tenantIds[0]}`, 3, 8);
    expect(payments.every((p) => p.receivedOn === '2027-05-11')).to.equal(true);
    const early = await sys.api('POST', '/v1/payments', { tenantId: tenantIds[0], amount: 100, method: 'bank_transfer', reference: 'EARLY-1', receivedOn: '2027-03-02' });
    expect(early.status, early.text).to.equal(201);
    const march = await sys.api('GET', '/v1/payments?receivedFrom=2027-03-01&receivedTo=2027-03-31&limit=1');
    expect(march.body.data.map((p: Row) => p.reference)).to.deep.equal(['EARLY-1']);

    const open = (await sys.api('GET', '/v1/invoices?status=open')).body.data[0];
    const cns: string[] = [];
    for (let i = 0; i < 3; i++) {
      const cn = await sys.api('POST', `/v1/invoices/${open.id}/credit-notes`, { amount: 100 + i, reason: `调整 ${i}` });
      expect(cn.status, cn.text).to.equal(201);
      cns.push(cn.body.id);
    }
    const listed = await pagesMatchOneBigPage('/v1/credit-notes', 2, 3);
    expect(listed.map((c) => c.id)).to.deep.equal([...cns].reverse());
    expect((await sys.api('GET', `/v1/credit-notes?invoiceId=${open.id}&limit=500`)).body.data.length).to.equal(3);
  });

  it('calls, billing runs, audit log and API keys: pages and filters', async () => {
    const c = contractIds[0]!;
    const calls = Array.from({ length: 7 }, (_, i) => ({ id: `L-${i}`, seat: `S${i % 2}`, startedAt: `2027-0${i < 4 ? 4 : 5}-0${i + 1}T09:00:00+08:00`, durationSeconds: 61, callType: 'local' }));
    const imported = await sys.api('POST', `/v1/calls?contractId=${c}`, calls);
    expect(imported.body.accepted, imported.text).to.equal(7);
    await pagesMatchOneBigPage(`/v1/calls?contractId=${c}`, 3, 7);
    const april = await sys.api('GET', `/v1/calls?contractId=${c}&month=2027-04&order=asc&limit=500`);
    expect(april.body.data.map((x: Row) => x.id)).to.deep.equal(['L-0', 'L-1', 'L-2', 'L-3']);
    expect((await sys.api('GET', '/v1/calls')).status, 'a contract is required').to.equal(400);

    const runs = await pagesMatchOneBigPage('/v1/billing-runs', 1, 3);
    const periods = runs.map((r) => r.period as string);
    expect(periods.slice(0, 3)).to.deep.equal(['2027-06', '2027-05', '2027-04']);
    expect(periods).to.deep.equal([...periods].sort().reverse());
    expect((await sys.api('GET', '/v1/billing-runs?status=running')).body.data).to.deep.equal([]);

    await pagesMatchOneBigPage(`/v1/contracts/${c}/audit-log`, 4, 10);
    await pagesMatchOneBigPage('/v1/audit-log?entity=tenant', 3, 7);
    const signed = await sys.api('GET', `/v1/audit-log?action=contract.signed&limit=1&order=asc`);
    expect(signed.body.data[0].entityId).to.equal(contractIds[0]);

    for (let i = 0; i < 3; i++) expect((await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId: tenantIds[i], name: `财务 ${i}` })).status).to.equal(201);
    await pagesMatchOneBigPage('/v1/api-keys', 2, 4);
    // The bootstrap staff key is the oldest: found first by role with limit=1.
    const staff = await sys.api('GET', '/v1/api-keys?role=staff&limit=1');
    expect(staff.body.data.map((k: { role: string }) => k.role)).to.deep.equal(['staff']);
    expect(staff.body.hasMore).to.equal(false);
  });

  it('incidents and a tenant\'s incidents: pages; status and contractId filter before the limit', async () => {
    // The clock is at 2027-05-11; the first contract is in service (opened 2027-03-15).
    const c = contractIds[0]!;
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const inc = await sys.api('POST', '/v1/incidents', { startedAt: `2027-05-0${i}T10:00:00+08:00`, cause: 'provider', severity: 'minor', description: `线路故障 ${i}`, scope: { contractIds: [c] }, seatsAffected: { [c]: 1 } });
      expect(inc.status, inc.text).to.equal(201);
      // Instants as sent and documented (+08:00); createdAt from the test clock.
      expect([inc.body.startedAt, inc.body.createdAt]).to.deep.equal([`2027-05-0${i}T10:00:00+08:00`, '2027-05-11T09:00:00+08:00']);
      ids.push(inc.body.id);
      // All resolved but the newest: "open" is then the last row of order=asc.
      if (i < 5) {
        const r = await sys.api('POST', `/v1/incidents/${inc.body.id}/resolve`, { endedAt: `2027-05-0${i}T11:00:00+08:00` });
        expect(r.status, r.text).to.equal(200);
        expect([r.body.endedAt, r.body.resolvedAt]).to.deep.equal([`2027-05-0${i}T11:00:00+08:00`, '2027-05-11T09:00:00+08:00']);
      }
    }
    const all = await pagesMatchOneBigPage('/v1/incidents', 2, 5);
    expect(all.map((r) => r.id)).to.deep.equal([...ids].reverse());
    const open = await sys.api('GET', '/v1/incidents?status=open&order=asc&limit=1');
    expect(open.body.data.map((r: Row) => r.id)).to.deep.equal([ids[4]]);
    expect(open.body.hasMore).to.equal(false);
    // Resolved, oldest first, one a page: the four, in order, each once.
    expect((await walk('/v1/incidents?status=resolved&order=asc', 1)).map((r) => r.id)).to.deep.equal(ids.slice(0, 4));
    expect((await sys.api('GET', `/v1/incidents?contractId=${contractIds[1]}`)).body.data).to.deep.equal([]);
    expect((await walk(`/v1/incidents?contractId=${c}`, 3)).length).to.equal(5);
    // A tenant's status page is the same list, narrowed to its contracts.
    const mine = await pagesMatchOneBigPage(`/v1/tenants/${tenantIds[0]}/incidents`, 2, 5);
    expect(mine.map((r) => r.id)).to.deep.equal([...ids].reverse());
    expect((await sys.api('GET', `/v1/tenants/${tenantIds[0]}/incidents?status=open&order=asc&limit=1`)).body.data.map((r: Row) => r.id)).to.deep.equal([ids[4]]);
    expect((await sys.api('GET', `/v1/tenants/${tenantIds[1]}/incidents`)).body).to.deep.equal({ data: [], hasMore: false, nextCursor: null });
    for (const path of ['/v1/incidents?state=open', `/v1/tenants/${tenantIds[0]}/incidents?offset=2`, '/v1/incidents?cursor=bm90LWEtY3Vyc29y']) {
      const bad = await sys.api('GET', path);
      expect(bad.status, `${path}: ${bad.text}`).to.equal(400);
    }
  });

  it('seat log: pages a contract\'s log; seat, kind and from/to filter before the limit', async () => {
    const c = contractIds[0]!;
    const log = `/v1/contracts/${c}/seat-log`;
    // S9 opens and closes first and is never touched again: the oldest rows, the last page of the
    // newest-first list (one seat is live: S9 closes before S1 opens).
    const events = [
      { kind: 'open', seat: 'S9', at: '2027-05-06T08:00:00+08:00', agentAccount: 'day-09' },
      { kind: 'close', seat: 'S9', at: '2027-05-06T08:30:00+08:00', agentAccount: 'day-09' },
      ...[6, 7, 8].flatMap((d) => [
        { kind: 'open', seat: 'S1', at: `2027-05-0${d}T09:00:00+08:00`, agentAccount: 'day-01' },
        { kind: 'close', seat: 'S1', at: `2027-05-0${d}T17:00:00+08:00`, agentAccount: 'day-01' },
      ]),
    ];
    const ids: string[] = [];
    for (const e of events) {
      const r = await sys.api('POST', log, e);
      expect(r.status, r.text).to.equal(201);
      expect([r.body.at, r.body.createdAt]).to.deep.equal([e.at, '2027-05-11T09:00:00+08:00']);
      ids.push(r.body.id);
    }
    const all = await pagesMatchOneBigPage(log, 3, 8);
    expect(all.map((r) => r.id)).to.deep.equal([...ids].reverse());
    const s9 = await sys.api('GET', `${log}?seat=S9&limit=1`);
    expect(s9.body.data.map((r: Row) => r.id)).to.deep.equal([ids[1]]);
    expect((await walk(`${log}?seat=S9`, 1)).map((r) => r.id)).to.deep.equal([ids[1], ids[0]]);
    const closes = await walk(`${log}?kind=close`, 3);
    expect(closes.map((r) => r.id)).to.deep.equal([ids[7], ids[5], ids[3], ids[1]]);
    const day7 = await walk(`${log}?from=${encodeURIComponent('2027-05-07T00:00:00+08:00')}&to=${encodeURIComponent('2027-05-08T00:00:00+08:00')}&order=asc`, 1);
    expect(day7.map((r) => r.id)).to.deep.equal([ids[4], ids[5]]);
    for (const [path, field] of [[`${log}?shift=night`, 'shift'], [`${log}?limit=0`, 'limit'], [`${log}?cursor=WyJ4IiwieSJd`, 'cursor']] as const) {
      const bad = await sys.api('GET', path);
      expect([bad.status, bad.body.errors?.map((e: { path: string }) => e.path)], path).to.deep.equal([400, [field]]);
    }
  });

  it('fapiao requests: pages; status, kind and tenantId filter before the limit', async () => {
    // Every bill paid in the invoices test has its blue request.
    const all = await pagesMatchOneBigPage('/v1/fapiao-requests', 3, 8);
    const oldest = all.at(-1)!;
    const pending = all.filter((r) => r.status === 'pending');
    expect(pending.map((r) => r.id), 'the oldest request is pending').to.include(oldest.id);
    // Issue the oldest: "issued" finds it with limit=1 although it is on the last page.
    const issued = await sys.api('POST', `/v1/fapiao-requests/${oldest.id}/issued`, { number: '27312000000000000024', issuedOn: '2027-05-11' });
    expect(issued.status, issued.text).to.equal(200);
    const found = await sys.api('GET', '/v1/fapiao-requests?status=issued&limit=1');
    expect(found.body.data.map((r: Row) => r.id)).to.deep.equal([oldest.id]);
    expect(found.body.hasMore).to.equal(false);
    const stillPending = await walk('/v1/fapiao-requests?status=pending', 2);
    expect(stillPending.map((r) => r.id)).to.deep.equal(pending.map((r) => r.id).filter((id) => id !== oldest.id));
    expect((await walk(`/v1/fapiao-requests?tenantId=${tenantIds[0]}&kind=blue`, 4)).length).to.equal(all.filter((r) => r.kind === 'blue').length);
    expect((await sys.api('GET', `/v1/fapiao-requests?tenantId=${tenantIds[1]}`)).body).to.deep.equal({ data: [], hasMore: false, nextCursor: null });
    for (const [path, field] of [['/v1/fapiao-requests?state=pending', 'state'], ['/v1/fapiao-requests?cursor=not-a-cursor', 'cursor'], ['/v1/fapiao-requests?status=lost', 'status']] as const) {
      const bad = await sys.api('GET', path);
      expect([bad.status, bad.body.errors?.map((e: { path: string }) => e.path)], path).to.deep.equal([400, [field]]);
    }
  });

  it('tenants: q finds a tenant by contract number, whole or its beginning, any case, and the tenant that held it before a transfer', async () => {
    const numbers: string[] = [];
    for (const id of contractIds) numbers.push((await sys.api('GET', `/v1/contracts/${id}`)).body.number);
    expect(numbers.every((n) => /^HT-2027-\d{6}$/.test(n)), numbers.join()).to.equal(true);
    // The oldest tenant holds every contract: found with limit=1 although it is on the last page.
    for (const q of [numbers[2]!, numbers[2]!.slice(0, 10), numbers[0]!.toLowerCase(), 'HT-2027']) {
      const res = await sys.api('GET', `/v1/tenants?q=${encodeURIComponent(q)}&limit=1`);
      expect(res.body.data.map((t: Row) => t.id), q).to.deep.equal([tenantIds[0]]);
      expect(res.body.hasMore, q).to.equal(false);
    }
    // The beginning of a number only, and no wildcard in it.
    for (const q of [numbers[2]!.slice(3), 'HT-2026', 'HT-2027-%', 'HT_2027']) {
      expect((await sys.api('GET', `/v1/tenants?q=${encodeURIComponent(q)}`)).body.data, q).to.deep.equal([]);
    }
    // After a transfer both the new holder and the tenant its earlier bills were made out to answer.
    const moved = await sys.api('POST', `/v1/contracts/${contractIds[3]}/transfers`, { toTenantId: tenantIds[5], consentGivenOn: '2027-05-11' });
    expect(moved.status, moved.text).to.equal(201);
    expect((await walk(`/v1/tenants?q=${numbers[3]}`, 1)).map((t) => t.id)).to.deep.equal([tenantIds[5], tenantIds[0]]);
    expect((await sys.api('GET', `/v1/tenants?q=${numbers[2]}`)).body.data.map((t: Row) => t.id)).to.deep.equal([tenantIds[0]]);
    // A tenant_finance key searches its own tenant only.
    const key = await sys.api('POST', '/v1/api-keys', { role: 'tenant_finance', tenantId: tenantIds[5], name: 'search' });
    expect((await sys.as(key.body.token)('GET', `/v1/tenants?q=${numbers[3]}`)).body.data.map((t: Row) => t.id)).to.deep.equal([tenantIds[5]]);
    // The number lookup is an index scan (contracts_number_prefix, migration 024b), not a walk of every contract.
    const plan = await sys.contract.knex.transaction(async (trx) => {
      await trx.raw('set local enable_seqscan = off');
      const r = await trx.raw(`explain select c.tenant_id from contracts c where c.number like ?`, ['HT-2027-0000%']);
      return (r.rows as Array<{ 'QUERY PLAN': string }>).map((x) => x['QUERY PLAN']).join('\n');
    });
    expect(plan).to.match(/Index.*contracts_number/);
    expect(plan).not.to.match(/Seq Scan/);
  });
});
