/**
 * Final invoices (SPEC §6, §4, §10 example 8): the last month by the 20th rule, damages for
 * breaking the contract, the deposit settling the balance, and the rest refunded.
 */
import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

describe('final invoices at termination', function () {
  this.timeout(120_000);
  let sys: System;
  let tenantId: string;

  before(async () => {
    sys = await startSystem('final_invoice');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    tenantId = (await sys.api('POST', '/v1/tenants', { name: '终止测试公司', billingEmails: ['ap@end.example'] })).body.id;
  });
  after(async () => sys.close());

  async function payAll(on: string) {
    const list = await sys.api('GET', `/v1/invoices?tenantId=${tenantId}`);
    for (const inv of list.body.data) {
      if (inv.amountDue > 0) {
        const r = await sys.api('POST', '/v1/payments', { tenantId, amount: inv.amountDue, method: 'bank_transfer', reference: `T-${inv.number}`, receivedOn: on, invoiceId: inv.id });
        expect(r.status, r.text).to.equal(201);
      }
    }
  }

  async function linesOf(contractId: string, kind: string) {
    const list = await sys.api('GET', `/v1/invoices?contractId=${contractId}`);
    const summary = list.body.data.find((i: { kind: string }) => i.kind === kind);
    expect(summary, `${kind} invoice of ${contractId}`).to.not.equal(undefined);
    const inv = (await sys.api('GET', `/v1/invoices/${summary.id}`)).body;
    return { inv, byCode: Object.fromEntries(inv.lines.map((l: { code: string; amount: number }) => [l.code, l.amount])) as Record<string, number> };
  }

  it('tenant breach: May at 70%, 20% damages, the deposit settles the balance (§6.5, §8.X2, §10 ex. 8)', async () => {
    const sign = (seats: number) => sys.api('POST', '/v1/contracts', { tenantId, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats, openingDate: '2027-03-08' });
    const breach = (await sign(5)).body.id as string;
    const mutual = (await sign(2)).body.id as string;
    await payAll('2027-03-01');
    await sys.advanceTo('2027-03-08T10:00:00+08:00');
    for (const id of [breach, mutual]) {
      const order = (await sys.api('GET', `/v1/contracts/${id}/seat-orders`)).body.data[0].id;
      expect((await sys.api('POST', `/v1/seat-orders/${order}/open`, { openedOn: '2027-03-08' })).status).to.equal(200);
    }
    for (const day of ['2027-03-10', '2027-04-10']) {
      await sys.advanceTo(`${day}T09:00:00+08:00`);
      await payAll(day);
    }
    await sys.advanceTo('2027-05-05T09:00:00+08:00');
    const t1 = await sys.api('POST', `/v1/contracts/${breach}/terminations`, { kind: 'tenant_breach', noticeDate: '2027-05-05', effectiveDate: '2027-05-20', reason: '乙方单方面解除协议' });
    expect(t1.status, t1.text).to.equal(201);
    const t2 = await sys.api('POST', `/v1/contracts/${mutual}/terminations`, { kind: 'mutual', noticeDate: '2027-05-05', effectiveDate: '2027-06-05' });
    expect(t2.status, t2.text).to.equal(201);
    await sys.advanceTo('2027-05-10T09:00:00+08:00');
    await payAll('2027-05-10');
    // The June run no longer includes the contract that ends on 20 May.
    const breachInvoices = (await sys.api('GET', `/v1/invoices?contractId=${breach}&order=asc`)).body.data.map((i: { period: string; kind: string }) => `${i.kind}:${i.period}`);
    expect(breachInvoices).to.deep.equal(['opening:2027-03', 'monthly:2027-04', 'monthly:2027-05']);

    await sys.advanceTo('2027-05-21T09:00:00+08:00');
    const { inv, byCode } = await linesOf(breach, 'final');
    // May: 5 seats ended on the 20th → 70%: 700000 owed, 1000000 billed → −300000.
    // Damages: 5 × 200000 × 12 × 20% = 2400000. Deposit 1000000 settles part of the balance.
    expect(byCode).to.deep.equal({ return_adjustment: -300000, termination_damages: 2400000, deposit_settlement: -1000000 });
    expect(inv).to.include({ period: '2027-05', total: 1100000, issuedOn: '2027-05-21', dueDate: '2027-05-26' });
    const damages = inv.lines.find((l: { code: string }) => l.code === 'termination_damages');
    expect(damages.clause).to.equal('§8.X2');
    const contract = (await sys.api('GET', `/v1/contracts/${breach}`)).body;
    expect(contract).to.include({ status: 'terminated', depositHeld: 0 });
  });

  it('mutual: June billed at 70% in advance, no damages, no final invoice, the whole deposit refunded (§9.1, SPEC §4)', async () => {
    const list = await sys.api('GET', `/v1/contracts?tenantId=${tenantId}`);
    const mutual = list.body.data.find((c: { termination: { kind: string } | null }) => c.termination?.kind === 'mutual').id as string;
    await sys.advanceTo('2027-06-06T09:00:00+08:00');
    // The termination was known when June was billed on 10 May: 2 seats to the 5th → 70% = 280000.
    const invoices = (await sys.api('GET', `/v1/invoices?contractId=${mutual}&order=asc`)).body.data;
    expect(invoices.map((i: { kind: string; period: string; total: number }) => `${i.kind}:${i.period}:${i.total}`)).to.deep.equal([
      'opening:2027-03:800000',
      'monthly:2027-04:400000',
      'monthly:2027-05:400000',
      'monthly:2027-06:280000',
    ]);
    // Nothing is left to bill, so no empty final invoice; the deposit of 2 × 200000 is refunded.
    const refunds = await sys.billing.knex('refunds').where({ contract_id: mutual });
    expect(refunds.map((r) => [r.amount_fen, r.status])).to.deep.equal([[400000, 'pending']]);
    expect((await sys.api('GET', `/v1/contracts/${mutual}`)).body).to.include({ status: 'terminated', depositHeld: 0 });
    // The daily sweep runs again the next days: still one refund.
    await sys.advanceTo('2027-06-09T09:00:00+08:00');
    expect(await sys.billing.knex('refunds').where({ contract_id: mutual })).to.have.length(1);
  });
});
