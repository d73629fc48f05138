/**
 * Issue 5's scenario: the test clock walks a contract through twelve months of adds, a late
 * opening, a return, an outage and a renewal with a new price, through the public API only.
 * Every invoice is asserted to the fen against amounts worked out by hand from SPEC.md.
 */
import { expect } from 'chai';
import { startSystem, type System } from '../src/system';

interface Expected {
  issuedOn: string;
  period: string;
  kind: 'opening' | 'monthly' | 'final';
  total: number;
  dueDate?: string;
  /** Sum of line amounts per code. */
  lines: Record<string, number>;
}

// Fee ¥2,000 (200000 fen) per seat per month; 2027 is not in the holiday library → Monday–Friday.
const EXPECTED: Expected[] = [
  // §10 ex. 1: deposit for 10 seats + March in full; due 3 working days before Mon 15 March.
  { issuedOn: '2027-03-01', period: '2027-03', kind: 'opening', total: 4000000, dueDate: '2027-03-10', lines: { deposit: 2000000, rent: 2000000 } },
  // Billed on the 10th of the month before; due 3 working days before the 1st (Thu 1 April → Mon 29 March).
  { issuedOn: '2027-03-10', period: '2027-04', kind: 'monthly', total: 2000000, dueDate: '2027-03-29', lines: { rent: 2000000 } },
  { issuedOn: '2027-04-10', period: '2027-05', kind: 'monthly', total: 2000000, lines: { rent: 2000000 } },
  // 2 seats added from 20 April (opened 22nd, 2 days late): April and May in full for them (§6.4),
  // June for 12 seats, deposit top-up 2 × 200000, penalty 200000 × 2 × 5‰ × 2 = 4000 (§8.A1).
  { issuedOn: '2027-05-10', period: '2027-06', kind: 'monthly', total: 3596000, lines: { rent: 2400000 + 400000 + 400000, deposit_topup: 400000, late_opening_penalty: -4000 } },
  // 3 seats returned, last day 20 June: June costs 70% for them (§6.5): 3 × 200000 × 30% = −180000;
  // July for 9 seats; their deposit 3 × 200000 released.
  { issuedOn: '2027-06-10', period: '2027-07', kind: 'monthly', total: 1020000, lines: { rent: 1800000, return_adjustment: -180000, deposit_release: -600000 } },
  // Outage 5 July 10:00 – 7 July 11:00 on 4 seats = 2 days 1 hour → 3 days: 4 × 200000 × 3 / 30.
  { issuedOn: '2027-07-10', period: '2027-08', kind: 'monthly', total: 1720000, lines: { rent: 1800000, outage_credit: -80000 } },
  { issuedOn: '2027-08-10', period: '2027-09', kind: 'monthly', total: 1800000, lines: { rent: 1800000 } },
  { issuedOn: '2027-09-10', period: '2027-10', kind: 'monthly', total: 1800000, lines: { rent: 1800000 } },
  { issuedOn: '2027-10-10', period: '2027-11', kind: 'monthly', total: 1800000, lines: { rent: 1800000 } },
  { issuedOn: '2027-11-10', period: '2027-12', kind: 'monthly', total: 1800000, lines: { rent: 1800000 } },
  { issuedOn: '2027-12-10', period: '2028-01', kind: 'monthly', total: 1800000, lines: { rent: 1800000 } },
  { issuedOn: '2028-01-10', period: '2028-02', kind: 'monthly', total: 1800000, lines: { rent: 1800000 } },
  // Renewed with ¥2,200 from March 2028 (§4.2): 9 × 220000, deposit topped up by 9 × 20000.
  { issuedOn: '2028-02-10', period: '2028-03', kind: 'monthly', total: 2160000, lines: { rent: 1980000, deposit_topup: 180000 } },
];

describe('twelve months of one contract, walked by the test clock through the gateway', function () {
  this.timeout(180_000);
  let sys: System;
  let tenantId: string;
  let contractId: string;

  before(async () => {
    sys = await startSystem('twelve_months');
    await sys.advanceTo('2027-03-01T09:00:00+08:00');
  });
  after(async () => sys.close());

  async function payEverythingIssued(on: string) {
    const list = await sys.api('GET', `/v1/invoices?contractId=${contractId}`);
    for (const inv of list.body.data) {
      if (inv.amountDue > 0) {
        const paid = await sys.api('POST', '/v1/payments', { tenantId, amount: inv.amountDue, method: 'bank_transfer', reference: `BANK-${inv.number}`, receivedOn: on, invoiceId: inv.id });
        expect(paid.status, paid.text).to.equal(201);
      }
    }
  }

  async function step(iso: string, then?: () => Promise<void>) {
    await sys.advanceTo(iso);
    await payEverythingIssued(iso.slice(0, 10));
    if (then) await then();
  }

  it('bills every month exactly as the contract says', async () => {
    const tenant = await sys.api('POST', '/v1/tenants', { name: '华东呼叫服务有限公司', billingEmails: ['finance@huadong.example'] });
    tenantId = tenant.body.id;
    const c = await sys.api('POST', '/v1/contracts', { tenantId, seatTier: 'province', startMonth: '2027-03', termMonths: 12, seats: 10, openingDate: '2027-03-15' });
    expect(c.status, c.text).to.equal(201);
    contractId = c.body.id;
    await payEverythingIssued('2027-03-01');
    const initialOrder = (await sys.api('GET', `/v1/contracts/${contractId}/seat-orders`)).body.data[0].id;

    await step('2027-03-10T09:00:00+08:00');
    await step('2027-03-15T10:00:00+08:00', async () => {
      const open = await sys.api('POST', `/v1/seat-orders/${initialOrder}/open`, { openedOn: '2027-03-15' });
      expect(open.body).to.include({ daysLate: 0, penalty: 0 });
    });
    await step('2027-04-10T09:00:00+08:00');
    let addOrder = '';
    await step('2027-04-14T10:00:00+08:00', async () => {
      const add = await sys.api('POST', `/v1/contracts/${contractId}/seat-orders`, { kind: 'add', quantity: 2, effectiveDate: '2027-04-20' });
      expect(add.status, add.text).to.equal(201);
      addOrder = add.body.id;
    });
    await step('2027-04-22T10:00:00+08:00', async () => {
      const open = await sys.api('POST', `/v1/seat-orders/${addOrder}/open`, { openedOn: '2027-04-22' });
      expect(open.body).to.include({ daysLate: 2, penalty: 4000 });
    });
    await step('2027-05-10T09:00:00+08:00');
    await step('2027-06-01T10:00:00+08:00', async () => {
      const ret = await sys.api('POST', `/v1/contracts/${contractId}/seat-orders`, { kind: 'return', quantity: 3, effectiveDate: '2027-06-20' });
      expect(ret.status, ret.text).to.equal(201);
    });
    await step('2027-06-10T09:00:00+08:00');
    await step('2027-07-08T10:00:00+08:00', async () => {
      const outage = await sys.api('POST', `/v1/contracts/${contractId}/outages`, {
        startedAt: '2027-07-05T10:00:00+08:00', endedAt: '2027-07-07T11:00:00+08:00', seatsAffected: 4, cause: 'provider',
      });
      expect(outage.status, outage.text).to.equal(201);
    });
    for (const day of ['2027-07-10', '2027-08-10', '2027-09-10', '2027-10-10', '2027-11-10', '2027-12-10']) {
      await step(`${day}T09:00:00+08:00`);
    }
    await step('2028-01-05T10:00:00+08:00', async () => {
      const renewal = await sys.api('POST', `/v1/contracts/${contractId}/renewals`, { termMonths: 12, seatFee: 220000, effectiveMonth: '2028-03' });
      expect(renewal.status, renewal.text).to.equal(201);
    });
    await step('2028-01-10T09:00:00+08:00');
    await step('2028-02-10T09:00:00+08:00');

    const list = await sys.api('GET', `/v1/invoices?contractId=${contractId}&order=asc`);
    const actual = [];
    for (const summary of list.body.data) {
      const inv = (await sys.api('GET', `/v1/invoices/${summary.id}`)).body;
      const lines: Record<string, number> = {};
      for (const l of inv.lines) lines[l.code] = (lines[l.code] ?? 0) + l.amount;
      const sum = inv.lines.reduce((s: number, l: { amount: number }) => s + l.amount, 0);
      expect(sum, `${inv.number} lines sum to its total`).to.equal(inv.total);
      for (const l of inv.lines) {
        expect(l.clause, `${inv.number} ${l.code} names its clause`).to.match(/^§/);
        expect(l.formula, `${inv.number} ${l.code} shows its formula`).to.not.equal('');
      }
      actual.push({ issuedOn: inv.issuedOn, period: inv.period, kind: inv.kind, total: inv.total, lines, dueDate: inv.dueDate, status: inv.status });
    }
    expect(actual.map(({ dueDate: _d, status: _s, ...rest }) => rest)).to.deep.equal(EXPECTED.map(({ dueDate: _d, ...rest }) => rest));
    for (const [i, e] of EXPECTED.entries()) if (e.dueDate) expect(actual[i]!.dueDate).to.equal(e.dueDate);
    // Paid on issue, every invoice is paid and the contract was never suspended.
    expect(actual.every((a) => a.status === 'paid')).to.equal(true);
    const contract = (await sys.api('GET', `/v1/contracts/${contractId}`)).body;
    expect(contract).to.include({ status: 'active', liveSeats: 9, endDate: '2029-02-28', depositHeld: 1980000 });
    // Numbers are gapless per year, in issue order, and start again each January (SPEC §9).
    const numbers: string[] = list.body.data.map((d: { number: string }) => d.number);
    expect(numbers.join(" ")).to.equal([
      ...Array.from({ length: 11 }, (_, i) => `INV-2027-${String(i + 1).padStart(6, '0')}`),
      ...Array.from({ length: 2 }, (_, i) => `INV-2028-${String(i + 1).padStart(6, '0')}`),
    ].join(' '));
    // The 60-day renewal notice went out once, before the renewal moved the end date.
    const notices = await sys.billing.knex('notices').where({ kind: 'renewal_notice', contract_id: contractId });
    expect(notices.map((n) => n.key)).to.deep.equal([`renewal:${contractId}:2028-02-29:60`]);
    expect(notices[0].on_date).to.equal('2027-12-31');
  });
});
