/**
 * Issue 23, SPEC §5 (2026-12-06) "Records entered twice or by mistake", through the gateway:
 * nothing credited twice, mistakes voided (kept, audited, idempotent) and corrected by the next
 * bill with a line citing them, payments reversed with both movements on the statement.
 */
import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

type Line = { code: string; amount: number; formula: string; period: string };

describe('records entered twice or by mistake (SPEC §5, issue 23)', function () {
  this.timeout(120_000);
  let sys: System;
  let tenantId: string;
  let contractId: string;
  let outageA: string;
  const outage = (body: Record<string, unknown>) => sys.api('POST', `/v1/contracts/${contractId}/outages`, body);
  const preview = async (period: string) => {
    const r = await sys.api('GET', `/v1/contracts/${contractId}/upcoming-invoice?period=${period}`);
    expect(r.status, r.text).to.equal(200);
    return r.body as { total: number; lines: Line[] };
  };
  const creditLines = (lines: Line[]) => lines.filter((l) => l.code === 'outage_credit').map((l) => [l.amount, l.period]);
  const invoiceOf = async (period: string) => {
    const list = await sys.api('GET', `/v1/invoices?contractId=${contractId}&period=${period}`);
    expect(list.body.data, `the invoice of ${period}`).to.have.length(1);
    return (await sys.api('GET', `/v1/invoices/${list.body.data[0].id}`)).body;
  };

  /** Pays every open invoice of the contract (a tenant that pays on time is never suspended). */
  const payOpen = async (on: string) => {
    for (const inv of (await sys.api('GET', `/v1/invoices?contractId=${contractId}`)).body.data) {
      if (inv.amountDue > 0) {
        const paid = await sys.api('POST', '/v1/payments', { tenantId, amount: inv.amountDue, method: 'bank_transfer', reference: `BANK-${inv.number}`, receivedOn: on, invoiceId: inv.id });
        expect(paid.status, paid.text).to.equal(201);
      }
    }
  };

  before(async () => {
    sys = await startSystem('corrections');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    tenantId = (await sys.api('POST', '/v1/tenants', { name: '苏州长风呼叫中心有限公司', billingEmails: ['ap@changfeng.example'] })).body.id;
    const c = await sys.api('POST', '/v1/contracts', { tenantId, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 10, openingDate: '2027-03-08' });
    expect(c.status, c.text).to.equal(201);
    contractId = c.body.id;
    await payOpen('2027-03-01');
    await sys.advanceTo('2027-03-08T10:00:00+08:00');
    const initial = (await sys.api('GET', `/v1/contracts/${contractId}/seat-orders`)).body.data[0].id;
    expect((await sys.api('POST', `/v1/seat-orders/${initial}/open`, { openedOn: '2027-03-08' })).status).to.equal(200);
    await sys.advanceTo('2027-03-20T10:00:00+08:00');
    await payOpen('2027-03-20'); // April's, issued on 10 March
  });
  after(async () => sys.close());

  it('an outage entered twice is refused with 409 naming the first, and credited once', async () => {
    // 25 hours on 3 seats → 2 days → 3 × ¥2,000 × 2 / 30 = ¥400.00.
    const body = { startedAt: '2027-03-18T10:00:00+08:00', endedAt: '2027-03-19T11:00:00+08:00', seatsAffected: 3, cause: 'provider' };
    const first = await outage(body);
    expect(first.status, first.text).to.equal(201);
    outageA = first.body.id;
    const again = await outage(body);
    expect(again.status, again.text).to.equal(409);
    expect(again.headers.get('content-type')).to.match(/application\/problem\+json/);
    expect(again.body.detail).to.include(outageA);
    expect(again.body.existingId).to.equal(outageA);
    expect((await sys.api('GET', `/v1/contracts/${contractId}/outages`)).body.data).to.have.length(1);
    expect(creditLines((await preview('2027-05')).lines)).to.deep.equal([[-40000, '2027-03']]);
  });

  it('an overlapping, not identical outage credits no seat twice for the same hours; voided, it leaves the preview at once', async () => {
    // Inside A's hours on 6 seats: seats 1–3 stay at A's 2 days, seats 4–6 get 1 day → 9 seat-days = ¥600.00
    // (counting the overlap twice would give 3 × 2 + 6 × 1 = 12 seat-days, ¥800.00).
    const b = await outage({ startedAt: '2027-03-18T12:00:00+08:00', endedAt: '2027-03-18T20:00:00+08:00', seatsAffected: 6, cause: 'provider' });
    expect(b.status, b.text).to.equal(201);
    const withB = await preview('2027-05');
    expect(creditLines(withB.lines)).to.deep.equal([[-60000, '2027-03']]);
    // More seats than are live can never be credited: the contract has 10.
    expect((await outage({ startedAt: '2027-03-18T13:00:00+08:00', endedAt: '2027-03-18T14:00:00+08:00', seatsAffected: 11, cause: 'provider' })).status).to.equal(422);

    const voided = await sys.api('POST', `/v1/outages/${b.body.id}/void`, { reason: '重复录入 / entered twice by mistake' });
    expect(voided.status, voided.text).to.equal(200);
    expect(voided.body).to.include({ id: b.body.id, voidReason: '重复录入 / entered twice by mistake' });
    expect(voided.body.voidedAt).to.be.a('string');
    expect(voided.body.voidedBy).to.be.a('string');
    expect(creditLines((await preview('2027-05')).lines)).to.deep.equal([[-40000, '2027-03']]);
    // Voiding twice answers the first void, whatever the second reason.
    const twice = await sys.api('POST', `/v1/outages/${b.body.id}/void`, { reason: 'another reason' });
    expect(twice.status).to.equal(200);
    expect(twice.body).to.deep.equal(voided.body);
    // Kept, never deleted: listed with its void; audited once.
    const listed = (await sys.api('GET', `/v1/contracts/${contractId}/outages?order=asc`)).body.data;
    expect(listed.map((o: { id: string; voidedAt: string | null }) => [o.id, o.voidedAt !== null])).to.deep.equal([[outageA, false], [b.body.id, true]]);
    const audit = (await sys.api('GET', `/v1/contracts/${contractId}/audit-log`)).body.data;
    expect(audit.filter((a: { action: string; entityId: string }) => a.action === 'outage.voided' && a.entityId === b.body.id)).to.have.length(1);
    // A bad void is a 4xx that changes nothing.
    const bad = await sys.api('POST', `/v1/outages/${outageA}/void`, {});
    expect(bad.status).to.equal(400);
    expect(bad.body.errors[0].path).to.equal('reason');
    expect((await sys.api('POST', '/v1/outages/00000000-0000-4000-8000-000000000000/void', { reason: 'x' })).status).to.equal(404);
  });

  it('an identical force-majeure claim for the same contract and days is refused with 409', async () => {
    const body = { startedAt: '2027-03-10T00:00:00+08:00', endedAt: '2027-03-11T00:00:00+08:00', noticeGivenOn: '2027-03-12', claimedBy: 'provider', contractIds: [contractId], description: '台风 / typhoon' };
    const first = await sys.api('POST', '/v1/force-majeure', body);
    expect(first.status, first.text).to.equal(201);
    const again = await sys.api('POST', '/v1/force-majeure', body);
    expect(again.status, again.text).to.equal(409);
    expect(again.body.existingId).to.equal(first.body.id);
    const voided = await sys.api('POST', `/v1/force-majeure/${first.body.id}/void`, { reason: '录错合同 / wrong contract' });
    expect(voided.status, voided.text).to.equal(200);
    expect(voided.body.voidReason).to.equal('录错合同 / wrong contract');
    // Voided, the same claim may be entered again (correctly this time) — and then not twice.
    expect((await sys.api('POST', '/v1/force-majeure', body)).status).to.equal(201);
    expect((await sys.api('POST', '/v1/force-majeure', body)).status).to.equal(409);
  });

  it('one-off charges and seat orders not yet effective are voided; an effective order is not', async () => {
    const charge = await sys.api('POST', `/v1/contracts/${contractId}/one-off-charges`, { amount: 50000, description: '耳麦损坏 / headset damage', clause: '§8.B3' });
    expect(charge.status, charge.text).to.equal(201);
    expect((await preview('2027-05')).lines.map((l) => l.code)).to.include('one_off');
    const v = await sys.api('POST', `/v1/one-off-charges/${charge.body.id}/void`, { reason: '录错租户 / wrong tenant' });
    expect(v.status, v.text).to.equal(200);
    expect(v.body).to.include({ id: charge.body.id, amount: 50000, voidReason: '录错租户 / wrong tenant' });
    expect((await preview('2027-05')).lines.map((l) => l.code)).to.not.include('one_off');

    const add = await sys.api('POST', `/v1/contracts/${contractId}/seat-orders`, { kind: 'add', quantity: 2, effectiveDate: '2027-04-05' });
    expect(add.status, add.text).to.equal(201);
    const withAdd = await preview('2027-05');
    expect(withAdd.lines.map((l) => l.code)).to.include('deposit_topup');
    const vo = await sys.api('POST', `/v1/seat-orders/${add.body.id}/void`, { reason: '客户撤回 / tenant withdrew' });
    expect(vo.status, vo.text).to.equal(200);
    expect(vo.body.voidReason).to.equal('客户撤回 / tenant withdrew');
    const without = await preview('2027-05');
    expect(without.lines.map((l) => l.code)).to.not.include('deposit_topup');
    // Its deposit top-up and its rent for April and May (billed in advance) are gone.
    expect(without.total).to.equal(withAdd.total - 3 * 2 * 200000);
    // A voided order takes no more changes; the initial (opened) order cannot be voided.
    expect((await sys.api('POST', `/v1/seat-orders/${add.body.id}/open`, { openedOn: '2027-03-20' })).status).to.equal(409);
    const orders = (await sys.api('GET', `/v1/contracts/${contractId}/seat-orders?order=asc`)).body.data;
    expect(orders.map((o: { id: string }) => o.id)).to.include(add.body.id);
    expect((await sys.api('POST', `/v1/seat-orders/${orders[0].id}/void`, { reason: 'x' })).status).to.equal(409);
  });

  it('an outage voided after its bill was issued: the next bill carries the reversing line citing it', async () => {
    await sys.advanceTo('2027-04-10T09:00:00+08:00');
    // April was billed on 10 March, before the outage: its credit is on May's bill.
    const billed = await invoiceOf('2027-05');
    expect(billed.lines.filter((l: Line) => l.code === 'outage_credit').map((l: Line) => [l.amount, l.period])).to.deep.equal([[-40000, '2027-03']]);
    await payOpen('2027-04-10');

    await sys.advanceTo('2027-04-12T10:00:00+08:00');
    const v = await sys.api('POST', `/v1/outages/${outageA}/void`, { reason: '租户自身线路故障 / the tenant’s own line' });
    expect(v.status, v.text).to.equal(200);
    const nextPreview = await preview('2027-06');
    const reversing = nextPreview.lines.filter((l) => l.code === 'outage_credit');
    expect(reversing.map((l) => [l.amount, l.period])).to.deep.equal([[40000, '2027-03']]);
    expect(reversing[0]!.formula).to.include(outageA).and.to.include('租户自身线路故障');

    await sys.advanceTo('2027-05-10T09:00:00+08:00');
    const june = await invoiceOf('2027-06');
    const line = june.lines.find((l: Line) => l.code === 'outage_credit');
    expect(line).to.include({ amount: 40000, period: '2027-03', clause: '§8.A1' });
    expect(line.formula).to.include(outageA);
    // The issued May invoice is untouched.
    expect((await invoiceOf('2027-05')).total).to.equal(billed.total);
  });

  it('a reversed payment reopens the bill it paid; the statement shows both movements', async () => {
    const may = await invoiceOf('2027-06');
    const paid = await sys.api('POST', '/v1/payments', { tenantId, amount: may.amountDue, method: 'bank_transfer', reference: 'BANK-WRONG-1', receivedOn: '2027-05-10', invoiceId: may.id });
    expect(paid.status, paid.text).to.equal(201);
    expect(await invoiceOf('2027-06')).to.include({ status: 'paid', amountDue: 0 });

    await sys.advanceTo('2027-05-12T10:00:00+08:00');
    const rev = await sys.api('POST', `/v1/payments/${paid.body.id}/reverse`, { reason: '错记到本租户 / booked to the wrong tenant' });
    expect(rev.status, rev.text).to.equal(200);
    expect(rev.body).to.include({ id: paid.body.id, amount: may.amountDue, reversedOn: '2027-05-12', reverseReason: '错记到本租户 / booked to the wrong tenant' });
    const reopened = await invoiceOf('2027-06');
    expect(reopened).to.include({ status: 'open', amountDue: may.amountDue, amountPaid: 0 });
    const twice = await sys.api('POST', `/v1/payments/${paid.body.id}/reverse`, { reason: 'again' });
    expect(twice.status).to.equal(200);
    expect(twice.body).to.deep.equal(rev.body);

    const st = (await sys.api('GET', `/v1/tenants/${tenantId}/statement`)).body;
    const moves = st.movements.filter((m: { paymentId: string | null }) => m.paymentId === paid.body.id);
    expect(moves.map((m: { date: string; type: string; amount: number }) => [m.date, m.type, m.amount])).to.deep.equal([
      ['2027-05-10', 'payment', -may.amountDue],
      ['2027-05-12', 'payment_reversed', may.amountDue],
    ]);
    // The closing balance is again what is due on the open invoices.
    const open = (await sys.api('GET', `/v1/invoices?contractId=${contractId}`)).body.data.reduce((s: number, i: { amountDue: number }) => s + i.amountDue, 0);
    expect(st.closingBalance).to.equal(open - st.creditBalance);
  });

  it('a record voided after the contract’s final bill is corrected by a credit note against it, once', async () => {
    await sys.advanceTo('2027-05-20T10:00:00+08:00');
    const t = (await sys.api('POST', '/v1/tenants', { name: '常州短约客服有限公司', billingEmails: ['ap@short.example'] })).body.id;
    const c = await sys.api('POST', '/v1/contracts', { tenantId: t, seatTier: 'province', startMonth: '2027-06', termMonths: 12, seats: 2, openingDate: '2027-06-01' });
    expect(c.status, c.text).to.equal(201);
    const id = c.body.id as string;
    await sys.advanceTo('2027-06-01T10:00:00+08:00');
    const order = (await sys.api('GET', `/v1/contracts/${id}/seat-orders`)).body.data[0].id;
    expect((await sys.api('POST', `/v1/seat-orders/${order}/open`, { openedOn: '2027-06-01' })).status).to.equal(200);
    const charge = await sys.api('POST', `/v1/contracts/${id}/one-off-charges`, { amount: 50000, description: '设备搬迁 / equipment moved', clause: '§5.1' });
    expect(charge.status, charge.text).to.equal(201);
    const end = await sys.api('POST', `/v1/contracts/${id}/terminations`, { kind: 'tenant_breach', noticeDate: '2027-06-01', effectiveDate: '2027-06-15', reason: '乙方解除' });
    expect(end.status, end.text).to.equal(201);
    await sys.advanceTo('2027-06-17T10:00:00+08:00');
    const finals = (await sys.api('GET', `/v1/invoices?contractId=${id}`)).body.data.filter((i: { kind: string }) => i.kind === 'final');
    expect(finals, 'the final bill').to.have.length(1);
    const final = (await sys.api('GET', `/v1/invoices/${finals[0].id}`)).body;
    expect(final.lines.map((l: Line) => l.code)).to.include('one_off');
    expect(final.amountDue).to.be.at.least(50000);

    const v = await sys.api('POST', `/v1/one-off-charges/${charge.body.id}/void`, { reason: '不应收取 / should not have been charged' });
    expect(v.status, v.text).to.equal(200);
    const after = (await sys.api('GET', `/v1/invoices/${final.id}`)).body;
    expect(after).to.include({ amountCredited: 50000, amountDue: final.amountDue - 50000, total: final.total });
    const notes = await sys.billing.knex('credit_notes').where({ invoice_id: final.id });
    expect(notes).to.have.length(1);
    expect(notes[0].reason).to.include(charge.body.id);
    // Voiding again answers the same and credits nothing more.
    expect((await sys.api('POST', `/v1/one-off-charges/${charge.body.id}/void`, { reason: 'again' })).body).to.deep.equal(v.body);
    expect((await sys.api('GET', `/v1/invoices/${final.id}`)).body.amountCredited).to.equal(50000);
  });
});
