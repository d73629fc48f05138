/**
 * The mainland-China working-day calendar (SPEC §1): weekends and statutory holidays are off,
 * official make-up days (调休上班) are on. Years the `chinese-days` library knows come from it;
 * staff load later years (published each November) as overrides; a year known to neither falls
 * back to Monday–Friday, and says so through `onFallback` and `describeYear`.
 */
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import chineseDays from 'chinese-days';
import { addDays, dayOfWeek, type IsoDate } from './dates';
import { assert } from './assert';

export interface CalendarOverride {
  year: number;
  /** Days off that would otherwise be working days. */
  holidays: IsoDate[];
  /** Official make-up working days (调休上班) that fall on a weekend. */
  workdays: IsoDate[];
}

export type CalendarSource = 'override' | 'library' | 'weekday_fallback';

/** Years whose official calendar ships inside `chinese-days` (it answers by weekday otherwise). */
export const LIBRARY_YEARS: ReadonlySet<number> = (() => {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('chinese-days/package.json')), 'dist', 'years');
  const years = readdirSync(dir)
    .map((f) => /^(\d{4})\.json$/.exec(f)?.[1])
    .filter((y): y is string => y !== undefined)
    .map(Number);
  return new Set(years);
})();

export class WorkingDayCalendar {
  private readonly overrides = new Map<number, { holidays: Set<IsoDate>; workdays: Set<IsoDate> }>();

  constructor(
    overrides: readonly CalendarOverride[] = [],
    private readonly onFallback: (year: number) => void = () => {},
  ) {
    for (const o of overrides) {
      this.overrides.set(o.year, { holidays: new Set(o.holidays), workdays: new Set(o.workdays) });
    }
  }

  source(year: number): CalendarSource {
    if (this.overrides.has(year)) return 'override';
    if (LIBRARY_YEARS.has(year)) return 'library';
    return 'weekday_fallback';
  }

  isWorkday(date: IsoDate): boolean {
    const year = Number(date.slice(0, 4));
    const override = this.overrides.get(year);
    if (override) {
      if (override.workdays.has(date)) return true;
      if (override.holidays.has(date)) return false;
      return dayOfWeek(date) <= 5;
    }
    if (LIBRARY_YEARS.has(year)) return chineseDays.isWorkday(date);
    this.onFallback(year);
    return dayOfWeek(date) <= 5;
  }

  /** The `n`-th working day strictly before `date` (SPEC §4: due 3 working days before). */
  workdaysBefore(date: IsoDate, n: number): IsoDate {
    assert(Number.isInteger(n) && n > 0 && n < 366, 'workdaysBefore: n out of range');
    let cursor = date;
    let found = 0;
    while (found < n) {
      cursor = addDays(cursor, -1);
      if (this.isWorkday(cursor)) found++;
    }
    return cursor;
  }

  /** The `n`-th working day strictly after `date`. */
  workdaysAfter(date: IsoDate, n: number): IsoDate {
    assert(Number.isInteger(n) && n > 0 && n < 366, 'workdaysAfter: n out of range');
    let cursor = date;
    let found = 0;
    while (found < n) {
      cursor = addDays(cursor, 1);
      if (this.isWorkday(cursor)) found++;
    }
    return cursor;
  }

  /** Warnings to print on documents whose dates came from a fallback year (SPEC §1). */
  warningsFor(dates: readonly IsoDate[]): string[] {
    const years = [...new Set(dates.map((d) => Number(d.slice(0, 4))))].sort();
    return years
      .filter((y) => this.source(y) === 'weekday_fallback')
      .map(
        (y) =>
          `${y} 年法定节假日未载入，按周一至周五计算工作日 / The official ${y} holiday calendar is not loaded; working days were counted Monday–Friday.`,
      );
  }
}
