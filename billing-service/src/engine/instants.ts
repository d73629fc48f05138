/**
 * Instant arithmetic in epoch milliseconds, always cut at Asia/Shanghai midnights (SPEC §1).
 * Local to the engine: these build only on the js-joda helpers of shared/src/dates.ts, so no day
 * or month arithmetic happens on JS `Date`. Asia/Shanghai has no DST, so every day is 24 h.
 */
import { assert } from '@seatlease/shared/src/assert';
import {
  addDays,
  addMonths,
  dateRange,
  firstDayOfMonth,
  instantMs,
  monthOf,
  monthRange,
  shanghaiDate,
  shanghaiMidnightMs,
  type IsoDate,
  type Month,
} from '@seatlease/shared/src/dates';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** A half-open interval [start, end) of epoch milliseconds. `end` may be +Infinity. */
export type Interval = readonly [number, number];

/** Parses an ISO instant with offset to epoch ms. */
export function toMs(instant: string): number {
  return instantMs(instant);
}

/** 00:00 Asia/Shanghai on the 1st of `month`. */
export function monthStartMs(month: Month): number {
  return shanghaiMidnightMs(firstDayOfMonth(month));
}

/** 00:00 Asia/Shanghai on the 1st of the month after `month` (exclusive end). */
export function monthEndMs(month: Month): number {
  return monthStartMs(addMonths(month, 1));
}

/** [00:00 of `from`, 00:00 of the day after `to`): whole Shanghai days, both inclusive. */
export function daysInterval(from: IsoDate, to: IsoDate | null): Interval {
  return [shanghaiMidnightMs(from), to === null ? Number.POSITIVE_INFINITY : shanghaiMidnightMs(addDays(to, 1))];
}

/**
 * The Shanghai months an interval touches. The end is exclusive, so an outage ending exactly
 * at midnight does not reach into the next day or month.
 */
export function monthsTouched([start, end]: Interval): Month[] {
  if (end <= start) return [];
  return monthRange(monthOf(shanghaiDate(start)), monthOf(shanghaiDate(end - 1)));
}

/** The Shanghai calendar days an interval touches (end exclusive, as above). */
export function datesTouched([start, end]: Interval): IsoDate[] {
  if (end <= start) return [];
  return dateRange(shanghaiDate(start), shanghaiDate(end - 1));
}

export function clip([start, end]: Interval, [lo, hi]: Interval): Interval | null {
  const s = Math.max(start, lo);
  const e = Math.min(end, hi);
  return e > s ? [s, e] : null;
}

/** `interval` minus every interval of `cuts` (which may overlap each other). */
export function subtract(interval: Interval, cuts: readonly Interval[]): Interval[] {
  let pieces: Interval[] = [interval];
  for (const [cs, ce] of cuts) {
    const next: Interval[] = [];
    for (const [s, e] of pieces) {
      if (ce <= s || cs >= e) {
        next.push([s, e]);
        continue;
      }
      if (cs > s) next.push([s, cs]);
      if (ce < e) next.push([ce, e]);
    }
    pieces = next;
  }
  return pieces;
}

export function totalLength(intervals: readonly Interval[]): number {
  let total = 0;
  for (const [s, e] of intervals) total += e - s;
  assert(Number.isSafeInteger(total), 'interval length must be finite');
  return total;
}

/** Length of the union of possibly overlapping intervals. */
export function unionLength(intervals: readonly Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curStart = Number.NEGATIVE_INFINITY;
  let curEnd = Number.NEGATIVE_INFINITY;
  for (const [s, e] of sorted) {
    if (s > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) {
      curEnd = e;
    }
  }
  if (curEnd > curStart) total += curEnd - curStart;
  assert(Number.isSafeInteger(total), 'union length must be finite');
  return total;
}

/** §8.A1: 尾数不满一天按一天计算 — a duration in whole days, rounded up. */
export function ceilDays(ms: number): number {
  assert(Number.isSafeInteger(ms) && ms >= 0, `duration must be a non-negative integer of ms, got ${ms}`);
  const whole = Math.floor(ms / DAY_MS);
  return whole * DAY_MS < ms ? whole + 1 : whole;
}

/** The union of intervals as disjoint, sorted intervals (touching ones merge). */
function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The parts of `intervals` inside `within` (both any intervals; the answer is disjoint and sorted). */
export function intersect(intervals: readonly Interval[], within: readonly Interval[]): Interval[] {
  const a = union(intervals);
  const b = union(within);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i]![0], b[j]![0]);
    const e = Math.min(a[i]![1], b[j]![1]);
    if (e > s) out.push([s, e]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

/**
 * Groups of items whose intervals overlap in time (strictly: sharing a positive length), joined
 * transitively: items in different groups never share a moment. Order of the input is kept
 * inside each group.
 */
export function overlapGroups<T>(items: readonly T[], intervalsOf: (item: T) => readonly Interval[]): T[][] {
  const spans = items
    .map((item, index) => ({ item, index, ivs: union(intervalsOf(item)) }))
    .flatMap((x) => x.ivs.map(([s, e]) => ({ s, e, index: x.index })))
    .sort((p, q) => p.s - q.s || p.e - q.e);
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  let openEnd = Number.NEGATIVE_INFINITY;
  let openIndex = -1;
  for (const { s, e, index } of spans) {
    if (openIndex >= 0 && s < openEnd) parent[find(index)] = find(openIndex);
    if (e > openEnd) {
      openEnd = e;
      openIndex = index;
    }
  }
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(item);
    else groups.set(root, [item]);
  });
  return [...groups.values()];
}
