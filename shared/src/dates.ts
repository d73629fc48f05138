/**
 * Calendar dates (`YYYY-MM-DD`) and months (`YYYY-MM`) in Asia/Shanghai (SPEC §1, STYLE habit 5).
 * Day and month arithmetic goes through js-joda's LocalDate/YearMonth, never through JS `Date`.
 * An instant becomes a date only here, at the edge, converted to Asia/Shanghai.
 */
import '@js-joda/timezone';
import {
  ChronoUnit,
  DateTimeParseException,
  Instant,
  LocalDate,
  LocalTime,
  OffsetDateTime,
  YearMonth,
  ZonedDateTime,
  ZoneId,
} from '@js-joda/core';

/** `YYYY-MM-DD`, a calendar date in Asia/Shanghai. */
export type IsoDate = string;
/** `YYYY-MM`, a calendar month (the billing period). */
export type Month = string;

export const SHANGHAI = ZoneId.of('Asia/Shanghai');

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_RE = /^\d{4}-\d{2}$/;
/** ISO 8601 instant with an explicit offset or Z. */
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isIsoDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  try {
    d(value);
    return true;
  } catch (e) {
    if (e instanceof DateTimeParseException) return false;
    throw e;
  }
}

export function isMonth(value: string): boolean {
  if (!MONTH_RE.test(value)) return false;
  const m = Number(value.slice(5, 7));
  return m >= 1 && m <= 12;
}

export function isInstant(value: string): boolean {
  if (!INSTANT_RE.test(value)) return false;
  try {
    OffsetDateTime.parse(value);
    return true;
  } catch (e) {
    if (e instanceof DateTimeParseException) return false;
    throw e;
  }
}

/**
 * Parsed dates and months and the answers derived from them, memoized: js-joda's values are
 * immutable, and billing asks about the same few hundred days, months and instants millions of
 * times (docs/benchmarks.md: parsing was the billing run's top cost). A limit on everything:
 * each cache is cleared when it grows past its cap.
 */
const MEMO_CAP = 50_000;

/** `fn` memoized by its one key (a string or number); the answer must depend on the key alone. */
function memoized<K extends string | number, R>(fn: (key: K) => R): (key: K) => R {
  const cache = new Map<K, R>();
  return (key: K) => {
    let v = cache.get(key);
    if (v === undefined && !cache.has(key)) {
      v = fn(key);
      if (cache.size >= MEMO_CAP) cache.clear();
      cache.set(key, v);
    }
    return v as R;
  };
}

const d = memoized((date: IsoDate): LocalDate => LocalDate.parse(date));
const ym = memoized((month: Month): YearMonth => YearMonth.parse(month));

const nextDay = memoized((date: IsoDate): IsoDate => d(date).plusDays(1).toString());

export function addDays(date: IsoDate, days: number): IsoDate {
  return days === 1 ? nextDay(date) : d(date).plusDays(days).toString();
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return d(from).until(d(to), ChronoUnit.DAYS);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function dayOfMonth(date: IsoDate): number {
  return d(date).dayOfMonth();
}

/** ISO day of week: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(date: IsoDate): number {
  return d(date).dayOfWeek().value();
}

export function monthOf(date: IsoDate): Month {
  return date.slice(0, 7);
}

export const firstDayOfMonth = memoized((month: Month): IsoDate => ym(month).atDay(1).toString());

export const lastDayOfMonth = memoized((month: Month): IsoDate => ym(month).atEndOfMonth().toString());

export function daysInMonth(month: Month): number {
  return ym(month).lengthOfMonth();
}

const nextMonth = memoized((month: Month): Month => ym(month).plusMonths(1).toString());

export function addMonths(month: Month, months: number): Month {
  return months === 1 ? nextMonth(month) : ym(month).plusMonths(months).toString();
}

/** Whole months from `from` to `to`. */
export function monthsBetween(from: Month, to: Month): number {
  return ym(from).until(ym(to), ChronoUnit.MONTHS);
}

/** Every month from `from` to `to`, both inclusive (ISO strings compare in time order). */
export function monthRange(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Every date from `from` to `to`, both inclusive (ISO strings compare in time order). */
export function dateRange(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let x = from; x <= to; x = addDays(x, 1)) out.push(x);
  return out;
}

/** Epoch milliseconds of an ISO instant string. */
export const instantMs = memoized((instant: string): number => OffsetDateTime.parse(instant).toInstant().toEpochMilli());

const shanghaiDateOfMs = memoized((ms: number): IsoDate => ZonedDateTime.ofInstant(Instant.ofEpochMilli(ms), SHANGHAI).toLocalDate().toString());

/** The Asia/Shanghai calendar date of an instant (ISO string, epoch ms or Date). */
export function shanghaiDate(instant: string | number | Date): IsoDate {
  return shanghaiDateOfMs(typeof instant === 'string' ? instantMs(instant) : typeof instant === 'number' ? instant : instant.getTime());
}

/** Epoch ms of 00:00 Asia/Shanghai at the start of `date`. */
export const shanghaiMidnightMs = memoized((date: IsoDate): number => ZonedDateTime.of(d(date), LocalTime.MIDNIGHT, SHANGHAI).toInstant().toEpochMilli());

/** `2027-03-01T09:00:00+08:00`: an instant written in Asia/Shanghai time. */
export function toShanghaiIso(instant: number | Date): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const z = ZonedDateTime.ofInstant(Instant.ofEpochMilli(ms), SHANGHAI);
  const p = (n: number, w = 2) => n.toString().padStart(w, '0');
  return `${z.toLocalDate().toString()}T${p(z.hour())}:${p(z.minute())}:${p(z.second())}+08:00`;
}

/**
 * An instant as the API answers it: Asia/Shanghai time, `+08:00`, milliseconds kept when there
 * are any (API.md: instants are sent and answered in the offset they are documented in).
 */
export function toShanghaiInstant(instant: number | Date): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const iso = toShanghaiIso(ms);
  const millis = ((ms % 1000) + 1000) % 1000;
  return millis === 0 ? iso : iso.replace('+08:00', `.${String(millis).padStart(3, '0')}+08:00`);
}

/** The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsToDate(date: IsoDate, months: number): IsoDate {
  return d(date).plusMonths(months).toString();
}
