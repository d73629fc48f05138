/**
 * Issue 23, decision 0019: a call re-sent with different data is reported as a conflict, never
 * silently dropped; a call not billed yet is replaced by voiding it and importing it again.
 */
import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

const HEADER = 'id,seat,startedAt,durationSeconds,callType';

describe('corrected call records (issue 23)', function () {
  this.timeout(120_000);
  let sys: System;
  let tenantId: string;
  let contractId: string;
  const postCsv = (csv: string) => sys.api('POST', `/v1/calls?contractId=${contractId}`, csv, { 'content-type': 'text/csv' });
  const stored = async (id: string) => {
    const r = await sys.billing.knex('calls').where({ id }).first();
    return r ? { seat: r.seat as string, durationSeconds: r.duration_seconds as number } : null;
  };

  before(async () => {
    sys = await startSystem('call_corrections');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    tenantId = (await sys.api('POST', '/v1/tenants', { name: '无锡恒通客服有限公司', billingEmails: ['ap@hengtong.example'] })).body.id;
    const c = await sys.api('POST', '/v1/contracts', { tenantId, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 2, openingDate: '2027-03-08' });
    contractId = c.body.id;
    await sys.advanceTo('2027-03-08T10:00:00+08:00');
    const initial = (await sys.api('GET', `/v1/contracts/${contractId}/seat-orders`)).body.data[0].id;
    await sys.api('POST', `/v1/seat-orders/${initial}/open`, { openedOn: '2027-03-08' });
    await sys.advanceTo('2027-03-20T10:00:00+08:00');
  });
  after(async () => sys.close());

  it('a call re-sent with other data is a conflict naming its row and fields; the same data is a duplicate', async () => {
    const first = await postCsv(`${HEADER}\nCDR-1,A01,2027-03-10T09:00:00+08:00,61,local\nCDR-2,A02,2027-03-10T10:00:00+08:00,120,mobile\n`);
    expect(first.body).to.include({ accepted: 2, duplicates: 0, conflictsTotal: 0 });
    expect(await stored('CDR-2')).to.deep.equal({ seat: 'A02', durationSeconds: 120 });

    const again = await postCsv(`${HEADER}\nCDR-1,A01,2027-03-10T09:00:00+08:00,61,local\nCDR-2,A09,2027-03-10T10:00:00+08:00,300,mobile\nCDR-3,A01,2027-03-11T09:00:00+08:00,30,domestic\n`);
    expect(again.status, again.text).to.equal(200);
    expect(again.body).to.include({ rows: 3, accepted: 1, duplicates: 1, conflictsTotal: 1 });
    expect(again.body.conflicts).to.deep.equal([{ row: 2, id: 'CDR-2', differs: ['seat', 'durationSeconds'] }]);
    expect(again.body.rejected).to.deep.equal([]);
    // The stored call is unchanged.
    expect(await stored('CDR-2')).to.deep.equal({ seat: 'A02', durationSeconds: 120 });
  });

  it('a call not billed yet is replaced: void it, then import the corrected record', async () => {
    const v = await sys.api('POST', '/v1/calls/CDR-2/void', { reason: '话单更正 / corrected CDR from the carrier' });
    expect(v.status, v.text).to.equal(200);
    expect(v.body).to.include({ id: 'CDR-2', seat: 'A02', durationSeconds: 120, voidReason: '话单更正 / corrected CDR from the carrier' });
    expect((await sys.api('POST', '/v1/calls/CDR-2/void', { reason: 'again' })).body).to.deep.equal(v.body);
    const replaced = await postCsv(`${HEADER}\nCDR-2,A09,2027-03-10T10:00:00+08:00,300,mobile\n`);
    expect(replaced.body).to.include({ accepted: 1, duplicates: 0, conflictsTotal: 0 });
    expect(await stored('CDR-2')).to.deep.equal({ seat: 'A09', durationSeconds: 300 });
    // The voided record is kept.
    const kept = await sys.billing.knex('voided_calls').where({ id: 'CDR-2' });
    expect(kept.map((r) => [r.seat, r.duration_seconds, r.reason])).to.deep.equal([['A02', 120, '话单更正 / corrected CDR from the carrier']]);
    expect((await sys.api('POST', '/v1/calls/NO-SUCH-CALL/void', { reason: 'x' })).status).to.equal(404);
  });

  it('a call already billed cannot be voided (409 naming the invoice)', async () => {
    for (const inv of (await sys.api('GET', `/v1/invoices?contractId=${contractId}`)).body.data) {
      if (inv.amountDue > 0) await sys.api('POST', '/v1/payments', { tenantId, amount: inv.amountDue, method: 'bank_transfer', reference: `B-${inv.number}`, receivedOn: '2027-03-20', invoiceId: inv.id });
    }
    await sys.advanceTo('2027-04-10T09:00:00+08:00');
    const may = (await sys.api('GET', `/v1/invoices?contractId=${contractId}&period=2027-05`)).body.data[0];
    const lines = (await sys.api('GET', `/v1/invoices/${may.id}`)).body.lines as Array<{ code: string; quantity: number; amount: number; formula: string }>;
    // March's calls, billed in arrears: domestic 1 min, local 2 min, mobile 5 min (the corrected record).
    expect(lines.filter((l) => l.code === 'phone_usage').map((l) => [l.quantity, l.amount])).to.deep.equal([[1, 20], [2, 20], [5, 75]]);
    const refused = await sys.api('POST', '/v1/calls/CDR-1/void', { reason: 'too late' });
    expect(refused.status, refused.text).to.equal(409);
    expect(refused.body.detail).to.include(may.number);
  });
});
