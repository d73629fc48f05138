/**
 * Issue 23, SPEC §2 (corrected 2026-12-06): VAT falls on revenue only. Through the gateway, from
 * the contract that sets the price to the figures a finance team books: the invoice answer, its
 * PDF and its credit notes.
 */
import { expect } from 'chai';
import { fetchPdfText } from '../src/pdf-text';
import { startSystem, type System } from '../src/system';

describe('VAT on revenue only (SPEC §2, issue 23)', () => {
  let sys: System;
  let tenantId: string;
  before(async () => {
    sys = await startSystem('vat-on-revenue');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
    tenantId = (await sys.api('POST', '/v1/tenants', { name: '杭州信达客服有限公司', billingEmails: ['ap@xinda.example'] })).body.id;
  });
  after(async () => sys.close());

  it('an opening bill of ¥12,950 deposit + ¥12,950 rent at 6%: total unchanged, tax ¥733.02', async () => {
    // 7 seats × ¥1,850 = ¥12,950 a month.
    const contract = await sys.api('POST', '/v1/contracts', {
      tenantId, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 7, openingDate: '2027-03-15', seatFee: 185000,
    });
    expect(contract.status, contract.text).to.equal(201);
    const list = await sys.api('GET', `/v1/invoices?contractId=${contract.body.id}`);
    const inv = await sys.api('GET', `/v1/invoices/${list.body.data[0].id}`);
    expect(inv.body.lines.map((l: { code: string; amount: number }) => [l.code, l.amount])).to.deep.equal([['deposit', 1295000], ['rent', 1295000]]);
    expect(inv.body).to.include({ total: 2590000, tax: 73302, taxableAmount: 1295000, depositAmount: 1295000, taxBasis: 'revenue', vatRate: 0.06 });
    expect(inv.body.taxCorrection).to.equal(null);
    // The list answer carries the same split (the fapiao export reads it).
    expect(list.body.data[0]).to.include({ tax: 73302, taxableAmount: 1295000, depositAmount: 1295000 });

    // The PDF shows the taxable base, the tax and the deposit part separately.
    const text = await fetchPdfText(sys, `/v1/invoices/${inv.body.id}/pdf`);
    expect(text).to.match(/应税金额（含税）\s*Taxable amount \(VAT incl\.\)\s*¥12,950\.00/);
    expect(text).to.match(/其中增值税 6%（含税）\s*VAT 6% included\s*¥733\.02/);
    expect(text).to.match(/押金（不征增值税）\s*Deposit \(no VAT\)\s*¥12,950\.00/);
    expect(text).to.match(/价税合计\s*Total \(VAT incl\.\)\s*¥25,900\.00/);
    expect(text).to.not.include('¥1,466.04');

    // The preview follows the same rule: April is rent only, all taxable.
    const preview = await sys.api('GET', `/v1/contracts/${contract.body.id}/upcoming-invoice?period=2027-04`);
    expect(preview.body).to.include({ total: 1295000, tax: 73302, taxableAmount: 1295000, depositAmount: 0 });
  });

  it('credit notes: pro rata to the taxable share, adding up to the invoice', async () => {
    const contract = await sys.api('POST', '/v1/contracts', {
      tenantId, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 7, openingDate: '2027-03-20', seatFee: 185000,
    });
    const invId = (await sys.api('GET', `/v1/invoices?contractId=${contract.body.id}`)).body.data[0].id;
    const first = await sys.api('POST', `/v1/invoices/${invId}/credit-notes`, { amount: 1001, reason: '抹零 / rounding goodwill' });
    expect(first.status, first.text).to.equal(201);
    expect(first.body).to.include({ amount: 1001, taxableAmount: 501, tax: 28 });
    const rest = await sys.api('POST', `/v1/invoices/${invId}/credit-notes`, { amount: 2590000 - 1001, reason: '合同撤销 / contract withdrawn' });
    expect(rest.status, rest.text).to.equal(201);
    // Both together credit exactly the invoice's taxable amount and its tax.
    expect(first.body.taxableAmount + rest.body.taxableAmount).to.equal(1295000);
    expect(first.body.tax + rest.body.tax).to.equal(73302);
    expect(rest.body.tax).to.equal(73302 - 28);
    const after = await sys.api('GET', `/v1/invoices/${invId}`);
    expect(after.body).to.include({ status: 'void', amountCredited: 2590000, tax: 73302 });
  });
});
