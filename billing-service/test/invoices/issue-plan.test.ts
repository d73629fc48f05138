/**
 * The issuing plan (pure): what single and batch issuing do for each contract — skip, refund
 * the deposit only, or bill with the credit it carries or spends, followed through the batch.
 */
import { expect } from 'chai';
import { WorkingDayCalendar, type BillingFacts, type InvoiceKind, type InvoiceLine, type Month } from '@seatlease/shared';
import { computeInvoice } from '../../src/engine';
import { creditCarriedTo, creditEntriesOf, invoiceRowOf, issuedMailOf, planIssues, type BillPlan, type IssuePlan } from '../../src/invoices/issue-plan';
import { FactsBuilder } from '../engine/facts.builder';

const T1 = 't1';
const T2 = 't2';
const calendar = new WorkingDayCalendar([{ year: 2027, holidays: [], workdays: [] }]);

function contract(id: string, tenantId: string, build: (b: FactsBuilder) => FactsBuilder, termMonths = 12): BillingFacts {
  return { ...build(new FactsBuilder({ startMonth: '2027-03', termMonths })).facts, contractId: id, tenantId, billingEmails: [`ap-${id}@example.com`] };
}

/** The opening invoice's lines, as billed. */
function opening(facts: BillingFacts): InvoiceLine[] {
  return computeInvoice({ facts, usage: [], alreadyBilled: [], period: '2027-03', kind: 'opening', issuedOn: '2027-02-20', creditBalanceFen: 0 }).lines;
}

function plan(batch: BillingFacts[], o: { period: Month; kind: InvoiceKind; billed?: Map<string, InvoiceLine[]>; credit?: Map<string, number>; issued?: string[] }): IssuePlan[] {
  return planIssues({
    batch,
    period: o.period,
    kind: o.kind,
    issuedOn: '2027-03-10',
    calendar,
    alreadyIssued: new Set(o.issued ?? []),
    usage: new Map(batch.map((f) => [f.contractId, []])),
    billed: o.billed ?? new Map(batch.map((f) => [f.contractId, []])),
    creditBalances: o.credit ?? new Map(batch.map((f) => [f.tenantId, 0])),
  });
}

const summary = (p: IssuePlan) =>
  p.action === 'bill'
    ? { contract: p.facts.contractId, action: p.action, total: p.computation.totalFen, carried: p.computation.creditCarriedForwardFen, applied: p.computation.creditAppliedFen, dueDate: p.dueDate }
    : p.action === 'refund_only'
      ? { contract: p.facts.contractId, action: p.action, refund: p.refundFen }
      : { contract: p.facts.contractId, action: p.action, reason: p.reason };

describe('issuing plan: skip, refund only, or bill with its credit', () => {
  const ten = contract('c1', T1, (b) => b.seats('o1', 10, '2027-03-01'));

  it('bills an opening invoice: deposit and the first month, due 3 working days before service', () => {
    expect(plan([ten], { period: '2027-03', kind: 'opening' }).map(summary)).to.deep.equal([
      // 10 × ¥2,000 deposit + March; service starts Mon 1 March → due Wed 24 Feb, but never before the issue date.
      { contract: 'c1', action: 'bill', total: 4000000, carried: 0, applied: 0, dueDate: '2027-03-10' },
    ]);
  });

  it('skips a contract whose invoice exists, and one that owes nothing', () => {
    const billed = new Map([['c1', opening(ten)]]);
    expect(plan([ten], { period: '2027-03', kind: 'monthly', billed, issued: ['c1'] }).map(summary)).to.deep.equal([{ contract: 'c1', action: 'skip', reason: 'already_issued' }]);
    // March was billed on the opening invoice: a March monthly invoice owes nothing.
    expect(plan([ten], { period: '2027-03', kind: 'monthly', billed }).map(summary)).to.deep.equal([{ contract: 'c1', action: 'skip', reason: 'nothing_owed' }]);
  });

  it('at the end with nothing left to bill, refunds the whole deposit without an invoice (SPEC §4)', () => {
    const oneMonth = contract('c9', T1, (b) => b.seats('o1', 10, '2027-03-01'), 1);
    const billed = new Map([['c9', opening(oneMonth)]]);
    expect(plan([oneMonth], { period: '2027-03', kind: 'final', billed }).map(summary)).to.deep.equal([{ contract: 'c9', action: 'refund_only', refund: 2000000 }]);
  });

  it('follows a tenant’s credit through the batch: carried by one contract, spent by the next of its tenant', () => {
    // c1 returned 9 of its 10 seats on 5 March: its April bill goes negative and carries credit.
    const c1 = contract('c1', T1, (b) => b.seats('o1', 9, '2027-03-01', { liveTo: '2027-03-05' }).seats('o1', 1, '2027-03-01'));
    const c2 = contract('c2', T1, (b) => b.seats('o1', 10, '2027-03-01'));
    const c3 = contract('c3', T2, (b) => b.seats('o1', 10, '2027-03-01'));
    const asSigned = contract('c1', T1, (b) => b.seats('o1', 10, '2027-03-01'));
    const billed = new Map([['c1', opening(asSigned)], ['c2', opening(c2)], ['c3', opening(c3)]]);
    const plans = plan([c1, c2, c3], { period: '2027-04', kind: 'monthly', billed, credit: new Map([[T1, 0], [T2, 0]]) });
    const [p1, p2, p3] = plans as [BillPlan, BillPlan, BillPlan];
    expect(plans.map((p) => p.action)).to.deep.equal(['bill', 'bill', 'bill']);
    const carried = p1.computation.creditCarriedForwardFen;
    expect(carried).to.be.greaterThan(0);
    expect(p1.computation.totalFen).to.equal(0);
    // c2 spends what c1 carried, as it would in the next transaction; c3's tenant has none.
    const alone = computeInvoice({ facts: c2, usage: [], alreadyBilled: billed.get('c2')!, period: '2027-04', kind: 'monthly', issuedOn: '2027-03-10', creditBalanceFen: carried });
    expect(p2.computation.creditAppliedFen).to.equal(Math.min(carried, 2000000));
    expect(p2.computation.totalFen).to.equal(alone.totalFen);
    expect(p3.computation.creditAppliedFen).to.equal(0);
    expect([...creditCarriedTo(plans)]).to.deep.equal([T1]);
  });

  it('makes the stored invoice, its credit entries and its mail from a planned bill', () => {
    const c2 = contract('c2', T1, (b) => b.seats('o1', 10, '2027-03-01'));
    const [bill] = plan([c2], { period: '2027-04', kind: 'monthly', billed: new Map([['c2', opening(c2)]]), credit: new Map([[T1, 500000]]) }) as [BillPlan];
    const row = invoiceRowOf(bill, { id: 'inv-1', number: 'INV-2027-000007', kind: 'monthly', period: '2027-04', issuedOn: '2027-03-10', runId: null });
    expect(row).to.include({ contract_id: 'c2', tenant_id: T1, total_fen: 1500000, due_date: '2027-03-29', number: 'INV-2027-000007', tax_basis: 'revenue' });
    expect(creditEntriesOf(bill, row)).to.deep.equal([{ tenantId: T1, contractId: 'c2', invoiceId: 'inv-1', onDate: '2027-03-10', entry: 'applied', amountFen: -500000 }]);
    // Queued without its text: the sender writes it from the invoice (decision 0091).
    expect(issuedMailOf(row.id, row.billing_emails)).to.deep.equal({ kind: 'invoice_issued', invoiceId: 'inv-1', recipients: ['ap-c2@example.com'], subject: null, bodyText: null });
  });
});
