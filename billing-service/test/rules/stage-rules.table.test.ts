/**
 * Table tests for the pure date rules of billing that were reached only through scenarios:
 * `dueDateFor` (SPEC §4), `dunningStage` (SPEC §6, §2.A2) and `renewalStage` (§2.A8).
 */
import { expect } from 'chai';
import { WorkingDayCalendar } from '@seatlease/shared';
import { dueDateFor } from '../../src/invoices/due-date';
import { dunningStage } from '../../src/dunning/dunning';
import { renewalStage } from '../../src/notices/renewal-notices';
import { FactsBuilder } from '../engine/facts.builder';

describe('rules: dueDateFor (SPEC §4)', () => {
  // 2027 as staff would load it: a holiday on Friday 03-19 and a make-up working Saturday 03-13.
  const loaded = new WorkingDayCalendar([{ year: 2027, holidays: ['2027-03-19'], workdays: ['2027-03-13'] }]);
  const weekdays = new WorkingDayCalendar([{ year: 2027, holidays: [], workdays: [] }]);
  const opening = (openingDate: string) => new FactsBuilder({ startMonth: '2027-03' }).seats('a1', 10, openingDate, { forecast: true, initial: true }).facts;

  const cases: Array<{ name: string; cal: WorkingDayCalendar; kind: 'opening' | 'monthly' | 'final'; period: string; issuedOn: string; opening?: string; due: string }> = [
    { name: 'SPEC §10 example 1: opening Mon 03-15 → due Wed 03-10', cal: weekdays, kind: 'opening', period: '2027-03', issuedOn: '2027-02-20', opening: '2027-03-15', due: '2027-03-10' },
    { name: 'opening Mon 03-22 with Fri 03-19 a holiday → due Tue 03-16', cal: loaded, kind: 'opening', period: '2027-03', issuedOn: '2027-02-20', opening: '2027-03-22', due: '2027-03-16' },
    { name: 'a make-up Saturday counts: opening Tue 03-16 → Mon 15, Sat 13, Fri 12 → due 03-12 (Thu 03-11 without it)', cal: loaded, kind: 'opening', period: '2027-03', issuedOn: '2027-02-20', opening: '2027-03-16', due: '2027-03-12' },
    { name: 'monthly: due 3 working days before the 1st (April 2027 → Tue 03-29)', cal: weekdays, kind: 'monthly', period: '2027-04', issuedOn: '2027-03-10', due: '2027-03-29' },
    { name: 'never before the issue date: signed late, due the day it is issued', cal: weekdays, kind: 'opening', period: '2027-03', issuedOn: '2027-03-12', opening: '2027-03-15', due: '2027-03-12' },
    { name: 'final: 3 working days after issue (Fri → Wed)', cal: weekdays, kind: 'final', period: '2027-06', issuedOn: '2027-06-04', due: '2027-06-09' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const facts = opening(c.opening ?? '2027-03-01');
      expect(dueDateFor(c.cal, c.kind, c.period, c.issuedOn, facts)).to.equal(c.due);
    });
  }
});

describe('rules: dunningStage (SPEC §6)', () => {
  const due = '2027-04-01';
  const table: Array<[string, string | null]> = [
    ['2027-03-28', null], // 4 days before: nothing yet
    ['2027-03-29', 'payment_reminder'], // 3 days before
    ['2027-03-31', 'payment_reminder'],
    ['2027-04-01', null], // the due date itself
    ['2027-04-02', 'payment_overdue'], // the day after
    ['2027-04-10', 'payment_overdue'],
    ['2027-04-11', 'suspension_warning'], // day 10
    ['2027-04-16', 'suspension_warning'], // day 15: still only warned (unpaid *more than* 15 days)
    ['2027-04-17', 'suspended'], // day 16
    ['2027-06-30', 'suspended'],
  ];
  for (const [today, stage] of table) {
    it(`due ${due}, today ${today} → ${stage ?? 'no notice'}`, () => expect(dunningStage(due, today)).to.equal(stage));
  }
});

describe('rules: renewalStage (§2.A8)', () => {
  const stages = [60, 30];
  const table: Array<[number, number | null]> = [
    [90, null],
    [61, null],
    [60, 60],
    [31, 60],
    [30, 30],
    [7, 30],
    [0, 30],
  ];
  for (const [daysLeft, stage] of table) {
    it(`stages [60, 30], ${daysLeft} days left → ${stage ?? 'none'}`, () => expect(renewalStage(stages, daysLeft)).to.equal(stage));
  }
  it('reads the stages in any order', () => expect(renewalStage([30, 60, 90], 45)).to.equal(60));
});
