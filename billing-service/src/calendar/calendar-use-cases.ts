import { notFound, parseWith, ruleBroken } from '@seatlease/shared';
import type { Deps } from '../deps';
import { CalendarYearParam as yearParam, CalendarYear as body } from '@seatlease/shared/src/api';

/** SPEC §1: staff load a year's official holidays and make-up working days (published each November). */
export async function putCalendarYear(deps: Deps, yearText: string, input: unknown) {
  const year = parseWith(yearParam, yearText, 'year');
  const b = parseWith(body, input);
  b.holidays.forEach((d, i) => {
    if (!d.startsWith(`${year}-`)) throw ruleBroken(`holidays[${i}]`, `is not in ${year}`);
  });
  b.workdays.forEach((d, i) => {
    if (!d.startsWith(`${year}-`)) throw ruleBroken(`workdays[${i}]`, `is not in ${year}`);
    if (b.holidays.includes(d)) throw ruleBroken(`workdays[${i}]`, 'is also listed as a holiday');
  });
  const holidays = [...new Set(b.holidays)].sort();
  const workdays = [...new Set(b.workdays)].sort();
  await deps.calendar.put(year, holidays, workdays);
  return { year, holidays, workdays, source: 'override' };
}

export async function getCalendarYear(deps: Deps, yearText: string) {
  const year = parseWith(yearParam, yearText, 'year');
  const row = await deps.calendar.getYear(year);
  const calendar = await deps.calendar.get();
  if (!row) {
    const source = calendar.source(year);
    if (source === 'weekday_fallback') throw notFound(`calendar ${year} (neither loaded nor known to the library: Monday–Friday applies)`);
    return { year, holidays: null, workdays: null, source };
  }
  return { ...row, source: 'override' };
}
