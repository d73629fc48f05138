import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

describe('signing a contract issues the opening invoice (押一付一, SPEC §10 example 1)', () => {
  let sys: System;
  before(async () => {
    sys = await startSystem('opening');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
  });
  after(async () => sys.close());

  it('bills a deposit and the opening month, due 3 working days before the opening', async () => {
    const tenant = await sys.api('POST', '/v1/tenants', { name: '华东呼叫服务有限公司', billingEmails: ['finance@huadong.example'] });
    expect(tenant.status).to.equal(201);
    const contract = await sys.api('POST', '/v1/contracts', {
      tenantId: tenant.body.id, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 10, openingDate: '2027-03-15',
    });
    expect(contract.status, contract.text).to.equal(201);
    expect(contract.body.openingInvoice).to.not.equal(null);
    expect(contract.body.depositHeld).to.equal(2000000);
    const invoices = await sys.api('GET', `/v1/invoices?contractId=${contract.body.id}`);
    expect(invoices.body.data).to.have.length(1);
    const inv = await sys.api('GET', `/v1/invoices/${invoices.body.data[0].id}`);
    expect(inv.body).to.include({ kind: 'opening', period: '2027-03', issuedOn: '2027-03-01', dueDate: '2027-03-10', total: 4000000, amountDue: 4000000, status: 'open', currency: 'CNY' });
    expect(inv.body.number).to.match(/^INV-2027-\d{6}$/);
    const byCode = Object.fromEntries(inv.body.lines.map((l: { code: string; amount: number }) => [l.code, l.amount]));
    expect(byCode).to.deep.equal({ deposit: 2000000, rent: 2000000 });
    // SPEC §2 (corrected 2026-12-06): VAT on the rent only, the deposit is money held.
    expect(inv.body).to.include({ taxBasis: 'revenue', taxableAmount: 2000000, depositAmount: 2000000 });
    expect(inv.body.tax).to.equal(2000000 - Math.round(2000000 / 1.06)); // 113208 (no half case here)
    const pdf = await fetch(`${sys.gatewayUrl}/v1/invoices/${inv.body.id}/pdf`, { headers: { authorization: 'Bearer sl_test_admin_token_0123456789abcdef' } });
    expect(pdf.status).to.equal(200);
    expect(pdf.headers.get('content-type')).to.equal('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).to.equal('%PDF-');

    // The preview of April stores nothing: rent for 10 seats, nothing more (the deposit is held).
    const before = Number((await sys.billing.knex('invoices').count({ n: '*' }).first())!.n);
    const upcoming = await sys.api('GET', `/v1/contracts/${contract.body.id}/upcoming-invoice?period=2027-04`);
    expect(upcoming.status, upcoming.text).to.equal(200);
    expect(upcoming.body).to.include({ preview: true, period: '2027-04', kind: 'monthly', total: 2000000, dueDate: '2027-03-29' });
    expect(upcoming.body.lines.map((l: { code: string; amount: number; clause: string }) => [l.code, l.amount, l.clause])).to.deep.equal([['rent', 2000000, '§6.4']]);
    expect(Number((await sys.billing.knex('invoices').count({ n: '*' }).first())!.n)).to.equal(before);
    const bad = await sys.api('GET', `/v1/contracts/${contract.body.id}/upcoming-invoice?period=2027-4`);
    expect(bad.status).to.equal(400);
    expect(bad.body.errors[0].path).to.equal('period');
  });
});
