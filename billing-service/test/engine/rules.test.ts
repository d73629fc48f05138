/** Table tests for each rule and its edges (STYLE habit 12, tier 1). */
import { expect } from 'chai';
import type { CallUsage, InvoiceLine } from '@seatlease/shared/src/billing-facts';
import { computeInvoice, computeInvoiceLines, creditNoteTax, finalSettlement, sumLines, taxSplit, vatPart } from '../../src/engine';
import { InvariantError } from '@seatlease/shared/src/assert';
import { Ledger, billThrough, byRef, contract, engineInput, summary } from './facts.builder';

const tenSeats = () => contract().seats('o1', 10, '2027-03-01');
/** The credit lines (outage / force majeure) of an invoice for July issued mid-June. */
const creditsOf = (facts: ReturnType<ReturnType<typeof contract>['build']>, issuedOn = '2027-06-20') =>
  computeInvoiceLines(engineInput(facts, { period: '2027-07', issuedOn })).filter(
    (l) => l.code === 'outage_credit' || l.code === 'force_majeure_credit',
  );

describe('engine: rent (§6.4, §6.5)', () => {
  it('a seat returned on the 20th owes 70% of its month, on the 21st 100%', () => {
    for (const [lastDay, april] of [
      ['2027-04-20', 140000],
      ['2027-04-21', 200000],
      ['2027-04-01', 140000],
      ['2027-04-30', 200000],
    ] as const) {
      const facts = contract().seats('o1', 1, '2027-03-01', { liveTo: lastDay }).build();
      const lines = computeInvoiceLines(engineInput(facts, { period: '2027-05', issuedOn: '2027-04-10' }));
      expect(byRef(lines, 'rent:2027-04')!.amountFen, lastDay).to.equal(april);
      expect(byRef(lines, 'rent:2027-05'), lastDay).to.equal(undefined);
    }
  });

  it('rent is per month, not per day: months of 28, 29, 30 and 31 days cost the same', () => {
    const facts = contract({ startMonth: '2027-01', termMonths: 24 }).seats('o1', 1, '2027-01-01').build();
    const lines = computeInvoiceLines(engineInput(facts, { period: '2028-04', issuedOn: '2028-03-10' }));
    const rent = lines.filter((l) => l.code === 'rent');
    expect(rent).to.have.length(16);
    for (const month of ['2027-01', '2027-02', '2027-04', '2028-02', '2028-04']) {
      expect(byRef(lines, `rent:${month}`)!.amountFen, month).to.equal(200000);
    }
  });

  it('a seat opened on the last day of a month owes the whole month (§6.4 足额补齐)', () => {
    const facts = tenSeats().seats('o2', 2, '2027-05-31').build();
    const lines = computeInvoiceLines(engineInput(facts, { period: '2027-05', issuedOn: '2027-04-10' }));
    expect(byRef(lines, 'rent:2027-05')).to.include({ amountFen: 2400000, quantity: 12, formula: '12 坐席 × ¥2,000.00' });
  });

  it('seats added mid-month after the month was prepaid bill the difference, seats × fee', () => {
    const ledger = billThrough(tenSeats().build(), '2027-05');
    const facts = tenSeats().seats('o2', 2, '2027-05-15').build();
    const june = ledger.issue(facts, '2027-06', '2027-05-10');
    expect(byRef(june.lines, 'rent:2027-05')).to.include({ code: 'rent', amountFen: 400000, quantity: 2, unitAmountFen: 200000 });
    expect(byRef(june.lines, 'deposit')).to.include({ code: 'deposit_topup', amountFen: 400000, quantity: 2 });
  });

  it('uses the price segment in force for each month (renewal with a new price)', () => {
    const facts = contract({ startMonth: '2027-03', termMonths: 24 })
      .price('2028-03', 250000, 10000)
      .seats('o1', 2, '2027-03-01')
      .build();
    const lines = computeInvoiceLines(engineInput(facts, { period: '2028-03', issuedOn: '2028-02-10' }));
    expect(byRef(lines, 'rent:2028-02')!.amountFen).to.equal(400000);
    expect(byRef(lines, 'rent:2028-03')).to.include({ amountFen: 520000, formula: '2 坐席 × ¥2,600.00' });
    expect(byRef(lines, 'deposit')!.amountFen).to.equal(520000);
  });

  it('a seat that opens a month later than forecast reverses the prepaid month, without deposit churn', () => {
    const ledger = new Ledger();
    ledger.issue(contract().seats('o1', 10, '2027-03-15', { forecast: true }).build(), '2027-03', '2027-02-20', 'opening');
    const late = contract().seats('o1', 10, '2027-04-02').build();
    const april = ledger.issue(late, '2027-04', '2027-03-10');
    expect(summary(april.lines)).to.deep.equal([
      ['return_adjustment', -2000000, '2027-03'],
      ['rent', 2000000, '2027-04'],
    ]);
  });
});

describe('engine: contract start and end inside a year', () => {
  const facts = () => contract({ startMonth: '2027-03', termMonths: 6 }).seats('o1', 3, '2027-03-10', { forecast: false }).build();

  it('bills March..August exactly once and settles the deposit on the final invoice', () => {
    const f = facts();
    expect(f.endDate).to.equal('2027-08-31');
    const ledger = billThrough(f, '2027-08');
    const final = ledger.issue(f, '2027-08', '2027-09-01', 'final');
    const rentMonths = ledger.billed.filter((l) => l.code === 'rent').map((l) => l.period);
    expect(rentMonths).to.deep.equal(['2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08']);
    // Nothing is owed on the final invoice: the whole deposit is refunded, no line for it.
    expect(final.lines).to.deep.equal([]);
    expect(final.depositSettlement).to.deep.equal({ depositHeldFen: 600000, settledFen: 0, refundFen: 600000 });
  });

  it('a monthly run after the end date bills no rent and releases the deposit', () => {
    const f = facts();
    const ledger = billThrough(f, '2027-08');
    expect(ledger.issue(f, '2027-09', '2027-08-10').lines).to.deep.equal([
      { code: 'deposit_release', description: '押金退还 / Deposit release', quantity: 3, unitAmountFen: -200000, amountFen: -600000, period: '2027-09', clause: '§2.A6', formula: '0 坐席 × ¥2,000.00 = ¥0.00; 已计费 / billed ¥6,000.00', ref: 'deposit' },
      { code: 'credit_carried', description: '结转为账户余额 / Credit carried forward to balance', quantity: 1, unitAmountFen: 600000, amountFen: 600000, period: '2027-09', clause: '§6.2', formula: '−(本单小计 / subtotal -¥6,000.00)', ref: 'credit:2027-09:monthly' },
    ]);
  });

  it('a termination effective on or before the 20th costs 70% of its month (SPEC §6)', () => {
    const f = contract().seats('o1', 2, '2027-03-01').terminate('mutual', '2027-06-20', { seats: 2 }).build();
    const ledger = billThrough(f, '2027-06');
    expect(byRef(ledger.billed, 'rent:2027-06')!.amountFen).to.equal(280000);
    const final = ledger.issue(f, '2027-06', '2027-06-21', 'final');
    expect(byRef(final.lines, 'damages')).to.equal(undefined);
  });
});

describe('engine: outage credits (§8.A1, §2.A5)', () => {
  it('exactly 15 days earns day credits; 15 days + 1 second waives the month', () => {
    const exact = tenSeats().outage('o', '2027-05-01T00:00:00+08:00', '2027-05-16T00:00:00+08:00', 1).build();
    expect(summary(creditsOf(exact))).to.deep.equal([['outage_credit', -100000, '2027-05']]);
    const over = tenSeats().outage('o', '2027-05-01T00:00:00+08:00', '2027-05-16T00:00:01+08:00', 1).build();
    expect(summary(creditsOf(over))).to.deep.equal([['outage_credit', -200000, '2027-05']]);
  });

  it('the waiver sums a seat’s fault time over several outages; seats hit less are not waived', () => {
    const facts = tenSeats()
      .outage('a', '2027-05-01T00:00:00+08:00', '2027-05-09T00:00:00+08:00', 3) // 8 days, seats 1..3
      .outage('b', '2027-05-10T00:00:00+08:00', '2027-05-18T00:00:00+08:00', 1) // 8 days, seat 1
      .build();
    // Seat 1: 16 days → waived (200000). Seats 2..3: 8 days each → 2 × 200000 × 8 / 30.
    const [credit] = creditsOf(facts);
    expect(credit!.amountFen).to.equal(-(200000 + 106667));
    expect(credit!.formula).to.equal('1 坐席 × ¥2,000.00 整月免收 (故障超过15天 / fault > 15 days) + 2 坐席 × ¥2,000.00 × 8 天 / 30');
  });

  it('an outage ending exactly at midnight does not spill a day into the next month', () => {
    const facts = tenSeats().outage('o', '2027-05-31T20:00:00+08:00', '2027-06-01T00:00:00+08:00', 1).build();
    expect(summary(creditsOf(facts))).to.deep.equal([['outage_credit', -6667, '2027-05']]);
  });

  it('instants are read in Asia/Shanghai whatever their offset', () => {
    // 2027-05-31T12:00Z = 20:00 Shanghai; 2027-05-31T18:00Z = 02:00 on June 1st in Shanghai.
    const facts = tenSeats().outage('o', '2027-05-31T12:00:00Z', '2027-05-31T18:00:00Z', 1).build();
    expect(summary(creditsOf(facts))).to.deep.equal([
      ['outage_credit', -6667, '2027-05'],
      ['outage_credit', -6667, '2027-06'],
    ]);
  });

  it('48 h of maintenance in a month is allowed; 49 h leaves 1 h of fault → 1 day', () => {
    const at48 = tenSeats().outage('m', '2027-05-03T00:00:00+08:00', '2027-05-05T00:00:00+08:00', 10, 'maintenance').build();
    expect(creditsOf(at48)).to.deep.equal([]);
    const at49 = tenSeats().outage('m', '2027-05-03T00:00:00+08:00', '2027-05-05T01:00:00+08:00', 1, 'maintenance').build();
    expect(summary(creditsOf(at49))).to.deep.equal([['outage_credit', -6667, '2027-05']]);
  });

  it('the 48 h allowance is consumed in time order and renews each calendar month', () => {
    const facts = tenSeats()
      .outage('m2', '2027-05-20T00:00:00+08:00', '2027-05-21T06:00:00+08:00', 2, 'maintenance') // 30 h, 12 h over
      .outage('m1', '2027-05-03T00:00:00+08:00', '2027-05-04T06:00:00+08:00', 1, 'maintenance') // 30 h, allowed
      .outage('m3', '2027-06-03T00:00:00+08:00', '2027-06-04T06:00:00+08:00', 1, 'maintenance') // June: allowed
      .build();
    const lines = creditsOf(facts);
    expect(summary(lines)).to.deep.equal([['outage_credit', -13333, '2027-05']]);
    expect(lines[0]!.formula).to.equal('2 坐席 × ¥2,000.00 × 1 天 / 30');
  });

  it('ignores the tenant’s own faults and outages restored within the restore window', () => {
    const tenant = tenSeats().outage('t', '2027-05-03T00:00:00+08:00', '2027-05-06T00:00:00+08:00', 5, 'tenant').build();
    expect(creditsOf(tenant)).to.deep.equal([]);
    const windowed = contract({ restoreWindowHours: 4 })
      .seats('o1', 10, '2027-03-01')
      .outage('w', '2027-05-03T00:00:00+08:00', '2027-05-03T04:00:00+08:00', 5)
      .outage('x', '2027-05-07T00:00:00+08:00', '2027-05-07T04:00:01+08:00', 1)
      .build();
    expect(summary(creditsOf(windowed))).to.deep.equal([['outage_credit', -6667, '2027-05']]);
  });

  it('earns nothing for time inside honoured force majeure or on suspended days', () => {
    const facts = tenSeats()
      .outage('o', '2027-05-03T00:00:00+08:00', '2027-05-13T00:00:00+08:00', 1) // 10 days
      .forceMajeure('fm', '2027-05-02T00:00:00+08:00', '2027-05-05T12:00:00+08:00') // covers 2.5 days of it
      .suspended('2027-05-10', '2027-05-12') // covers 3 days of it
      .build();
    const outage = creditsOf(facts).find((l) => l.code === 'outage_credit')!;
    // 10 − 2.5 − 3 = 4.5 days → 5 days.
    expect(outage.amountFen).to.equal(-roundDiv(200000 * 5, 30));
  });

  it('appears on the first invoice issued on or after the day the outage ended', () => {
    const facts = tenSeats().outage('o', '2027-05-03T10:00:00+08:00', '2027-05-10T11:00:00+08:00', 1).build();
    expect(creditsOf(facts, '2027-05-09')).to.deep.equal([]);
    expect(summary(creditsOf(facts, '2027-05-10'))).to.deep.equal([['outage_credit', -53333, '2027-05']]);
  });

  it('a later outage in the same month that triggers the waiver bills only the difference', () => {
    const first = tenSeats().outage('a', '2027-05-01T00:00:00+08:00', '2027-05-09T00:00:00+08:00', 1);
    const ledger = billThrough(first.build(), '2027-06');
    const both = first.outage('b', '2027-05-20T00:00:00+08:00', '2027-05-28T00:00:00+08:00', 1).build();
    const july = ledger.issue(both, '2027-07', '2027-06-10');
    // Owed 200000 (16 days → waived), billed 53333 for the 8 days of `a`.
    expect(byRef(july.lines, 'outage:2027-05')).to.include({ amountFen: -(200000 - 53333), quantity: 1 });
    expect(sumLines(ledger.billed.filter((l) => l.ref === 'outage:2027-05'))).to.equal(-200000);
  });
});

describe('engine: force majeure (§7.3, §7.4) and the seat-month cap', () => {
  it('credits seat-days × fee / 30 over the days the event touches, with the seats live each day', () => {
    const facts = contract()
      .seats('o1', 2, '2027-03-01')
      .seats('o2', 1, '2027-05-03')
      .forceMajeure('fm', '2027-05-01T08:00:00+08:00', '2027-05-04T01:00:00+08:00') // May 1..4
      .build();
    const [fm] = creditsOf(facts);
    // Days 1, 2: 2 seats; days 3, 4: 3 seats → 10 seat-days.
    expect(fm).to.include({ code: 'force_majeure_credit', amountFen: -roundDiv(10 * 200000, 30), clause: '§7.4', period: '2027-05' });
    expect(fm!.formula).to.equal('10 坐席·天 × ¥2,000.00 / 30 (4 天 / days)');
  });

  it('a late notice (not honoured) earns nothing', () => {
    const facts = tenSeats().forceMajeure('fm', '2027-05-01T00:00:00+08:00', '2027-05-04T00:00:00+08:00', false, { noticeGivenOn: '2027-05-20' }).build();
    expect(creditsOf(facts)).to.deep.equal([]);
  });

  it('a whole 31-day month of force majeure is capped at the month’s charge', () => {
    const facts = tenSeats().forceMajeure('fm', '2027-05-01T00:00:00+08:00', '2027-06-01T00:00:00+08:00').build();
    const [fm] = creditsOf(facts);
    expect(fm!.amountFen).to.equal(-2000000); // not 10 × 31 × 200000 / 30 = 2066667
    expect(fm!.formula).to.contain('capped at the seat-month charge');
  });

  it('force majeure and outage credits together never exceed the seat-month (70% seat)', () => {
    const facts = contract()
      .seats('o1', 1, '2027-03-01', { liveTo: '2027-05-20' }) // May costs 140000
      .forceMajeure('fm', '2027-05-01T00:00:00+08:00', '2027-05-16T00:00:00+08:00') // 15 days → 100000
      .outage('o', '2027-05-16T00:00:00+08:00', '2027-05-20T00:00:00+08:00', 1) // 4 days → 26667
      .outage('p', '2027-05-20T00:00:00+08:00', '2027-05-31T00:00:00+08:00', 1) // the seat is live on the 20th only → 1 day
      .build();
    const credits = creditsOf(facts);
    // SPEC §5 (2026-12-06): no seat is credited for hours it was not live; 4 + 1 = 5 days → 33333,
    // and with the force-majeure credit still within the seat-month's 140000.
    expect(summary(credits)).to.deep.equal([
      ['outage_credit', -33333, '2027-05'],
      ['force_majeure_credit', -100000, '2027-05'],
    ]);
    expect(-sumLines(credits)).to.be.at.most(140000);
    // Longer outages on the same seat reach the cap: 140000 − 100000.
    const capped = contract()
      .seats('o1', 1, '2027-03-01', { liveTo: '2027-05-20' })
      .forceMajeure('fm', '2027-05-01T00:00:00+08:00', '2027-05-16T00:00:00+08:00')
      .outage('o', '2027-05-16T00:00:00+08:00', '2027-05-17T00:00:00+08:00', 1)
      .outage('p', '2027-05-17T12:00:00+08:00', '2027-05-19T00:00:00+08:00', 1)
      .outage('q', '2027-05-19T12:00:00+08:00', '2027-05-20T12:00:00+08:00', 1)
      .outage('r', '2027-05-20T13:00:00+08:00', '2027-05-20T14:00:00+08:00', 1)
      .outage('s', '2027-05-20T15:00:00+08:00', '2027-05-20T16:00:00+08:00', 1)
      .build();
    // 1 + 2 + 1 + 1 + 1 = 6 days → 40000, exactly the room left.
    expect(summary(creditsOf(capped))).to.deep.equal([
      ['outage_credit', -40000, '2027-05'],
      ['force_majeure_credit', -100000, '2027-05'],
    ]);
  });

  it('a waived 70% seat-month is credited what it was charged: 70% of the fee', () => {
    const facts = contract()
      .seats('o1', 1, '2027-03-01', { liveTo: '2027-05-20' })
      .outage('o', '2027-05-01T00:00:00+08:00', '2027-05-17T00:00:00+08:00', 1)
      .build();
    expect(summary(creditsOf(facts))).to.deep.equal([['outage_credit', -140000, '2027-05']]);
  });

  it('overlapping records never credit a seat twice for the same hours, nor more seats than are live (table)', () => {
    const at = (d: string, h: string) => `2027-05-${d}T${h}:00+08:00`;
    type O = [string, string, string, number];
    // [case, outages, seats live (o1 10 seats, of which `returned` last serve 2027-05-10), credit, formula]
    const table: Array<[string, O[], number, number, string]> = [
      ['once', [['a', at('03', '10:00'), at('03', '12:00'), 3]], 0, -20000, '3 坐席 × ¥2,000.00 × 1 天 / 30'],
      ['entered twice', [['a', at('03', '10:00'), at('03', '12:00'), 3], ['b', at('03', '10:00'), at('03', '12:00'), 3]], 0, -20000, '3 坐席 × ¥2,000.00 × 1 天 / 30'],
      ['entered three times', [['a', at('03', '10:00'), at('05', '11:00'), 3], ['b', at('03', '10:00'), at('05', '11:00'), 3], ['c', at('03', '10:00'), at('05', '11:00'), 3]], 0, -60000, '3 坐席 × ¥2,000.00 × 3 天 / 30'],
      // Seats 1–3 are down 10:00–13:00 (one day), seats 4–5 11:00–13:00 (one day): 5 seat-days, not 8.
      ['overlapping, not identical', [['a', at('03', '10:00'), at('03', '12:00'), 3], ['b', at('03', '11:00'), at('03', '13:00'), 5]], 0, -33333, '3 坐席 × ¥2,000.00 × 1 天 / 30 + 2 坐席 × ¥2,000.00 × 1 天 / 30'],
      // Apart in time, each rounds up on its own (§8.A1), as before.
      ['same day, apart', [['a', at('03', '10:00'), at('03', '11:00'), 1], ['b', at('03', '14:00'), at('03', '15:00'), 1]], 0, -13333, '1 坐席 × ¥2,000.00 × 1 天 / 30 + 1 坐席 × ¥2,000.00 × 1 天 / 30'],
      // Joined through a third record, three overlapping records round once: 09:00–17:00 → 1 day.
      ['a chain', [['a', at('03', '09:00'), at('03', '12:00'), 2], ['b', at('03', '11:00'), at('03', '15:00'), 2], ['c', at('03', '14:00'), at('03', '17:00'), 2]], 0, -13333, '2 坐席 × ¥2,000.00 × 1 天 / 30'],
      // 6 seats return after 10 May: seats 5–8 are live on 9 and 10 May only → 4 × 4 + 4 × 2 = 24 seat-days.
      ['seats returned during the outage', [['a', at('09', '00:00'), at('13', '00:00'), 8]], 6, -160000, '4 坐席 × ¥2,000.00 × 4 天 / 30 + 4 坐席 × ¥2,000.00 × 2 天 / 30'],
    ];
    for (const [name, outages, returned, credit, formula] of table) {
      let b = contract().seats('o1', 10 - returned, '2027-03-01');
      if (returned > 0) b = b.seats('o1', returned, '2027-03-01', { liveTo: '2027-05-10' });
      for (const [id, from, to, seats] of outages) b = b.outage(id, from, to, seats);
      const lines = creditsOf(b.build());
      expect(summary(lines), name).to.deep.equal([['outage_credit', credit, '2027-05']]);
      expect(lines[0]!.formula, name).to.equal(formula);
    }
  });

  it('the same outage entered three times credits what one does (SPEC §5, 2026-12-06)', () => {
    const facts = tenSeats()
      .outage('a', '2027-05-01T00:00:00+08:00', '2027-05-15T00:00:00+08:00', 1)
      .outage('b', '2027-05-01T00:00:00+08:00', '2027-05-15T00:00:00+08:00', 1)
      .outage('c', '2027-05-01T00:00:00+08:00', '2027-05-15T00:00:00+08:00', 1)
      .build();
    // Before the correction: 3 × 14 = 42 days, capped at 200000. Now 14 actual days, counted once.
    const [credit] = creditsOf(facts);
    expect(credit!.amountFen).to.equal(-93333);
    expect(credit!.formula).to.equal('1 坐席 × ¥2,000.00 × 14 天 / 30');
  });

  it('seats affected beyond the seats live earn nothing for the missing seats', () => {
    const facts = contract().seats('o1', 1, '2027-03-01').outage('o', '2027-05-03T00:00:00+08:00', '2027-05-04T00:00:00+08:00', 5).build();
    expect(summary(creditsOf(facts))).to.deep.equal([['outage_credit', -6667, '2027-05']]);
  });
});

describe('engine: phone usage (§2.A6, SPEC §7)', () => {
  const usage = (localMinutes: number): CallUsage[] => [
    { month: '2027-04', callType: 'local', calls: 40, minutes: localMinutes },
    { month: '2027-04', callType: 'mobile', calls: 7, minutes: 50 },
    { month: '2027-05', callType: 'domestic', calls: 3, minutes: 9 },
  ];

  it('bills each ended month in arrears, one line per call type, minutes × rate', () => {
    const lines = computeInvoiceLines(engineInput(tenSeats().build(), { period: '2027-06', issuedOn: '2027-05-10', usage: usage(100) }));
    const phone = lines.filter((l) => l.code === 'phone_usage');
    expect(phone).to.deep.equal([
      { code: 'phone_usage', description: '电话费（市话） / Phone usage (local)', quantity: 100, unitAmountFen: 10, amountFen: 1000, period: '2027-04', clause: '§2.A6', formula: '40 次通话 / calls, 100 分钟 × ¥0.10', ref: 'phone:2027-04:local' },
      { code: 'phone_usage', description: '电话费（移动电话） / Phone usage (mobile)', quantity: 50, unitAmountFen: 15, amountFen: 750, period: '2027-04', clause: '§2.A6', formula: '7 次通话 / calls, 50 分钟 × ¥0.15', ref: 'phone:2027-04:mobile' },
    ]);
  });

  it('calls imported late bill the difference; the final invoice bills every month on file', () => {
    const facts = tenSeats().build();
    const ledger = billThrough(facts, '2027-05');
    ledger.issue(facts, '2027-06', '2027-05-10', 'monthly', usage(100));
    const july = ledger.issue(facts, '2027-07', '2027-06-10', 'monthly', usage(120));
    expect(byRef(july.lines, 'phone:2027-04:local')).to.include({ amountFen: 200, quantity: 20, unitAmountFen: 10 });
    expect(byRef(july.lines, 'phone:2027-05:domestic')).to.include({ amountFen: 180 });
    const f2 = tenSeats().build();
    const final = computeInvoiceLines(engineInput(f2, { kind: 'final', period: '2028-02', issuedOn: '2028-02-29', usage: [{ month: '2028-02', callType: 'local', calls: 1, minutes: 3 }] }));
    expect(byRef(final, 'phone:2028-02:local')!.amountFen).to.equal(30);
  });
});

describe('engine: one-off charges (§5.1, §8.B3)', () => {
  it('bills charges and credits created on or before the issue date, sign and clause kept', () => {
    const facts = tenSeats()
      .oneOff('x1', 150000, '2027-05-02', '§5.1')
      .oneOff('x2', -20000, '2027-05-03', null, '服务补偿')
      .oneOff('x3', 88800, '2027-05-12', '§8.B3', '耳麦损坏')
      .build();
    const lines = computeInvoiceLines(engineInput(facts, { period: '2027-06', issuedOn: '2027-05-10' })).filter((l) => l.code === 'one_off');
    expect(lines).to.deep.equal([
      { code: 'one_off', description: '一次性费用：定制功能开发 / One-off charge: 定制功能开发', quantity: 1, unitAmountFen: 150000, amountFen: 150000, period: '2027-05', clause: '§5.1', formula: '¥1,500.00', ref: 'oneoff:x1' },
      { code: 'one_off', description: '一次性抵扣：服务补偿 / One-off credit: 服务补偿', quantity: 1, unitAmountFen: -20000, amountFen: -20000, period: '2027-05', clause: '—', formula: '-¥200.00', ref: 'oneoff:x2' },
    ]);
  });

  it('a one-off removed after it was billed is reversed', () => {
    const ledger = billThrough(tenSeats().oneOff('x1', 150000, '2027-04-01').build(), '2027-05');
    const june = ledger.issue(tenSeats().build(), '2027-06', '2027-05-10');
    expect(byRef(june.lines, 'oneoff:x1')).to.include({ code: 'one_off', amountFen: -150000 });
  });
});

describe('engine: termination damages (§8.X2, §9.2)', () => {
  const finalFor = (kind: 'mutual' | 'tenant_breach' | 'provider_breach' | 'for_cause') => {
    const facts = contract({ termMonths: 12 })
      .seats('o1', 5, '2027-03-01')
      .terminate(kind, '2027-06-30', { seats: 5, termMonths: 12, noticeDate: '2027-06-01' })
      .build();
    return billThrough(facts, '2027-06').issue(facts, '2027-06', '2027-07-01', 'final');
  };

  it('tenant breach → charge, for cause → charge (§9.2), Party A breach → credit, mutual → none', () => {
    expect(byRef(finalFor('tenant_breach').lines, 'damages')).to.include({ amountFen: 2400000, clause: '§8.X2' });
    expect(byRef(finalFor('for_cause').lines, 'damages')).to.include({ amountFen: 2400000, clause: '§9.2' });
    const provider = finalFor('provider_breach');
    expect(summary(provider.lines)).to.deep.equal([
      ['termination_damages', -2400000, '2027-06'],
      ['credit_carried', 2400000, '2027-06'],
    ]);
    expect(provider.depositSettlement).to.deep.equal({ depositHeldFen: 1000000, settledFen: 0, refundFen: 1000000 });
    const mutual = finalFor('mutual');
    expect(mutual.lines).to.deep.equal([]);
    expect(mutual.depositSettlement!.refundFen).to.equal(1000000);
  });

  it('damages are not billed before the final invoice', () => {
    const facts = contract().seats('o1', 5, '2027-03-01').terminate('tenant_breach', '2027-06-30', { seats: 5 }).build();
    expect(billThrough(facts, '2027-06').billed.filter((l) => l.code === 'termination_damages')).to.deep.equal([]);
  });
});

describe('engine: reconciliation, credit balance and totals', () => {
  it('re-running an invoice with its own output already billed emits nothing', () => {
    const facts = tenSeats()
      .outage('o', '2027-05-03T10:00:00+08:00', '2027-05-05T11:00:00+08:00', 3)
      .oneOff('x', 5000, '2027-05-01')
      .build();
    const ledger = billThrough(facts, '2027-06');
    const again = computeInvoice({ facts, usage: [], alreadyBilled: ledger.billed, period: '2027-06', kind: 'monthly', issuedOn: '2027-05-10', creditBalanceFen: 0 });
    expect(again.lines).to.deep.equal([]);
    expect(again.totalFen).to.equal(0);
  });

  it('a negative invoice carries its credit forward; the next invoice applies it', () => {
    const facts = contract().seats('o1', 1, '2027-03-01').oneOff('refund', -500000, '2027-04-20').build();
    const ledger = billThrough(facts, '2027-05');
    const june = ledger.issue(facts, '2027-06', '2027-05-10');
    // −500000 + June rent 200000 = −300000 → carried.
    expect(summary(june.lines)).to.deep.equal([
      ['rent', 200000, '2027-06'],
      ['one_off', -500000, '2027-04'],
      ['credit_carried', 300000, '2027-06'],
    ]);
    expect(june.totalFen).to.equal(0);
    expect(ledger.creditBalanceFen).to.equal(300000);
    const july = ledger.issue(facts, '2027-07', '2027-06-10');
    expect(summary(july.lines)).to.deep.equal([
      ['rent', 200000, '2027-07'],
      ['credit_carried', -200000, '2027-07'],
    ]);
    expect(july.creditAppliedFen).to.equal(200000);
    expect(ledger.creditBalanceFen).to.equal(100000);
  });

  it('a supplementary invoice (after the final one) bills only the calls that arrived late, nothing else again (decision 0042)', () => {
    const facts = contract({ termMonths: 4 }).seats('o1', 1, '2027-03-01').oneOff('x', 250000, '2027-06-15').build();
    const ledger = billThrough(facts, '2027-06');
    const onTime = [{ month: '2027-06', callType: 'local' as const, calls: 2, minutes: 7 }];
    ledger.issue(facts, '2027-06', '2027-07-01', 'final', onTime);
    const late = [...onTime, { month: '2027-06', callType: 'local' as const, calls: 1, minutes: 4 }, { month: '2027-05', callType: 'mobile' as const, calls: 1, minutes: 3 }];
    const sup = computeInvoice({ facts, usage: late, alreadyBilled: ledger.billed, period: '2027-07', kind: 'supplementary', issuedOn: '2027-07-20', creditBalanceFen: 0 });
    expect(summary(sup.lines)).to.deep.equal([
      ['phone_usage', 40, '2027-06'],
      ['phone_usage', 45, '2027-05'],
    ].sort((a, b) => String(a[2]).localeCompare(String(b[2]))));
    expect(sup.totalFen).to.equal(85);
    expect(sup.depositSettlement).to.equal(null);
    // Nothing late: nothing owed (no invoice is issued).
    const none = computeInvoice({ facts, usage: onTime, alreadyBilled: ledger.billed, period: '2027-07', kind: 'supplementary', issuedOn: '2027-07-20', creditBalanceFen: 0 });
    expect(none.lines).to.deep.equal([]);
  });

  it('the final invoice pays its balance from the deposit, then from the credit balance', () => {
    const facts = contract({ termMonths: 4 }).seats('o1', 1, '2027-03-01').oneOff('x', 250000, '2027-06-15').build();
    const ledger = billThrough(facts, '2027-06');
    ledger.creditBalanceFen = 30000;
    const final = ledger.issue(facts, '2027-06', '2027-07-01', 'final');
    expect(summary(final.lines)).to.deep.equal([
      ['one_off', 250000, '2027-06'],
      ['deposit_settlement', -200000, '2027-06'],
      ['credit_carried', -30000, '2027-06'],
    ]);
    expect(final.totalFen).to.equal(20000);
    expect(final.depositSettlement).to.deep.equal({ depositHeldFen: 200000, settledFen: 200000, refundFen: 0 });
    const again = computeInvoice({ facts, usage: [], alreadyBilled: ledger.billed, period: '2027-06', kind: 'final', issuedOn: '2027-07-01', creditBalanceFen: 0 });
    expect(again.lines).to.deep.equal([]);
  });

  it('taxSplit: VAT on the taxable lines only (SPEC §2, corrected 2026-12-06)', () => {
    const line = (code: InvoiceLine['code'], amountFen: number) => ({ code, amountFen });
    // [lines, taxable, vat, deposit, carried]
    const table: Array<[Array<{ code: InvoiceLine['code']; amountFen: number }>, number, number, number, number]> = [
      // SPEC §2's example: ¥12,950 deposit + ¥12,950 rent at 6% → ¥733.02, not ¥1,466.04.
      [[line('deposit', 1295000), line('rent', 1295000)], 1295000, 73302, 1295000, 0],
      [[line('deposit_topup', 400000)], 0, 0, 400000, 0],
      [[line('deposit_release', -400000), line('return_adjustment', -120000), line('rent', 1600000)], 1480000, 83774, -400000, 0],
      [[line('deposit_settlement', -200000), line('rent', 200000), line('phone_usage', 1234)], 201234, 11391, -200000, 0],
      // Credits above charges: the taxable amount and its tax are negative; credit_carried is not taxed.
      [[line('outage_credit', -60000), line('credit_carried', 60000)], -60000, -3396, 0, 60000],
      [[line('rent', 200000), line('credit_carried', -50000)], 200000, 11321, 0, -50000],
    ];
    for (const [lines, taxable, vat, deposit, carried] of table) {
      const split = taxSplit(lines, 600);
      expect(split, JSON.stringify(lines)).to.deep.equal({ taxableFen: taxable, vatFen: vat, depositFen: deposit, creditCarriedFen: carried });
      expect(split.vatFen).to.equal(vatPart(taxable, 600));
    }
    expect(vatPart(-106, 600)).to.equal(-6);
    expect(vatPart(1295000 * 2, 600)).to.equal(146604); // the old, wrong figure of the issue
  });

  it('creditNoteTax: pro rata to the taxable share, cumulative so that notes add up to the invoice', () => {
    const invoice = { totalFen: 2590000, taxableFen: 1295000, vatRateBp: 600 };
    expect(creditNoteTax(invoice, 0, 2590000)).to.deep.equal({ taxableFen: 1295000, vatFen: 73302 });
    // Three notes that together credit the whole invoice carry exactly its taxable amount and tax.
    const a = creditNoteTax(invoice, 0, 1001);
    const b = creditNoteTax(invoice, 1001, 1000000);
    const c = creditNoteTax(invoice, 1001001, 2590000 - 1001001);
    expect(a.taxableFen + b.taxableFen + c.taxableFen).to.equal(1295000);
    expect(a.vatFen + b.vatFen + c.vatFen).to.equal(73302);
    expect(a).to.deep.equal({ taxableFen: 501, vatFen: vatPart(501, 600) });
    // An invoice of deposit lines only: its notes carry no tax.
    expect(creditNoteTax({ totalFen: 400000, taxableFen: 0, vatRateBp: 600 }, 0, 150000)).to.deep.equal({ taxableFen: 0, vatFen: 0 });
    expect(() => creditNoteTax(invoice, 2590000, 1)).to.throw(InvariantError);
  });

  it('vatPart, finalSettlement and sumLines', () => {
    expect(vatPart(4000000, 600)).to.equal(226415);
    expect(vatPart(0, 600)).to.equal(0);
    expect(vatPart(106, 600)).to.equal(6);
    expect(vatPart(1000, 0)).to.equal(0);
    expect(finalSettlement(1000, 300)).to.deep.equal({ depositHeldFen: 1000, settledFen: 300, refundFen: 700 });
    expect(finalSettlement(1000, -300)).to.deep.equal({ depositHeldFen: 1000, settledFen: 0, refundFen: 1000 });
    expect(sumLines([])).to.equal(0);
  });

  it('asserts its invariants on bad facts (a bug upstream, never a 4xx)', () => {
    const bad = tenSeats().build();
    bad.seatSpans[0]!.liveTo = '2027-02-01';
    expect(() => computeInvoice(engineInput(bad, { period: '2027-04', issuedOn: '2027-03-10' }))).to.throw(InvariantError);
    expect(() => computeInvoice(engineInput(tenSeats().build(), { period: '2027-4', issuedOn: '2027-03-10' }))).to.throw(InvariantError);
    expect(() => computeInvoice(engineInput(tenSeats().build(), { period: '2027-04', issuedOn: '2027-03-10', creditBalanceFen: -1 }))).to.throw(InvariantError);
  });
});

function roundDiv(n: number, d: number): number {
  return Math.floor((2 * n + d) / (2 * d));
}
