/** Aging buckets and the statement's running balance (pure). */
import { expect } from 'chai';
import fc from 'fast-check';
import { addDays } from '@seatlease/shared';
import { AGING_BUCKETS, ageReceivables, bucketOf } from '../../src/reports/aging';
import { statementLines, type Movement } from '../../src/reports/statement-lines';
import { creditableFen } from '../../src/credit-notes/issue-credit-note';

describe('reports: aging buckets', () => {
  it('counts days past due from the day after the due date, at each bucket edge', () => {
    const due = '2027-03-10';
    const table: Array<[number, string]> = [
      [-5, 'current'],
      [0, 'current'],
      [1, 'days1to30'],
      [30, 'days1to30'],
      [31, 'days31to60'],
      [60, 'days31to60'],
      [61, 'days61to90'],
      [90, 'days61to90'],
      [91, 'days90plus'],
      [400, 'days90plus'],
    ];
    for (const [days, bucket] of table) expect(bucketOf(due, addDays(due, days)), `${days} days`).to.equal(bucket);
  });

  it('sums per tenant and in total; the buckets sum to the total', () => {
    const asOf = '2027-06-30';
    const r = ageReceivables(
      [
        { tenantId: 't1', tenantName: 'A', dueDate: '2027-07-01', dueFen: 100 },
        { tenantId: 't1', tenantName: 'A', dueDate: '2027-06-15', dueFen: 200 },
        { tenantId: 't2', tenantName: 'B', dueDate: '2027-03-10', dueFen: 5000 },
        { tenantId: 't2', tenantName: 'B', dueDate: '2027-05-01', dueFen: 0 },
      ],
      asOf,
    );
    expect(r.tenants.map((t) => t.tenantId)).to.deep.equal(['t2', 't1']);
    expect(r.tenants[1]).to.include({ current: 100, days1to30: 200, total: 300, invoiceCount: 2 });
    expect(r.tenants[0]).to.include({ days90plus: 5000, total: 5000, invoiceCount: 1 });
    expect(r.totals).to.deep.equal({ current: 100, days1to30: 200, days31to60: 0, days61to90: 0, days90plus: 5000, total: 5300 });
  });

  it('property: buckets always sum to the total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ t: fc.constantFrom('a', 'b', 'c'), offset: fc.integer({ min: -60, max: 200 }), fen: fc.integer({ min: 0, max: 10_000_000 }) }), { maxLength: 30 }),
        (items) => {
          const asOf = '2027-09-01';
          const r = ageReceivables(items.map((i) => ({ tenantId: i.t, tenantName: i.t, dueDate: addDays(asOf, -i.offset), dueFen: i.fen })), asOf);
          for (const b of [...r.tenants, r.totals]) expect(AGING_BUCKETS.reduce((s, k) => s + b[k], 0)).to.equal(b.total);
          expect(r.totals.total).to.equal(items.reduce((s, i) => s + i.fen, 0));
        },
      ),
    );
  });
});

describe('reports: statement running balance', () => {
  const m = (date: string, type: Movement['type'], reference: string, amountFen: number): Movement => ({ date, type, reference, description: '', amountFen });
  const all = [
    m('2027-04-05', 'payment', 'BANK-2', -1000),
    m('2027-03-01', 'invoice', 'INV-2027-000001', 4000),
    m('2027-03-08', 'payment', 'BANK-1', -4000),
    m('2027-03-10', 'invoice', 'INV-2027-000002', 2000),
    m('2027-03-10', 'credit_note', 'CN-2027-000001', -500),
    m('2027-05-10', 'invoice', 'INV-2027-000003', 2000),
  ];

  it('lists in date order (documents before money on a day) with the running balance', () => {
    const s = statementLines(all, null, '2027-04-30');
    expect(s.openingBalanceFen).to.equal(0);
    expect(s.movements.map((x) => [x.reference, x.balanceFen])).to.deep.equal([
      ['INV-2027-000001', 4000],
      ['BANK-1', 0],
      ['INV-2027-000002', 2000],
      ['CN-2027-000001', 1500],
      ['BANK-2', 500],
    ]);
    expect(s.closingBalanceFen).to.equal(500);
  });

  it('movements before `from` make the opening balance; after `to` are left out', () => {
    const s = statementLines(all, '2027-03-10', '2027-04-30');
    expect(s.openingBalanceFen).to.equal(0);
    expect(s.movements.map((x) => x.reference)).to.deep.equal(['INV-2027-000002', 'CN-2027-000001', 'BANK-2']);
    const later = statementLines(all, '2027-04-01', '2027-12-31');
    expect(later.openingBalanceFen).to.equal(1500);
    expect(later.closingBalanceFen).to.equal(2500);
  });
});

describe('credit notes: the creditable amount', () => {
  it('is total − paid − already credited, never negative', () => {
    expect(creditableFen({ totalFen: 4000000, paidFen: 1000000, creditedFen: 500000 })).to.equal(2500000);
    expect(creditableFen({ totalFen: 100, paidFen: 100, creditedFen: 0 })).to.equal(0);
    expect(creditableFen({ totalFen: 100, paidFen: 150, creditedFen: 0 })).to.equal(0);
  });
});
