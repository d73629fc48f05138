/**
 * Credits owed by Party A per seat-month: outage credits (§8.A1, maintenance beyond §2.A5's
 * 48 h) and force-majeure credits (§7.4), with the §8.A1 waiver and the SPEC §5 cap.
 *
 * Model. Seats are interchangeable, so we number them: seat i is affected by every outage with
 * seatsAffected >= i (the same seats fail each time), counts towards a force-majeure day when at
 * least i seats are live that day, and is charged the i-th largest per-seat charge of the month
 * (full-month seats before 70% seats — the reading most favourable to the tenant). Seats that
 * behave identically form a band, so the work is per band, not per seat.
 *
 * Per seat-month, exactly (in 1/300 fen, the common denominator of "/ 30" and "× 70%"):
 *   fm      = min(fmDays × fee / 30, charge)
 *   outage  = min(waived ? charge : Σ outageDays × fee / 30, charge − fm)
 * so force majeure is credited first and the two together never exceed the seat-month's charge.
 *
 * Keys are per month (`outage:<m>`, `fm:<m>`), not per event: the waiver and the cap act on the
 * seat-month, so a later outage in the same month can change what an earlier one is worth, and
 * only a per-month key reconciles that cleanly.
 *
 * Records entered twice or overlapping (SPEC §5, 2026-12-06): a seat is never credited twice for
 * the same hours, and at any moment no more seats are credited than are live. Per seat, the fault
 * time of the outages covering it is taken as a union, clipped to the days on which at least
 * that many seats are live; outages that overlap in time are rounded up to whole days together
 * (as one outage), outages that do not overlap each on its own, as §8.A1 reads. Two identical
 * records therefore credit exactly what one does. Force-majeure days are a set already (a day
 * touched by several events counts once).
 */
import { assert } from '@seatlease/shared/src/assert';
import { formatYuan, roundHalfUp, type Fen } from '@seatlease/shared/src/money';
import { dateRange, firstDayOfMonth, lastDayOfMonth, shanghaiDate, type IsoDate, type Month } from '@seatlease/shared/src/dates';
import type { OutageFact } from '@seatlease/shared/src/billing-facts';
import type { EngineContext } from './context';
import { big, minBig, negate } from './exact';
import {
  DAY_MS,
  HOUR_MS,
  ceilDays,
  clip,
  datesTouched,
  intersect,
  overlapGroups,
  daysInterval,
  monthEndMs,
  monthStartMs,
  monthsTouched,
  subtract,
  toMs,
  totalLength,
  unionLength,
  type Interval,
} from './instants';
import { monthRent, monthRentFen } from './rent.rule';
import { seatsLiveOn } from './seats';
import { RANK, type OwedItem } from './types';

/** Credits are computed in units of 1/300 fen: lcm of the /30 of day credits and the 70% of §6.5. */
const UNITS_PER_FEN = 300n;
/** §2.A5: 甲方每月有两天时间对系统进行维护 — 48 h of announced maintenance per calendar month. */
const MAINTENANCE_ALLOWANCE_MS = 48 * HOUR_MS;
/** §8.A1: 实际故障时间超过十五天的,免收当月月租金 — strictly more than 15 × 24 h. */
const WAIVER_THRESHOLD_MS = 15 * DAY_MS;

/** The part of one outage inside one month that counts as Party A's fault. */
interface FaultPart {
  outageId: string;
  month: Month;
  seatsAffected: number;
  /** Fault time after the maintenance allowance, force majeure and suspended days are removed. */
  intervals: Interval[];
  /** §8.A1: the part's fault time rounded up to whole days, on its own. */
  days: number;
}

/**
 * An outage's credit appears on the first invoice issued on or after the Shanghai date it ended;
 * a force-majeure credit likewise once the event has ended.
 */
function hasEnded(endedAt: string, issuedOn: IsoDate): boolean {
  return shanghaiDate(endedAt) <= issuedOn;
}

/** Fault parts of every outage that has ended by the invoice's issue date, in month order. */
function faultParts(ctx: EngineContext): FaultPart[] {
  const { facts, input } = ctx;
  // Not Party A's fault: time inside an honoured force-majeure event (§7.2, SPEC §5), and days
  // the contract was suspended for non-payment (§2.A2).
  const cuts: Interval[] = [];
  for (const fm of facts.forceMajeure) if (fm.honoured) cuts.push([toMs(fm.startedAt), toMs(fm.endedAt)]);
  for (const s of facts.suspensions) cuts.push(daysInterval(s.from, s.to));

  interface Raw {
    outage: OutageFact;
    month: Month;
    part: Interval;
    fault: Interval | null;
  }
  const raws: Raw[] = [];
  // SPEC §5: identical records (same instants, seats and cause) are one outage, so that a record
  // entered twice changes nothing — not even the order in which §2.A5's maintenance allowance is used.
  const seen = new Set<string>();
  const distinct = facts.outages.filter((o) => {
    const key = `${toMs(o.startedAt)}|${toMs(o.endedAt)}|${o.seatsAffected}|${o.cause}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  for (const outage of distinct) {
    assert(
      Number.isSafeInteger(outage.seatsAffected) && outage.seatsAffected >= 0,
      `outage ${outage.id}: seatsAffected must be a non-negative integer`,
    );
    const whole: Interval = [toMs(outage.startedAt), toMs(outage.endedAt)];
    assert(whole[1] >= whole[0], `outage ${outage.id} ends before it starts`);
    if (outage.cause === 'tenant') continue; // §8.B2: the tenant's own fault earns nothing
    // SPEC §5: a month boundary splits the outage at Asia/Shanghai midnight.
    for (const month of monthsTouched(whole)) {
      const part = clip(whole, [monthStartMs(month), monthEndMs(month)]);
      if (part) raws.push({ outage, month, part, fault: outage.cause === 'provider' ? part : null });
    }
  }

  // §2.A5: the first 48 h of maintenance in a calendar month, in time order, are allowed; the
  // excess is a fault. The allowance is used up by every maintenance outage on file, whether or
  // not its credit is due yet, so that it never depends on the issue date.
  const maintenance = raws
    .filter((r) => r.outage.cause === 'maintenance')
    .sort((a, b) => a.part[0] - b.part[0] || (a.outage.id < b.outage.id ? -1 : a.outage.id > b.outage.id ? 1 : 0));
  const allowanceUsed = new Map<Month, number>();
  for (const r of maintenance) {
    const used = allowanceUsed.get(r.month) ?? 0;
    const length = r.part[1] - r.part[0];
    const take = Math.min(MAINTENANCE_ALLOWANCE_MS - used, length);
    allowanceUsed.set(r.month, used + take);
    r.fault = take < length ? [r.part[0] + take, r.part[1]] : null;
  }

  const restoreWindowMs = input.facts.restoreWindowHours * HOUR_MS;
  assert(Number.isSafeInteger(restoreWindowMs) && restoreWindowMs >= 0, 'restoreWindowHours must be a non-negative integer');
  const parts: FaultPart[] = [];
  for (const r of raws) {
    if (r.fault === null) continue;
    if (!hasEnded(r.outage.endedAt, input.issuedOn)) continue;
    // §8.A1 不能按规定时间内恢复: restored within the window (whole outage) → no fault at all.
    if (toMs(r.outage.endedAt) - toMs(r.outage.startedAt) <= restoreWindowMs) continue;
    const intervals = subtract(r.fault, cuts);
    const faultMs = totalLength(intervals);
    if (faultMs === 0) continue;
    parts.push({
      outageId: r.outage.id,
      month: r.month,
      seatsAffected: r.outage.seatsAffected,
      intervals,
      days: ceilDays(faultMs),
    });
  }
  return parts.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : a.intervals[0]![0] - b.intervals[0]![0]));
}

/** Days under honoured force majeure whose event has ended by the issue date, per month. */
function forceMajeureDays(ctx: EngineContext): Map<Month, IsoDate[]> {
  const byMonth = new Map<Month, Set<IsoDate>>();
  for (const fm of ctx.facts.forceMajeure) {
    // §7.3: notice later than 10 days after the event → recorded, earns nothing.
    if (!fm.honoured || !hasEnded(fm.endedAt, ctx.input.issuedOn)) continue;
    const whole: Interval = [toMs(fm.startedAt), toMs(fm.endedAt)];
    assert(whole[1] >= whole[0], `force majeure ${fm.id} ends before it starts`);
    // A day touched by several events counts once.
    for (const date of datesTouched(whole)) {
      const month = date.slice(0, 7);
      let set = byMonth.get(month);
      if (!set) byMonth.set(month, (set = new Set()));
      set.add(date);
    }
  }
  const out = new Map<Month, IsoDate[]>();
  for (const [month, set] of byMonth) out.set(month, [...set].sort());
  return out;
}

interface Band {
  seats: number;
  chargeUnits: bigint;
  factorTenths: number;
  waived: boolean;
  outageDays: number;
  fmUnits: bigint;
  outageUnits: bigint;
}

export function creditItems(ctx: EngineContext): OwedItem[] {
  const partsByMonth = new Map<Month, FaultPart[]>();
  for (const p of faultParts(ctx)) {
    const list = partsByMonth.get(p.month);
    if (list) list.push(p);
    else partsByMonth.set(p.month, [p]);
  }
  const fmDays = forceMajeureDays(ctx);
  const months = [...new Set([...partsByMonth.keys(), ...fmDays.keys()])].sort();

  const items: OwedItem[] = [];
  for (const month of months) {
    const parts = partsByMonth.get(month) ?? [];
    const days = fmDays.get(month) ?? [];
    const rent = monthRent(ctx, month);
    const rentFen = monthRentFen(rent);
    const fee = big(rent.feeFen);
    const liveByDay = days.map((d) => seatsLiveOn(ctx.spans, d));
    // SPEC §5: the seats live on each day of the month bound the seats an outage can credit then.
    const monthLive = parts.length > 0 ? dateRange(firstDayOfMonth(month), lastDayOfMonth(month)).map((d) => [d, seatsLiveOn(ctx.spans, d)] as const) : [];
    const liveIntervalsOf = (seat: number): Interval[] => {
      const out: Interval[] = [];
      let from: IsoDate | null = null;
      let to: IsoDate | null = null;
      for (const [d, live] of monthLive) {
        if (live >= seat) {
          from ??= d;
          to = d;
        } else if (from !== null) {
          out.push(daysInterval(from, to));
          from = null;
        }
      }
      if (from !== null) out.push(daysInterval(from, to));
      return out;
    };

    // Band edges: every seat number at which some property of "seat i" changes.
    const edges = new Set<number>([0]);
    let cumulative = 0;
    for (const g of rent.groups) edges.add((cumulative += g.quantity));
    for (const p of parts) edges.add(p.seatsAffected);
    for (const n of liveByDay) edges.add(n);
    for (const [, n] of monthLive) edges.add(n);
    const sorted = [...edges].sort((a, b) => a - b);

    const bands: Band[] = [];
    let fmTotal = 0n;
    let outageTotal = 0n;
    let outageRawTotal = 0n;
    let chargeTotal = 0n;
    let fmCapped = false;
    let outageCapped = false;
    for (let k = 1; k < sorted.length; k++) {
      const lo = sorted[k - 1]!;
      const seat = sorted[k]!; // every seat in (lo, seat] behaves like this one
      const n = big(seat - lo);

      // The seat's charge this month, in 1/300 fen (fee × factorTenths / 10 fen).
      let chargeUnits = 0n;
      let factorTenths = 0;
      let upTo = 0;
      for (const g of rent.groups) {
        upTo += g.quantity;
        if (seat <= upTo) {
          chargeUnits = fee * BigInt(g.factorTenths) * (UNITS_PER_FEN / 10n);
          factorTenths = g.factorTenths;
          break;
        }
      }

      // §7.4: one seat-day for every force-majeure day on which this seat was live.
      const seatFmDays = liveByDay.filter((live) => live >= seat).length;
      const fmRaw = fee * big(seatFmDays) * (UNITS_PER_FEN / 30n);
      const fm = minBig(fmRaw, chargeUnits);

      // §8.A1: day credits, or the whole month when its actual fault time exceeds 15 days. SPEC §5:
      // the seat's fault time is a union, only while it is live; overlapping outages round together.
      const covering = parts.filter((p) => p.seatsAffected >= seat);
      const live = covering.length > 0 ? liveIntervalsOf(seat) : [];
      let faultMs = 0;
      let outageDays = 0;
      for (const group of overlapGroups(covering, (p) => p.intervals)) {
        const ms = totalLength(intersect(group.flatMap((p) => p.intervals), live));
        faultMs += ms;
        if (ms > 0) outageDays += ceilDays(ms);
      }
      assert(faultMs === unionLength(intersect(covering.flatMap((p) => p.intervals), live)), 'overlap groups never share a moment');
      const waived = faultMs > WAIVER_THRESHOLD_MS && chargeUnits > 0n;
      const outageRaw = waived ? chargeUnits : fee * big(outageDays) * (UNITS_PER_FEN / 30n);
      const outage = minBig(outageRaw, chargeUnits - fm);

      assert(fm >= 0n && outage >= 0n, 'credits are never negative');
      assert(fm + outage <= chargeUnits, `credits for a seat-month of ${month} exceed its charge`);
      if (fm < fmRaw) fmCapped = true;
      if (outage < outageRaw) outageCapped = true;
      fmTotal += n * fm;
      outageTotal += n * outage;
      outageRawTotal += n * outageRaw;
      chargeTotal += n * chargeUnits;
      bands.push({ seats: seat - lo, chargeUnits, factorTenths, waived, outageDays, fmUnits: fm, outageUnits: outage });
    }
    assert(chargeTotal * 10n === rent.tenths * UNITS_PER_FEN, `seat charges of ${month} must add up to its rent`);

    // One rounding per line. The outage line is also held to the month's rent in fen minus the
    // rounded force-majeure line, so the two rounded credits never exceed the rounded charge.
    const fmFen = roundHalfUp(fmTotal, UNITS_PER_FEN);
    const outageCapUnits = big(rentFen - fmFen) * UNITS_PER_FEN;
    if (outageTotal > outageCapUnits) outageCapped = true;
    const outageFen = roundHalfUp(minBig(outageTotal, outageCapUnits), UNITS_PER_FEN);
    assert(fmFen >= 0 && outageFen >= 0 && fmFen + outageFen <= rentFen, `credits of ${month} exceed its rent`);

    if (days.length > 0) {
      let seatDays = 0;
      for (const live of liveByDay) seatDays += live;
      items.push(creditItem(`fm:${month}`, RANK.forceMajeure, month, fmFen, 'force_majeure_credit', '§7.4',
        `${seatDays} 坐席·天 × ${formatYuan(rent.feeFen)} / 30 (${days.length} 天 / days)${capNote(fmCapped)}`));
    }
    if (parts.length > 0) {
      items.push(creditItem(`outage:${month}`, RANK.outage, month, outageFen, 'outage_credit', '§8.A1',
        outageFormula(parts, bands, rent.feeFen, outageCapped, outageRawTotal) + capNote(outageCapped)));
    }
  }
  return items;
}

function capNote(capped: boolean): string {
  return capped ? ' (以坐席当月费用为限 / capped at the seat-month charge)' : '';
}

function creditItem(ref: string, rank: number, period: Month, creditFen: Fen, code: 'outage_credit' | 'force_majeure_credit', clause: string, formula: string): OwedItem {
  const amountFen = negate(creditFen);
  return { ref, rank, period, amountFen, quantity: 1, unitAmountFen: amountFen, formula, clause, codeUp: code, codeDown: code };
}

function outageFormula(parts: readonly FaultPart[], bands: readonly Band[], feeFen: Fen, capped: boolean, rawUnits: bigint): string {
  const fee = formatYuan(feeFen);
  // The per-outage terms explain the credit only when no overlap or live-seat bound changed it.
  let plainUnits = 0n;
  for (const p of parts) plainUnits += big(p.seatsAffected) * big(feeFen) * big(p.days) * (UNITS_PER_FEN / 30n);
  if (!capped && bands.every((b) => !b.waived) && plainUnits === rawUnits) {
    // The plain §8.A1 formula, one term per outage (SPEC §9: `2 坐席 × ¥2,000.00 × 3 天 / 30`).
    return parts.map((p) => `${p.seatsAffected} 坐席 × ${fee} × ${p.days} 天 / 30`).join(' + ');
  }
  const terms: string[] = [];
  for (const b of bands) {
    if (b.outageUnits === 0n) continue;
    terms.push(
      b.waived
        ? `${b.seats} 坐席 × ${fee}${b.factorTenths === 7 ? ' × 70%' : ''} 整月免收 (故障超过15天 / fault > 15 days)`
        : `${b.seats} 坐席 × ${fee} × ${b.outageDays} 天 / 30`,
    );
  }
  return terms.length > 0 ? terms.join(' + ') : `0 坐席 × ${fee}`;
}
