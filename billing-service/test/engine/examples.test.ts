/** SPEC §10: every worked example, reproduced exactly. */
import { expect } from 'chai';
import { computeInvoice, computeInvoiceLines, vatPart } from '../../src/engine';
import { billThrough, byRef, contract, engineInput, summary } from './facts.builder';

describe('engine: SPEC §10 worked examples', () => {
  it('1. opening: 10 seats from 2027-03-15 → deposit 2000000 + March rent 2000000 = 4000000', () => {
    const facts = contract().seats('o1', 10, '2027-03-15', { forecast: true }).build();
    const r = computeInvoice(engineInput(facts, { period: '2027-03', kind: 'opening', issuedOn: '2027-02-20' }));
    expect(summary(r.lines)).to.deep.equal([
      ['deposit', 2000000, '2027-03'],
      ['rent', 2000000, '2027-03'],
    ]);
    expect(r.totalFen).to.equal(4000000);
    // SPEC §2 (corrected 2026-12-06): VAT on the rent only; the deposit is money held.
    expect(r.taxableFen).to.equal(2000000);
    expect(r.depositFen).to.equal(2000000);
    expect(r.vatFen).to.equal(vatPart(2000000, 600)).and.to.equal(113208);
    const [deposit, rent] = r.lines;
    expect(deposit).to.include({ quantity: 10, unitAmountFen: 200000, clause: '§2.A6', formula: '10 坐席 × ¥2,000.00', ref: 'deposit' });
    expect(deposit!.description).to.equal('押金 / Deposit');
    expect(rent).to.include({ quantity: 10, unitAmountFen: 200000, clause: '§6.4', formula: '10 坐席 × ¥2,000.00', ref: 'rent:2027-03' });
    expect(rent!.description).to.equal('坐席月租 / Seat rent');
  });

  // Before the return: 10 seats live since 2027-03-01, billed through April (April prepaid).
  const before = () => contract().seats('o1', 10, '2027-03-01').build();
  const returnedOn = (lastDay: string) =>
    contract().seats('o1', 8, '2027-03-01').seats('o1', 2, '2027-03-01', { liveTo: lastDay }).build();

  it('2. return 2 seats, last day 2027-04-20 → April −120000 on the May invoice, deposit 400000 released', () => {
    const ledger = billThrough(before(), '2027-04');
    const may = ledger.issue(returnedOn('2027-04-20'), '2027-05', '2027-04-10');
    expect(summary(may.lines)).to.deep.equal([
      ['deposit_release', -400000, '2027-05'],
      ['return_adjustment', -120000, '2027-04'],
      ['rent', 1600000, '2027-05'],
    ]);
    const adj = byRef(may.lines, 'rent:2027-04')!;
    expect(adj.clause).to.equal('§6.5');
    expect(adj.description).to.equal('退租调整 / Return adjustment');
    expect(adj.formula).to.equal('8 坐席 × ¥2,000.00 + 2 坐席 × ¥2,000.00 × 70% = ¥18,800.00; 已计费 / billed ¥20,000.00');
    expect(byRef(may.lines, 'deposit')).to.include({ quantity: 2, unitAmountFen: -200000 });
    expect(may.totalFen).to.equal(1080000);
  });

  it('3. same, last day 2027-04-21 → April costs the full 400000 for them: no credit', () => {
    const ledger = billThrough(before(), '2027-04');
    const may = ledger.issue(returnedOn('2027-04-21'), '2027-05', '2027-04-10');
    expect(summary(may.lines)).to.deep.equal([
      ['deposit_release', -400000, '2027-05'],
      ['rent', 1600000, '2027-05'],
    ]);
  });

  const tenSeats = () => contract().seats('o1', 10, '2027-03-01');

  it('4. outage on 3 seats 2027-05-03 10:00 → 05-05 11:00 = 2 d 1 h → 3 days → −60000', () => {
    const facts = tenSeats().outage('out1', '2027-05-03T10:00:00+08:00', '2027-05-05T11:00:00+08:00', 3).build();
    const ledger = billThrough(facts, '2027-05');
    const june = ledger.issue(facts, '2027-06', '2027-05-10');
    expect(summary(june.lines)).to.deep.equal([
      ['rent', 2000000, '2027-06'],
      ['outage_credit', -60000, '2027-05'],
    ]);
    expect(byRef(june.lines, 'outage:2027-05')).to.include({
      formula: '3 坐席 × ¥2,000.00 × 3 天 / 30',
      clause: '§8.A1',
      description: '故障减免 / Outage credit',
    });
  });

  it('5. outage 2027-05-31 20:00 → 06-01 02:00 on 1 seat → May 6667 + June 6667', () => {
    const facts = tenSeats().outage('out1', '2027-05-31T20:00:00+08:00', '2027-06-01T02:00:00+08:00', 1).build();
    const ledger = billThrough(facts, '2027-06');
    const july = ledger.issue(facts, '2027-07', '2027-06-10');
    expect(summary(july.lines)).to.deep.equal([
      ['rent', 2000000, '2027-07'],
      ['outage_credit', -6667, '2027-05'],
      ['outage_credit', -6667, '2027-06'],
    ]);
  });

  it('6. outage of 15 days 1 hour in one month on 1 seat → whole month waived: −200000', () => {
    const facts = tenSeats().outage('out1', '2027-05-01T00:00:00+08:00', '2027-05-16T01:00:00+08:00', 1).build();
    const lines = computeInvoiceLines(engineInput(facts, { period: '2027-06', issuedOn: '2027-05-20' }));
    const credit = byRef(lines, 'outage:2027-05')!;
    expect(credit.amountFen).to.equal(-200000);
    expect(credit.formula).to.contain('整月免收');
  });

  it('7. 4 seats requested 2027-06-01, opened 2027-06-08 → 7 days late → −28000', () => {
    const facts = tenSeats()
      .seats('o2', 4, '2027-06-08', { order: { effectiveDate: '2027-06-01', openedOn: '2027-06-08', daysLate: 7 } })
      .build();
    const lines = computeInvoiceLines(engineInput(facts, { period: '2027-07', issuedOn: '2027-06-10' }));
    expect(byRef(lines, 'penalty:o2')).to.deep.equal({
      code: 'late_opening_penalty',
      description: '延迟开通违约金 / Late opening penalty',
      quantity: 7,
      unitAmountFen: -4000,
      amountFen: -28000,
      period: '2027-06',
      clause: '§8.A1',
      formula: '4 坐席 × ¥2,000.00 × 5‰ × 7 天',
      ref: 'penalty:o2',
    });
  });

  it('8. tenant breaks a 12-month contract with 5 live seats → damages 2400000', () => {
    const facts = contract({ termMonths: 12 })
      .seats('o1', 5, '2027-03-01', { liveTo: '2027-06-30' })
      .terminate('tenant_breach', '2027-06-30', { seats: 5, termMonths: 12, noticeDate: '2027-06-01' })
      .build();
    const ledger = billThrough(facts, '2027-06');
    const final = ledger.issue(facts, '2027-06', '2027-07-01', 'final');
    expect(byRef(final.lines, 'damages')).to.include({
      code: 'termination_damages',
      amountFen: 2400000,
      clause: '§8.X2',
      formula: '5 坐席 × ¥2,000.00 × 12 月 × 20%',
    });
    // The deposit (5 × 200000) pays part of the damages; nothing is left to refund.
    expect(summary(final.lines)).to.deep.equal([
      ['termination_damages', 2400000, '2027-06'],
      ['deposit_settlement', -1000000, '2027-06'],
    ]);
    expect(final.depositSettlement).to.deep.equal({ depositHeldFen: 1000000, settledFen: 1000000, refundFen: 0 });
    expect(final.totalFen).to.equal(1400000);
  });
});
