/**
 * Decision 0016: invoices issued before the VAT correction (SPEC §2, 2026-12-06) are immutable.
 * The migration rewrites none of their figures; they say which rule they were issued under, and
 * show beside the tax as issued the split and the VAT on revenue alone, which their fapiao uses.
 * No correcting credit note is issued: the amount due was right.
 */
import { expect } from 'chai';
import type { Knex } from 'knex';
import { createKnex, loadConfig, migrate } from '@seatlease/shared';
import { freshDatabase, testEnv, type TestDatabase } from '@seatlease/shared/test/support/testing';
import { initial, migrations } from '../../src/migrations/001-initial';
import { invoices } from '../../src/invoices/invoice.repository';
import { invoiceDetail } from '../../src/invoices/invoice-view';
import { invoiceDocument } from '../../src/documents/invoice-document';
import { renderInvoicePdf } from '../../src/documents/invoice-pdf';

const INVOICE = 'd1111111-1111-4111-8111-111111111111';

describe('invoices issued under the old VAT rule (decision 0016)', () => {
  let db: TestDatabase;
  let knex: Knex;
  before(async () => {
    db = await freshDatabase('old-tax-basis');
    knex = createKnex(db.url, 'billing', { max: 2 });
    // The schema as it was, and an opening bill issued under it: VAT on the whole ¥40,000.
    await migrate(knex, 'billing', [initial]);
    await knex.transaction(async (trx) => {
      await trx('invoices').insert({
        id: INVOICE, number: 'INV-2027-000001', contract_id: 'c1111111-1111-4111-8111-111111111111', tenant_id: 'a1111111-1111-4111-8111-111111111111',
        tenant_name: '上海鼎信客户服务外包有限公司', billing_emails: ['ap@dingxin.example'], kind: 'opening', period: '2027-03',
        issued_on: '2027-02-20', due_date: '2027-03-10', total_fen: 4000000, tax_fen: 226415, vat_rate_bp: 600,
      });
      const line = { invoice_id: INVOICE, contract_id: 'c1111111-1111-4111-8111-111111111111', quantity: 10, unit_amount_fen: 200000, amount_fen: 2000000, period: '2027-03' };
      await trx('invoice_lines').insert([
        { ...line, position: 1, code: 'deposit', description: '押金 / Deposit', clause: '§2.A6', formula: '10 坐席 × ¥2,000.00', ref: 'deposit' },
        { ...line, position: 2, code: 'rent', description: '坐席月租 / Seat rent', clause: '§6.4', formula: '10 坐席 × ¥2,000.00', ref: 'rent:2027-03' },
      ]);
    });
    await migrate(knex, 'billing', migrations);
  });
  after(async () => {
    await knex?.destroy();
    await db?.drop();
  });

  it('keeps its figures as issued, says so, and shows the revenue-only split and tax beside them', async () => {
    const row = (await invoices.get(knex, INVOICE))!;
    expect(row).to.include({ total_fen: 4000000, tax_fen: 226415, tax_basis: 'whole_total', taxable_fen: null, deposit_fen: null });
    const view = await invoiceDetail(knex, row);
    expect(view).to.include({ total: 4000000, tax: 226415, amountDue: 4000000, status: 'open', taxBasis: 'whole_total', taxableAmount: 2000000, depositAmount: 2000000 });
    expect(view.taxCorrection).to.deep.equal({ tax: 113208, difference: 226415 - 113208 });
    // No correcting document: the amount due was right, and nothing was issued by the migration.
    expect(Number((await knex('credit_notes').count({ n: '*' }).first())!.n)).to.equal(0);
    expect(Number((await knex('invoice_numbers').where({ series: 'CN' }).count({ n: '*' }).first())!.n)).to.equal(0);
  });

  it('its PDF keeps the tax as issued and notes the VAT on revenue alone', async () => {
    const doc = await invoiceDocument(knex, loadConfig(testEnv()), (await invoices.get(knex, INVOICE))!, async (tenantIds, contractIds = []) => ({ profiles: new Map(tenantIds.map((id) => [id, null])), contractNumbers: new Map(contractIds.map((id) => [id, null])) }));
    expect(doc).to.include({ taxFen: 226415, totalFen: 4000000, taxableFen: 2000000, depositFen: 2000000 });
    expect(doc.warnings!.at(-1)).to.include('¥1,132.08').and.to.include('2026-12-06');
    const pdf = await renderInvoicePdf(doc);
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
  });

  it('the database still refuses to rewrite it', async () => {
    let refused: unknown = null;
    await knex('invoices').where({ id: INVOICE }).update({ tax_fen: 113208 }).catch((e: unknown) => (refused = e));
    expect(String(refused)).to.match(/immutable/);
    expect((await invoices.get(knex, INVOICE))!.tax_fen).to.equal(226415);
  });
});
