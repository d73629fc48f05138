/**
 * Issue 16: the seat shift log through the gateway — seats opened and closed by the agent on
 * duty, the night shift's handover at 08:00 refused when oral while an incident is open (三.1),
 * a seat that fails to open turned into an incident with one call, tenant scope and paging.
 */
import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

describe('seat shift log and handovers', function () {
  this.timeout(120_000);
  let sys: System;
  after(async () => sys?.close());

  it('records shifts, refuses an oral handover while an incident is open, raises an incident from a failed seat', async () => {
    sys = await startSystem('seat_log');
    await sys.advanceTo('2027-02-20T09:00:00+08:00');
    const sign = async (name: string) => {
      const t = await sys.api('POST', '/v1/tenants', { name, billingEmails: [`ap@${name.toLowerCase()}.example`] });
      const c = await sys.api('POST', '/v1/contracts', { tenantId: t.body.id, seatTier: 'county', startMonth: '2027-03', termMonths: 12, seats: 2, openingDate: '2027-03-01' });
      expect(c.status, c.text).to.equal(201);
      return { tenant: t.body.id as string, contract: c.body.id as string };
    };
    const a = await sign('Alpha');
    const b = await sign('Bravo');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    for (const x of [a, b]) {
      const order = (await sys.api('GET', `/v1/contracts/${x.contract}/seat-orders`)).body.data[0].id;
      expect((await sys.api('POST', `/v1/seat-orders/${order}/open`, { openedOn: '2027-03-01' })).status).to.equal(200);
    }
    const key = async (role: string, tenantId: string) => (await sys.api('POST', '/v1/api-keys', { role, tenantId, name: `${role} ${tenantId}` })).body.token as string;
    const sup = sys.as(await key('tenant_supervisor', a.tenant));
    const supB = sys.as(await key('tenant_supervisor', b.tenant));
    const fin = sys.as(await key('tenant_finance', a.tenant));
    const log = `/v1/contracts/${a.contract}/seat-log`;

    await sys.advanceTo('2027-03-05T18:10:00+08:00');
    const opened = await sup('POST', log, { kind: 'open', seat: 'S1', at: '2027-03-05T18:02:00+08:00', agentAccount: 'night-01' });
    expect(opened.status, opened.text).to.equal(201);
    expect(opened.body).to.include({ kind: 'open', shift: 'night', shiftDate: '2027-03-05', seat: 'S1', agentAccount: 'night-01' });
    // The log's rules: not twice open, not in the future, not another tenant's contract, not the finance role.
    const again = await sup('POST', log, { kind: 'open', seat: 'S1', at: '2027-03-05T18:05:00+08:00', agentAccount: 'night-02' });
    expect([again.status, again.body.errors?.[0]?.path]).to.deep.equal([422, 'seat']);
    const future = await sup('POST', log, { kind: 'close', seat: 'S1', at: '2027-03-05T19:00:00+08:00', agentAccount: 'night-01' });
    expect([future.status, future.body.errors?.[0]?.path]).to.deep.equal([422, 'at']);
    expect((await supB('POST', log, { kind: 'open', seat: 'S2', at: '2027-03-05T18:03:00+08:00', agentAccount: 'x' })).status).to.equal(404);
    expect((await supB('GET', log)).status).to.equal(404);
    expect((await fin('POST', log, { kind: 'open', seat: 'S2', at: '2027-03-05T18:03:00+08:00', agentAccount: 'x' })).status).to.equal(403);
    const unknownKind = await sup('POST', log, { kind: 'nap', seat: 'S2', at: '2027-03-05T18:03:00+08:00' });
    expect([unknownKind.status, unknownKind.body.errors?.[0]?.path]).to.deep.equal([400, 'kind']);

    // A fault in the night: staff open an incident on the contract.
    await sys.advanceTo('2027-03-06T03:10:00+08:00');
    const incident = await sys.api('POST', '/v1/incidents', { startedAt: '2027-03-06T03:00:00+08:00', cause: 'provider', severity: 'minor', description: '线路中断', scope: { contractIds: [a.contract] } });
    expect(incident.status, incident.text).to.equal(201);

    // 08:00: the night shift hands over. With the incident open an oral handover is refused.
    await sys.advanceTo('2027-03-06T08:10:00+08:00');
    const handover = { kind: 'handover', at: '2027-03-06T08:00:00+08:00', agentAccount: 'night-01', toAgentAccount: 'day-01' };
    const oral = await sup('POST', log, handover);
    expect(oral.status, oral.text).to.equal(422);
    expect(oral.body.errors[0].path).to.equal('notes');
    expect(oral.body.errors[0].message).to.include(incident.body.id);
    const noNotes = await sup('POST', log, { ...handover, mode: 'written' });
    expect([noNotes.status, noNotes.body.errors?.[0]?.path]).to.deep.equal([422, 'notes']);
    const written = await sup('POST', log, { ...handover, mode: 'written', notes: '03:00 起线路中断，已报修，工单 7781 未结。' });
    expect(written.status, written.text).to.equal(201);
    expect(written.body).to.include({ kind: 'handover', shift: 'night', shiftDate: '2027-03-05', toShift: 'morning', mode: 'written', toAgentAccount: 'day-01' });
    const offShift = await sup('POST', log, { ...handover, at: '2027-03-06T06:30:00+08:00' });
    expect([offShift.status, offShift.body.errors?.[0]?.path]).to.deep.equal([422, 'at']);

    expect((await sup('POST', log, { kind: 'close', seat: 'S1', at: '2027-03-06T08:01:00+08:00', agentAccount: 'night-01' })).status).to.equal(201);
    expect((await sup('POST', log, { kind: 'open', seat: 'S1', at: '2027-03-06T08:02:00+08:00', agentAccount: 'day-01' })).status).to.equal(201);

    // 第十条: S2 cannot be opened; one call makes it an incident on that seat.
    const failed = await sup('POST', log, { kind: 'open_failed', seat: 'S2', at: '2027-03-06T08:03:00+08:00', agentAccount: 'day-02', reason: '客户端无法登录' });
    expect(failed.status, failed.text).to.equal(201);
    expect((await supB('POST', `/v1/seat-log/${failed.body.id}/incident`, {})).status).to.equal(404);
    const raised = await sup('POST', `/v1/seat-log/${failed.body.id}/incident`, {});
    expect(raised.status, raised.text).to.equal(201);
    expect(raised.body).to.include({ status: 'open', severity: 'minor', cause: 'provider', startedAt: '2027-03-06T08:03:00+08:00', seatLogId: failed.body.id });
    expect(raised.body.contracts).to.deep.equal([{ contractId: a.contract, seatsAffected: 1, outageId: null }]);
    expect((await sup('POST', `/v1/seat-log/${failed.body.id}/incident`, {})).status).to.equal(409);
    expect((await sup('POST', `/v1/seat-log/${opened.body.id}/incident`, {})).status).to.equal(409);

    // Both incidents resolved, nothing unresolved: the 12:00 handover may be oral.
    await sys.advanceTo('2027-03-06T12:05:00+08:00');
    for (const id of [incident.body.id, raised.body.id]) {
      expect((await sys.api('POST', `/v1/incidents/${id}/resolve`, { endedAt: '2027-03-06T09:00:00+08:00' })).status).to.equal(200);
    }
    const noon = await sup('POST', log, { kind: 'handover', at: '2027-03-06T12:00:00+08:00', agentAccount: 'day-01', toAgentAccount: 'mid-01' });
    expect(noon.status, noon.text).to.equal(201);
    expect(noon.body).to.include({ shift: 'morning', toShift: 'midday', mode: 'oral', notes: null });
    const unresolved = await sup('POST', log, { kind: 'handover', at: '2027-03-06T12:01:00+08:00', agentAccount: 'day-02', toAgentAccount: 'mid-02', unresolvedMatters: true });
    expect([unresolved.status, unresolved.body.errors?.[0]?.path]).to.deep.equal([422, 'notes']);

    // Paging: newest first, two at a time, every entry once; finance reads its own tenant's log.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { data: Array<{ id: string; at: string }>; hasMore: boolean; nextCursor: string | null } } = await fin('GET', `${log}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).to.equal(200);
      seen.push(...res.body.data.map((e) => e.at));
      cursor = res.body.nextCursor;
      expect(res.body.hasMore).to.equal(cursor !== null);
    } while (cursor);
    expect(seen).to.deep.equal([...seen].sort().reverse());
    expect(seen).to.have.length(6);
    const handovers = await sup('GET', `${log}?kind=handover&order=asc`);
    expect(handovers.body.data.map((e: { at: string }) => e.at)).to.deep.equal(['2027-03-06T08:00:00+08:00', '2027-03-06T12:00:00+08:00']);
    expect((await sup('GET', `${log}?bogus=1`)).status).to.equal(400);
    expect((await sup('GET', `${log}?cursor=nonsense`)).status).to.equal(400);
  });
});
