import { expect } from 'chai';
import {
  addMonths,
  daysInMonth,
  isInstant,
  isIsoDate,
  isMonth,
  lastDayOfMonth,
  shanghaiDate,
  shanghaiMidnightMs,
  toShanghaiIso,
} from '../src/dates';
import { LIBRARY_YEARS, WorkingDayCalendar } from '../src/calendar';

describe('dates in Asia/Shanghai', () => {
  it('turns an instant into a Shanghai date at Shanghai midnight, not UTC midnight', () => {
    expect(shanghaiDate('2027-05-31T15:59:59.999Z')).to.equal('2027-05-31');
    expect(shanghaiDate('2027-05-31T16:00:00Z')).to.equal('2027-06-01');
    expect(shanghaiDate('2027-06-01T00:00:00+08:00')).to.equal('2027-06-01');
    expect(shanghaiDate('2027-05-31T23:59:59-01:00')).to.equal('2027-06-01');
    expect(shanghaiMidnightMs('2027-06-01')).to.equal(Date.parse('2027-05-31T16:00:00Z'));
    expect(toShanghaiIso(Date.parse('2027-05-31T16:00:00Z'))).to.equal('2027-06-01T00:00:00+08:00');
  });

  it('knows month lengths, leap years and month arithmetic', () => {
    expect(['2027-02', '2028-02', '2027-04', '2027-05'].map(daysInMonth)).to.deep.equal([28, 29, 30, 31]);
    expect(lastDayOfMonth('2100-02')).to.equal('2100-02-28');
    expect(addMonths('2027-11', 3)).to.equal('2028-02');
  });

  it('validates dates, months and instants strictly', () => {
    expect(isIsoDate('2027-02-29')).to.equal(false);
    expect(isIsoDate('2028-02-29')).to.equal(true);
    expect(isIsoDate('2027-2-1')).to.equal(false);
    expect(isMonth('2027-13')).to.equal(false);
    expect(isInstant('2027-05-03T10:00:00')).to.equal(false); // no offset: ambiguous
    expect(isInstant('2027-05-03T10:00:00+08:00')).to.equal(true);
  });
});

describe('China working-day calendar', () => {
  it('uses the official calendar: National Day holidays off, the make-up Saturday on', () => {
    const cal = new WorkingDayCalendar();
    expect(LIBRARY_YEARS.has(2025)).to.equal(true);
    // 2025: National Day and Mid-Autumn, 1–8 October off; Sunday 28 Sep and Saturday 11 Oct worked.
    expect(cal.isWorkday('2025-10-01')).to.equal(false);
    expect(cal.isWorkday('2025-10-08')).to.equal(false);
    expect(cal.isWorkday('2025-09-28')).to.equal(true);
    expect(cal.isWorkday('2025-10-11')).to.equal(true);
    // 3 working days before Thursday 9 Oct 2025: 1–8 Oct are off, then Tue 30 Sep, Mon 29 Sep and
    // the make-up Sunday 28 Sep.
    expect(cal.workdaysBefore('2025-10-09', 3)).to.equal('2025-09-28');
  });

  it('falls back to Monday–Friday for an unknown year and says so', () => {
    const seen: number[] = [];
    const cal = new WorkingDayCalendar([], (y) => seen.push(y));
    expect(cal.source(2027)).to.equal('weekday_fallback');
    // SPEC §10 example 1: 3 working days before Monday 2027-03-15 is Wednesday 2027-03-10.
    expect(cal.workdaysBefore('2027-03-15', 3)).to.equal('2027-03-10');
    expect(seen).to.include(2027);
    expect(cal.warningsFor(['2027-03-10'])[0]).to.match(/2027/);
  });

  it('applies a year loaded by staff: its holidays off and its make-up days on', () => {
    const cal = new WorkingDayCalendar([
      { year: 2027, holidays: ['2027-10-01', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'], workdays: ['2027-09-26', '2027-10-09'] },
    ]);
    expect(cal.source(2027)).to.equal('override');
    expect(cal.isWorkday('2027-10-04')).to.equal(false); // a Monday, made a holiday
    expect(cal.isWorkday('2027-10-09')).to.equal(true); // a Saturday, made a working day
    expect(cal.isWorkday('2027-10-08')).to.equal(true); // an ordinary Friday
    // 3 working days before Friday 8 Oct: 1–7 Oct are off or weekend → Thu 30, Wed 29, Tue 28 Sep.
    expect(cal.workdaysBefore('2027-10-08', 3)).to.equal('2027-09-28');
    // 3 working days before Tuesday 28 Sep: Mon 27, the make-up Sunday 26, Fri 24.
    expect(cal.workdaysBefore('2027-09-28', 3)).to.equal('2027-09-24');
    expect(cal.warningsFor(['2027-10-08'])).to.deep.equal([]);
  });
});
