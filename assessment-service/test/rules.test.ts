/**
 * Pure table tests of the assessment rules (no database): every item family of the catalogue,
 * the caps of each part, the halving rule, the workload benchmark, the appeal window and the year.
 */
import { expect } from 'chai';
import { PARTS, SEED_CATALOGUE, type CatalogueItem } from '../src/rules/catalogue';
import { eventPoints, scoreMonth, type ScoredEvent } from '../src/rules/scorecard';
import { roleBenchmarks, workloadLines, type WorkdayRow } from '../src/rules/workload';
import { appealWindow, answerDueOn, isAnsweredLate, isWithinWindow } from '../src/rules/appeal-window';
import { DEFAULT_BANDS, twoFailingYears, yearResult } from '../src/rules/year';
import { divideHalfUp, formatRatio, formatTenths } from '../src/rules/points';

const catalogue = new Map(SEED_CATALOGUE.map((i) => [i.code, i]));
const item = (code: string): CatalogueItem => {
  const i = catalogue.get(code);
  if (!i) throw new Error(`no item ${code}`);
  return i;
};
const ev = (itemCode: string, count = 1, selfReported = false): ScoredEvent => ({ itemCode, count, selfReported });
const part = (s: ReturnType<typeof scoreMonth>, p: string) => s.parts.find((x) => x.part === p)!;

describe('assessment rules: the catalogue as the seed writes it', () => {
  it('has the three parts 20 + 20 + 60 = 100 points (一(三), 二)', () => {
    expect(PARTS.map((p) => [p.part, p.maxTenths])).to.deep.equal([['internal', 200], ['discipline', 200], ['business', 600]]);
    expect(PARTS.reduce((s, p) => s + p.maxTenths, 0)).to.equal(1000);
  });

  // One row per item family: the code, its clause and its points in tenths as the document says.
  const table: Array<[string, string, number]> = [
    ['study.not_organised', '二(一)1', -20],
    ['study.absent', '二(一)1', -50],
    ['training.exam_failed', '二(一)2', -100],
    ['dress.uniform', '二(一)3', -20],
    ['conduct.posture', '二(一)4', -10],
    ['hygiene.rules', '二(一)5', -10],
    ['rota.case_unhandled', '二(一)6', -10],
    ['shift.unauthorised_swap', '二(一)7', -20],
    ['phone.private_call', '二(一)8', -20],
    ['equipment.not_shut_down', '二(一)9', -10],
    ['handover.incomplete', '二(一)10', -10],
    ['attendance.late_or_early', '二(二)1', -10],
    ['absence.half_day', '二(二)2', -50],
    ['absence.one_day', '二(二)2', -100],
    ['post.left', '二(二)3', -20],
    ['hall.smoking_food_noise', '二(二)4', -100],
    ['phone.no_courtesy', '二(二)5', -10],
    ['secrecy.leak', '二(二)6', -50],
    ['secrecy.leak_with_consequence', '二(二)6', -100],
    ['attitude.slack', '二(二)7', -20],
    ['unity.quarrel_or_fraud', '二(二)8', -50],
    ['orders.disobeyed', '二(二)9', -50],
    ['video.camera_missed', '二(三)1', -1],
    ['video.reports_short', '二(三)2', -1],
    ['case.node_overdue', '二(三)3', -5],
    ['intake.wrong_check_order', '二(三)4', -10],
    ['intake.case_delayed', '二(三)4', -20],
    ['intake.found_others_error', '二(三)4', 10],
    ['dispatch.no_instructions', '二(三)5', -20],
    ['dispatch.found_others_error', '二(三)5', 10],
    ['filing.sent_back', '二(三)6', -10],
    ['review.error', '二(三)7', -10],
    ['audit.found_authorisation_error', '二(三)8', 10],
    ['hotline.incomplete_record', '二(三)9', -10],
    ['emergency.not_reported', '二(三)10', -30],
    ['emergency.handling_delayed', '二(三)10', -100],
    ['emergency.reported_and_followed', '二(三)10', 30],
    ['reports.deficient', '二(三)11', -10],
    ['workload.intake', '二(三)12', 5],
    ['workload.shift_lead', '二(三)13', 5],
    ['suggestion.adopted', '二(三)14', 20],
  ];
  for (const [code, clause, tenths] of table) {
    it(`${clause} ${code}: ${formatTenths(tenths)} per ${item(code).unit}`, () => {
      expect(item(code).clause).to.equal(clause);
      expect(item(code).pointsTenths).to.equal(tenths);
    });
  }

  it('every clause of 二(一) 1–10, 二(二) 1–9 and 二(三) 1–14 has at least one item; codes are unique', () => {
    const clauses = new Set(SEED_CATALOGUE.map((i) => i.clause));
    for (let n = 1; n <= 10; n++) expect(clauses, `二(一)${n}`).to.include(`二(一)${n}`);
    for (let n = 1; n <= 9; n++) expect(clauses, `二(二)${n}`).to.include(`二(二)${n}`);
    for (let n = 1; n <= 14; n++) expect(clauses, `二(三)${n}`).to.include(`二(三)${n}`);
    expect(new Set(SEED_CATALOGUE.map((i) => i.code)).size).to.equal(SEED_CATALOGUE.length);
  });

  it('only the errors of 二(三)4 and 二(三)5 are halvable, and every one is an even number of tenths', () => {
    const halvable = SEED_CATALOGUE.filter((i) => i.halvable);
    expect(new Set(halvable.map((i) => i.clause))).to.deep.equal(new Set(['二(三)4', '二(三)5']));
    for (const i of halvable) expect(i.pointsTenths % 2, i.code).to.equal(0);
    for (const i of halvable) expect(i.pointsTenths, i.code).to.be.below(0);
  });
});

describe('assessment rules: a month\'s scorecard', () => {
  it('a clean month is 100.0: 20 + 20 + 60', () => {
    const s = scoreMonth(catalogue, [], []);
    expect(s.totalTenths).to.equal(1000);
    expect(s.parts.map((p) => p.scoreTenths)).to.deep.equal([200, 200, 600]);
    expect(s.lines).to.deep.equal([]);
  });

  // [label, events, expected internal, discipline, business, total] in tenths
  const cases: Array<[string, ScoredEvent[], number, number, number, number]> = [
    ['late twice: 2 × −1', [ev('attendance.late_or_early', 2)], 200, 180, 600, 980],
    ['absent one day −10, half a day −5', [ev('absence.one_day'), ev('absence.half_day')], 200, 50, 600, 850],
    ['37 cameras missed × −0.1 = −3.7', [ev('video.camera_missed', 37)], 200, 200, 563, 963],
    ['3 cases short of 10 × −0.1', [ev('video.reports_short', 3)], 200, 200, 597, 997],
    ['5 overdue nodes × −0.5', [ev('case.node_overdue', 5)], 200, 200, 575, 975],
    ['a bonus cannot lift a full part: +2 for a suggestion at 60', [ev('suggestion.adopted')], 200, 200, 600, 1000],
    ['a bonus offsets a deduction in its own part: −3 + 3', [ev('emergency.not_reported'), ev('emergency.reported_and_followed')], 200, 200, 600, 1000],
    ['a bonus never crosses parts: +2 business does not repair −2 internal', [ev('dress.uniform'), ev('suggestion.adopted')], 180, 200, 600, 980],
    ['discipline stops at 0: 3 days absent (−30) in a 20-point part', [ev('absence.one_day', 3)], 200, 0, 600, 800],
    ['internal stops at 0 and the others are untouched', [ev('training.exam_failed', 2), ev('study.absent')], 0, 200, 600, 800],
    ['the leak with consequence −10 and no courtesy −1', [ev('secrecy.leak_with_consequence'), ev('phone.no_courtesy')], 200, 90, 600, 890],
  ];
  for (const [label, events, internal, discipline, business, total] of cases) {
    it(label, () => {
      const s = scoreMonth(catalogue, events, []);
      expect([part(s, 'internal').scoreTenths, part(s, 'discipline').scoreTenths, part(s, 'business').scoreTenths, s.totalTenths]).to.deep.equal([internal, discipline, business, total]);
    });
  }

  it('the cap is on the month\'s sum, not event by event: order never matters', () => {
    const a = scoreMonth(catalogue, [ev('absence.one_day', 3), ev('phone.no_courtesy')], []);
    const b = scoreMonth(catalogue, [ev('phone.no_courtesy'), ev('absence.one_day', 3)], []);
    expect(part(a, 'discipline')).to.deep.equal(part(b, 'discipline'));
    expect(part(a, 'discipline')).to.include({ uncappedTenths: -110, scoreTenths: 0, deductionsTenths: -310 });
  });

  it('halving (二(三)4): a self-reported, corrected error costs half; finding another\'s error earns +1', () => {
    expect(eventPoints(item('intake.wrong_check_order'), 1, true)).to.equal(-5);
    expect(eventPoints(item('intake.case_delayed'), 3, true)).to.equal(-30);
    expect(eventPoints(item('dispatch.no_instructions'), 1, true)).to.equal(-10);
    const s = scoreMonth(catalogue, [ev('intake.wrong_check_order', 2, true), ev('intake.wrong_check_order'), ev('intake.found_others_error')], []);
    // −0.5 × 2 (self-reported) − 1 (found by others) + 1 (found another's) = −1.0
    expect(s.lines.map((l) => [l.itemCode, l.selfReported, l.count, l.pointsTenths])).to.deep.equal([
      ['intake.wrong_check_order', false, 1, -10],
      ['intake.wrong_check_order', true, 2, -10],
      ['intake.found_others_error', false, 1, 10],
    ]);
    expect(part(s, 'business').scoreTenths).to.equal(590);
  });

  it('refuses to halve what the seed does not halve (a bug, not a 4xx)', () => {
    expect(() => eventPoints(item('absence.one_day'), 1, true)).to.throw(/cannot be halved/);
  });
});

describe('assessment rules: the workload benchmark (二(三)12–13)', () => {
  /** n days of one agent in one role, `perDay` cases each, spread over the month. */
  const days = (agentId: string, role: WorkdayRow['role'], n: number, total: number): WorkdayRow[] =>
    Array.from({ length: n }, (_, i) => ({ agentId, role, workDate: `2027-03-${String(i + 1).padStart(2, '0')}`, handled: Math.floor(total / n) + (i < total % n ? 1 : 0) }));

  // The example: 4 intake agents handled 900 cases in 80 attendance days.
  //   benchmark = 900 ÷ 80 = 11.25 cases per day on duty
  //   agent A: 20 days, 250 cases; expected 11.25 × 20 = 225; 250 − 225 = 25 above → 25 × 0.5 = +12.5
  //   agent B: 20 days, 200 cases; expected 225; 25 below → −12.5
  //   agent C: 25 days, 280 cases; expected 11.25 × 25 = 281.25; 1.25 below → 1 whole case → −0.5
  //   agent D: 15 days, 170 cases; expected 168.75; 1.25 above → 1 whole case → +0.5
  //   totals: 250 + 200 + 280 + 170 = 900 cases, 20 + 20 + 25 + 15 = 80 days
  const rows = [...days('A', 'intake', 20, 250), ...days('B', 'intake', 20, 200), ...days('C', 'intake', 25, 280), ...days('D', 'intake', 15, 170)];

  it('benchmark = 900 ÷ 80 = 11.25', () => {
    expect(roleBenchmarks(rows, '2027-03')).to.deep.equal([{ role: 'intake', totalHandled: 900, divisorDays: 80, benchmark: '11.25' }]);
  });

  const expected: Array<[string, number, number]> = [
    ['A', 25, 125],
    ['B', -25, -125],
    ['C', -1, -5],
    ['D', 1, 5],
  ];
  for (const [agent, units, tenths] of expected) {
    it(`agent ${agent}: ${units} whole cases → ${formatTenths(tenths)}`, () => {
      const [line] = workloadLines(rows, '2027-03', agent);
      expect(line!.itemCode).to.equal('workload.intake');
      expect(line!.units).to.equal(units);
      const s = scoreMonth(catalogue, [], [line!]);
      expect(s.lines[0]!.pointsTenths).to.equal(tenths);
    });
  }

  it('A\'s +12.5 is capped by the 60-point part: the business part stays 60.0, the total 100.0', () => {
    const s = scoreMonth(catalogue, [], workloadLines(rows, '2027-03', 'A'));
    expect(part(s, 'business')).to.include({ bonusesTenths: 125, uncappedTenths: 725, scoreTenths: 600 });
    expect(s.totalTenths).to.equal(1000);
  });

  it('A\'s bonus repairs the business part\'s deductions up to 60: −10 nodes (−5.0) + 12.5 → 60.0; B\'s −12.5 on top of −5.0 → 42.5', () => {
    const a = scoreMonth(catalogue, [ev('case.node_overdue', 10)], workloadLines(rows, '2027-03', 'A'));
    expect(part(a, 'business').scoreTenths).to.equal(600);
    const b = scoreMonth(catalogue, [ev('case.node_overdue', 10)], workloadLines(rows, '2027-03', 'B'));
    expect(part(b, 'business').scoreTenths).to.equal(425);
  });

  it('shift leads (二(三)13): benchmark = total ÷ days in the month; own average above +0.5, below −0.5, equal 0', () => {
    // March has 31 days. Shift leads handled 310 + 155 + 155 = 620 → 620 ÷ 31 = 20 a day.
    // L1: 310 in 10 days → 31 a day > 20 → +0.5; L2: 155 in 10 → 15.5 < 20 → −0.5; L3: 155 in 8 → 19.375 < 20 → −0.5
    const leads = [...days('L1', 'shift_lead', 10, 310), ...days('L2', 'shift_lead', 10, 155), ...days('L3', 'shift_lead', 8, 155)];
    expect(roleBenchmarks(leads, '2027-03')).to.deep.equal([{ role: 'shift_lead', totalHandled: 620, divisorDays: 31, benchmark: '20' }]);
    expect(workloadLines(leads, '2027-03', 'L1').map((l) => l.units)).to.deep.equal([1]);
    expect(workloadLines(leads, '2027-03', 'L2').map((l) => l.units)).to.deep.equal([-1]);
    expect(workloadLines(leads, '2027-03', 'L3').map((l) => l.units)).to.deep.equal([-1]);
    // commanders: 100 + 520 = 620 ÷ 31 = 20 a day; E handled 100 in 5 days = 20 a day, exactly the benchmark → 0
    const even = [...days('E', 'commander', 5, 100), ...days('F', 'commander', 26, 520)];
    expect(workloadLines(even, '2027-03', 'E').map((l) => l.units)).to.deep.equal([0]);
  });

  it('someone who is both intake and shift lead is scored on both, and the two are summed (两者之和)', () => {
    const both = [...rows, ...days('A', 'shift_lead', 5, 200), ...days('L', 'shift_lead', 26, 300)];
    // shift leads: 500 ÷ 31 = 16.13; A's 200 / 5 = 40 a day → +0.5; intake as before +12.5 → 13.0
    const lines = workloadLines(both, '2027-03', 'A');
    expect(lines.map((l) => [l.itemCode, l.units])).to.deep.equal([['workload.intake', 25], ['workload.shift_lead', 1]]);
    const s = scoreMonth(catalogue, [ev('emergency.handling_delayed', 3)], lines);
    // business: 60 − 30 + 12.5 + 0.5 = 43.0
    expect(part(s, 'business').scoreTenths).to.equal(430);
  });

  it('an agent with no recorded days has no workload line', () => {
    expect(workloadLines(rows, '2027-03', 'nobody')).to.deep.equal([]);
  });
});

describe('assessment rules: appeals (一(七)) and the year (一(九), 一(十))', () => {
  it('the window is the day of publication and the 2 calendar days after; the answer is due 2 days after lodging', () => {
    const w = appealWindow('2027-04-01');
    expect(w).to.deep.equal({ opensOn: '2027-04-01', closesOn: '2027-04-03' });
    expect(['2027-03-31', '2027-04-01', '2027-04-02', '2027-04-03', '2027-04-04'].map((d) => isWithinWindow(w, d))).to.deep.equal([false, true, true, true, false]);
    expect(appealWindow('2027-02-27').closesOn).to.equal('2027-03-01');
    expect(answerDueOn('2027-04-03')).to.equal('2027-04-05');
    expect(isAnsweredLate('2027-04-03', '2027-04-05')).to.equal(false);
    expect(isAnsweredLate('2027-04-03', '2027-04-06')).to.equal(true);
  });

  it('year = monthly average × 70% + year-end × 30%, rounded once to a tenth; bands excellent ≥ 90, fail < 60', () => {
    // months 95.0 ×6 and 88.5 ×6 → average 91.75 → 917.5 tenths; year-end 80.0
    // 917.5 × 0.7 + 800 × 0.3 = 642.25 + 240 = 882.25 → 882 tenths = 88.2 → pass
    const r = yearResult([...Array(6).fill(950), ...Array(6).fill(885)], 800, DEFAULT_BANDS);
    expect(r).to.include({ monthsCounted: 12, monthlyAverageTenths: 918, scoreTenths: 882, band: 'pass', provisional: false });
    expect(yearResult(Array(12).fill(1000), 900, DEFAULT_BANDS).band).to.equal('excellent');
    expect(yearResult(Array(12).fill(550), 600, DEFAULT_BANDS)).to.include({ scoreTenths: 565, band: 'fail' });
    expect(yearResult(Array(12).fill(950), null, DEFAULT_BANDS)).to.include({ provisional: true, band: null, scoreTenths: null });
    expect(yearResult([], 900, DEFAULT_BANDS)).to.include({ provisional: true, band: null });
  });

  it('bands are configurable, and two failing years in a row raise the flag (一(十))', () => {
    const strict = { excellentFromTenths: 950, failBelowTenths: 700, yearEndWeightPercent: 50 };
    const y = yearResult(Array(12).fill(700), 600, strict);
    expect(y).to.include({ scoreTenths: 650, band: 'fail' });
    expect(twoFailingYears(y, yearResult(Array(12).fill(690), 690, strict))).to.equal(true);
    expect(twoFailingYears(y, yearResult(Array(12).fill(800), 800, strict))).to.equal(false);
    expect(twoFailingYears(y, yearResult(Array(12).fill(600), null, strict))).to.equal(false);
  });

  it('integer helpers round half away from zero and print exact decimals', () => {
    expect([divideHalfUp(5, 2), divideHalfUp(-5, 2), divideHalfUp(7, 3), divideHalfUp(-7, 3)]).to.deep.equal([3, -3, 2, -2]);
    expect([formatRatio(900, 80), formatRatio(500, 31), formatRatio(620, 31), formatRatio(1, 3)]).to.deep.equal(['11.25', '16.13', '20', '0.33']);
    expect([formatTenths(125), formatTenths(-5), formatTenths(600), formatTenths(0)]).to.deep.equal(['12.5', '-0.5', '60.0', '0.0']);
  });
});
