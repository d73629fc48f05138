/** Where money goes: named invoice first, then oldest open invoices, the rest is credit (pure). */
import { expect } from 'chai';
import fc from 'fast-check';
import { InvariantError } from '@seatlease/shared/src/assert';
import { allocate, oldestFirst, type OpenInvoice } from '../../src/payments/allocation';

const inv = (id: string, dueDate: string, dueFen: number, number = `INV-2027-00000${id}`): OpenInvoice => ({ id, number, contractId: `c-${id}`, dueDate, dueFen });
const amounts = (r: ReturnType<typeof allocate>) => r.allocations.map((a) => [a.invoiceId, a.amountFen]);

describe('payments: allocation order', () => {
  const open = [inv('3', '2027-05-27', 400000), inv('1', '2027-03-10', 4000000), inv('2', '2027-03-29', 2000000)];

  it('orders by due date, then by number', () => {
    const sameDay = [inv('b', '2027-04-01', 1, 'INV-2027-000009'), inv('a', '2027-04-01', 1, 'INV-2027-000002'), inv('c', '2027-03-01', 1, 'INV-2027-000010')];
    expect(oldestFirst(sameDay).map((i) => i.id)).to.deep.equal(['c', 'a', 'b']);
  });

  it('pays the oldest first; a partial payment leaves the next one open', () => {
    const r = allocate(5000000, open);
    expect(amounts(r)).to.deep.equal([['1', 4000000], ['2', 1000000]]);
    expect(r.remainderFen).to.equal(0);
  });

  it('pays the named invoice first, then the oldest', () => {
    const r = allocate(2500000, open, '3');
    expect(amounts(r)).to.deep.equal([['3', 400000], ['1', 2100000]]);
  });

  it('a named invoice with nothing due does not stop the payment: oldest first', () => {
    const r = allocate(100, open, 'not-open');
    expect(amounts(r)).to.deep.equal([['1', 100]]);
  });

  it('what no invoice needs is the remainder (an overpayment)', () => {
    const r = allocate(7000000, open);
    expect(amounts(r)).to.deep.equal([['1', 4000000], ['2', 2000000], ['3', 400000]]);
    expect(r.remainderFen).to.equal(600000);
    expect(allocate(123, []).remainderFen).to.equal(123);
  });

  it('skips invoices with nothing due and never allocates a zero amount', () => {
    const r = allocate(10, [inv('0', '2027-01-01', 0), inv('1', '2027-02-01', 10)]);
    expect(amounts(r)).to.deep.equal([['1', 10]]);
    expect(allocate(0, open).allocations).to.deep.equal([]);
  });

  it('refuses a negative or fractional amount (a bug, not a 4xx)', () => {
    expect(() => allocate(-1, open)).to.throw(InvariantError);
    expect(() => allocate(1.5, open)).to.throw();
  });

  it('property: allocations + remainder = amount; no invoice gets more than its due; order respected', () => {
    const invoiceArb = fc.record({
      dueDate: fc.integer({ min: 1, max: 28 }).map((d) => `2027-03-${String(d).padStart(2, '0')}`),
      dueFen: fc.integer({ min: 0, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(invoiceArb, { maxLength: 12 }), fc.integer({ min: 0, max: 20_000_000 }), fc.option(fc.nat(11)), (specs, amount, preferredIdx) => {
        const list = specs.map((s, i) => inv(String(i), s.dueDate, s.dueFen, `INV-2027-${String(i).padStart(6, '0')}`));
        const preferred = preferredIdx !== null && preferredIdx < list.length ? String(preferredIdx) : null;
        const r = allocate(amount, list, preferred);
        const sum = r.allocations.reduce((s, a) => s + a.amountFen, 0);
        expect(sum + r.remainderFen).to.equal(amount);
        for (const a of r.allocations) {
          expect(a.amountFen).to.be.greaterThan(0);
          expect(a.amountFen).to.be.at.most(list.find((i) => i.id === a.invoiceId)!.dueFen);
        }
        const totalDue = list.reduce((s, i) => s + i.dueFen, 0);
        expect(r.remainderFen).to.equal(Math.max(0, amount - totalDue));
        // Every invoice but the last allocated one is paid in full, and (after the named one) in age order.
        const rest = r.allocations.filter((a) => a.invoiceId !== preferred);
        rest.slice(0, -1).forEach((a) => expect(a.amountFen).to.equal(list.find((i) => i.id === a.invoiceId)!.dueFen));
        const dates = rest.map((a) => list.find((i) => i.id === a.invoiceId)!.dueDate);
        expect(dates).to.deep.equal([...dates].sort());
      }),
      { numRuns: 300 },
    );
  });
});
